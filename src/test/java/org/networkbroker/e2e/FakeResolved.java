package org.networkbroker.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.resolve1.LinkBusy;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * A stand-in for systemd-resolved, which the test hosts do not install, on a sandbox's bus.
 * It runs in the test JVM, owns {@code org.freedesktop.resolve1}, exports the three
 * {@code org.freedesktop.resolve1.Manager} methods that the broker calls, and records each
 * call with its arguments.
 */
public final class FakeResolved implements AutoCloseable {

    private static final String NAME = "org.freedesktop.resolve1";
    private static final String PATH = "/org/freedesktop/resolve1";
    private static final Duration POLL = Duration.ofMillis(50);

    /**
     * One recorded method call.
     *
     * @param member the method name, such as {@code SetLinkDNS}
     * @param ifindex the link argument
     * @param arguments the array argument, one text per element: {@code family=2
     *        bytes=192.168.77.53} for a DNS server, with each raw address byte as an unsigned
     *        number; {@code example.test routing=false} for a domain; empty for RevertLink
     */
    record Call(String member, int ifindex, List<String> arguments) {
    }

    /** A DNS server as SetLinkDNS takes it: {@code (iay)}, family and raw address bytes. */
    public static final class DnsServer extends Struct {
        @Position(0)
        public final int family;
        @Position(1)
        public final byte[] address;

        /**
         * Creates the struct; dbus-java calls this when it decodes a call.
         *
         * @param family AF_INET or AF_INET6
         * @param address the address in network byte order
         */
        public DnsServer(int family, byte[] address) {
            this.family = family;
            this.address = address;
        }
    }

    /** A domain as SetLinkDomains takes it: {@code (sb)}, name and routing-only flag. */
    public static final class Domain extends Struct {
        @Position(0)
        public final String name;
        @Position(1)
        public final boolean routingOnly;

        /**
         * Creates the struct; dbus-java calls this when it decodes a call.
         *
         * @param name the domain
         * @param routingOnly true for a routing-only domain, false for a search domain
         */
        public Domain(String name, boolean routingOnly) {
            this.name = name;
            this.routingOnly = routingOnly;
        }
    }

    /** The methods of systemd-resolved's manager that the broker calls, with their names. */
    @DBusInterfaceName("org.freedesktop.resolve1.Manager")
    public interface ResolveManager extends DBusInterface {

        /**
         * Sets a link's DNS servers.
         *
         * @param ifindex the link
         * @param servers the servers
         */
        void SetLinkDNS(int ifindex, List<DnsServer> servers);

        /**
         * Sets a link's domains.
         *
         * @param ifindex the link
         * @param domains the domains
         */
        void SetLinkDomains(int ifindex, List<Domain> domains);

        /**
         * Drops what was set for a link.
         *
         * @param ifindex the link
         */
        void RevertLink(int ifindex);
    }

    private final DBusConnection connection;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private volatile Duration replyDelay = Duration.ZERO;
    private volatile boolean linksBusy;

    private FakeResolved(DBusConnection connection) {
        this.connection = connection;
    }

    /**
     * Lets root own {@code org.freedesktop.resolve1} on the sandbox's bus and send to it,
     * with a policy file in the sandbox's private /etc, and makes dbus-daemon read it.
     *
     * @param sandbox the sandbox whose bus to change
     * @throws IOException if a command fails
     */
    static void allowOnBus(Sandbox sandbox) throws IOException {
        sandbox.writeFile("/etc/dbus-1/system.d/" + NAME + ".conf", """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-BUS Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <policy user="root">
                    <allow own="%1$s"/>
                    <allow send_destination="%1$s"/>
                  </policy>
                </busconfig>
                """.formatted(NAME), "0644");
        sandbox.exec("busctl", "call", "org.freedesktop.DBus", "/org/freedesktop/DBus",
                "org.freedesktop.DBus", "ReloadConfig");
    }

    /**
     * Connects to the sandbox's bus from the test JVM and takes the bus name. Call
     * {@link #allowOnBus} first.
     *
     * @param sandbox the sandbox
     * @return the running service
     * @throws DBusException if connecting, exporting or taking the name fails
     */
    static FakeResolved start(Sandbox sandbox) throws DBusException {
        DBusConnection connection = DBusConnectionBuilder
                .forAddress("unix:path=" + sandbox.busSocket())
                .withShared(false)
                .build();
        FakeResolved resolved = new FakeResolved(connection);
        try {
            connection.exportObject(PATH, resolved.new Manager());
            connection.requestBusName(NAME);
        } catch (DBusException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
        return resolved;
    }

    /**
     * Makes each later call wait before it returns, to let callers run into their timeout.
     *
     * @param delay how long each call waits
     */
    void delayReplies(Duration delay) {
        replyDelay = delay;
    }

    /**
     * Makes SetLinkDNS and SetLinkDomains fail with {@code org.freedesktop.resolve1.LinkBusy}
     * from now on, as systemd-resolved answers for a link that systemd-networkd manages.
     */
    void rejectLinksAsBusy() {
        linksBusy = true;
    }

    /**
     * Returns the calls so far.
     *
     * @return the calls in the order they arrived
     */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * Waits for a call that matches.
     *
     * @param matcher the condition
     * @param timeout how long to wait
     * @return the first matching call
     * @throws IOException if none arrives in time
     */
    Call await(Predicate<Call> matcher, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Call call : calls) {
                if (matcher.test(call)) {
                    return call;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no matching call to the fake resolved within "
                        + timeout.toSeconds() + " s; calls so far: " + calls);
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /**
     * Ends delayed calls early, lets them return, then leaves the bus. A reply sent after
     * the disconnect would make dbus-java print an exception.
     */
    @Override
    public void close() {
        closing.countDown();
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (running.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        connection.disconnect();
    }

    /** Formats raw address bytes as unsigned numbers joined by dots. */
    private static String bytes(byte[] address) {
        List<String> parts = new ArrayList<>();
        for (byte part : address) {
            parts.add(Integer.toString(part & 0xFF));
        }
        return String.join(".", parts);
    }

    private void record(Call call) {
        calls.add(call);
        Duration delay = replyDelay;
        if (!delay.isPositive()) {
            return;
        }
        running.incrementAndGet();
        try {
            closing.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    }

    /** The exported object; dbus-java runs its methods on its own threads. */
    private final class Manager implements ResolveManager {

        @Override
        public void SetLinkDNS(int ifindex, List<DnsServer> servers) {
            record(new Call("SetLinkDNS", ifindex, servers.stream()
                    .map(server -> "family=" + server.family + " bytes=" + bytes(server.address))
                    .toList()));
            rejectIfBusy(ifindex);
        }

        @Override
        public void SetLinkDomains(int ifindex, List<Domain> domains) {
            record(new Call("SetLinkDomains", ifindex, domains.stream()
                    .map(domain -> domain.name + " routing=" + domain.routingOnly)
                    .toList()));
            rejectIfBusy(ifindex);
        }

        private void rejectIfBusy(int ifindex) {
            if (linksBusy) {
                throw new LinkBusy("Link " + ifindex + " is managed.");
            }
        }

        @Override
        public void RevertLink(int ifindex) {
            record(new Call("RevertLink", ifindex, List.of()));
        }

        @Override
        public String getObjectPath() {
            return PATH;
        }
    }
}
