package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.netlink.NetlinkEvent.Change;

/**
 * Runs the monitor against the kernel inside a fresh network namespace (see
 * {@link NetworkNamespace}) and changes links, addresses, routes and rules with {@code ip}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetlinkMonitorIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);

    private final BlockingQueue<NetlinkEvent> events = new LinkedBlockingQueue<>();
    private final List<NetlinkException> errors = new CopyOnWriteArrayList<>();
    private NetworkNamespace namespace;
    private NetlinkMonitor monitor;

    @BeforeEach
    void createNamespace() throws Exception {
        namespace = NetworkNamespace.create();
    }

    @AfterEach
    void closeNamespace() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    private void startMonitor() throws Exception {
        monitor = namespace.call(() -> NetlinkMonitor.start(events::add, errors::add));
    }

    /**
     * Takes events until one matches, skipping others, such as the kernel's own route and
     * IPv6 link-local events. Fails with the skipped events if none matches in time.
     */
    private NetlinkEvent awaitEvent(String description, Predicate<NetlinkEvent> expected)
            throws InterruptedException {
        List<NetlinkEvent> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (true) {
            NetlinkEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("timed out after " + EVENT_TIMEOUT.toSeconds()
                        + " s waiting for " + description + ", skipped events: " + skipped);
            }
            if (expected.test(event)) {
                return event;
            }
            skipped.add(event);
        }
    }

    private static Predicate<NetlinkEvent> link(Change change, String name) {
        return event -> event instanceof LinkEvent(Change actual, Link link)
                && actual == change && link.name().equals(name);
    }

    private static Predicate<NetlinkEvent> address(Change change, String prefix) {
        return event -> event instanceof AddressEvent(Change actual, Address address)
                && actual == change && address.toPrefixString().equals(prefix);
    }

    private static Predicate<NetlinkEvent> route(Change change, String destination) {
        return event -> event instanceof RouteEvent(Change actual, Route route)
                && actual == change && route.table() == 10002
                && (AddressText.format(route.destination()) + "/" + route.destinationLength())
                        .equals(destination);
    }

    private static Predicate<NetlinkEvent> rule(Change change, String source) {
        return event -> event instanceof RuleEvent(Change actual, Rule rule)
                && actual == change && rule.table() == 10002
                && (AddressText.format(rule.source()) + "/" + rule.sourceLength()).equals(source);
    }

    @Test
    void monitorSeesChangesInOrder() throws Exception {
        startMonitor();

        namespace.ip("link", "add", "nb-veth0", "type", "veth", "peer", "name", "nb-veth1");
        LinkEvent added = (LinkEvent) awaitEvent("new link nb-veth0",
                link(Change.NEW, "nb-veth0"));
        namespace.ip("link", "set", "nb-veth0", "up");
        namespace.ip("address", "add", "192.0.2.1/24", "dev", "nb-veth0");
        awaitEvent("new address 192.0.2.1/24", address(Change.NEW, "192.0.2.1/24"));
        namespace.ip("address", "add", "2001:db8::1/64", "dev", "nb-veth0", "nodad");
        awaitEvent("new address 2001:db8::1/64",
                address(Change.NEW, "2001:db8::1/64"));
        namespace.ip("route", "add", "198.51.100.0/24", "dev", "nb-veth0", "table", "10002");
        awaitEvent("new route 198.51.100.0/24", route(Change.NEW, "198.51.100.0/24"));
        namespace.ip("-6", "route", "add", "2001:db8:1::/48", "dev", "nb-veth0", "table",
                "10002");
        awaitEvent("new route 2001:db8:1::/48", route(Change.NEW, "2001:db8:1::/48"));
        namespace.ip("rule", "add", "from", "192.0.2.1/32", "lookup", "10002");
        awaitEvent("new rule from 192.0.2.1/32", rule(Change.NEW, "192.0.2.1/32"));
        namespace.ip("-6", "rule", "add", "from", "2001:db8::1/128", "lookup", "10002");
        awaitEvent("new rule from 2001:db8::1/128",
                rule(Change.NEW, "2001:db8::1/128"));

        namespace.ip("rule", "del", "from", "192.0.2.1/32", "lookup", "10002");
        awaitEvent("removed rule from 192.0.2.1/32", rule(Change.DEL, "192.0.2.1/32"));
        namespace.ip("route", "del", "198.51.100.0/24", "dev", "nb-veth0", "table", "10002");
        awaitEvent("removed route 198.51.100.0/24", route(Change.DEL, "198.51.100.0/24"));
        namespace.ip("address", "del", "192.0.2.1/24", "dev", "nb-veth0");
        awaitEvent("removed address 192.0.2.1/24", address(Change.DEL, "192.0.2.1/24"));
        namespace.ip("link", "del", "nb-veth0");
        LinkEvent removed = (LinkEvent) awaitEvent("removed link nb-veth0",
                link(Change.DEL, "nb-veth0"));

        assertThat(removed.link().ifindex()).as("ifindex of nb-veth0 in RTM_DELLINK")
                .isEqualTo(added.link().ifindex());
        assertThat(errors).as("errors while monitoring nb-veth0").isEmpty();
        assertThat(monitor.isRunning()).as("monitor after all events").isTrue();
    }

    @Test
    void eventsOfOneBatchArriveInKernelOrder() throws Exception {
        namespace.ip("link", "add", "nb-veth0", "type", "veth", "peer", "name", "nb-veth1");
        namespace.ip("link", "set", "nb-veth0", "up");
        startMonitor();
        StringBuilder batch = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            batch.append("route add 198.51.100.").append(i)
                    .append("/32 dev nb-veth0 table 10002\n");
        }

        namespace.ipWithInput(batch.toString(), "-batch", "-");
        for (int i = 1; i <= 20; i++) {
            NetlinkEvent event = awaitEvent("route 198.51.100." + i,
                    candidate -> candidate instanceof RouteEvent(Change change, Route route)
                            && route.table() == 10002);

            assertThat(((RouteEvent) event).route().destination())
                    .as("destination of route event %d", i)
                    .isEqualTo(InetAddress.getByName("198.51.100." + i));
        }
    }

    @Test
    void closeStopsReaderThread() throws Exception {
        startMonitor();
        String threadName = monitor.threadName();

        monitor.close();

        assertThat(monitor.isRunning()).as("monitor after close").isFalse();
        assertThat(Thread.getAllStackTraces().keySet()).as("threads after close")
                .noneMatch(thread -> thread.getName().equals(threadName));
    }

    @Test
    void consumerCanCloseMonitor() throws Exception {
        AtomicReference<NetlinkMonitor> self = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch closedByConsumer = new CountDownLatch(1);
        monitor = namespace.call(() -> NetlinkMonitor.start(event -> {
            awaitQuietly(started);
            self.get().close();
            closedByConsumer.countDown();
        }, errors::add));
        self.set(monitor);
        started.countDown();

        namespace.ip("link", "add", "nb-veth0", "type", "veth", "peer", "name", "nb-veth1");
        closedByConsumer.await();
        monitor.close();

        assertThat(monitor.isRunning()).as("monitor closed by its consumer").isFalse();
    }

    @Test
    void slowConsumerGetsOverrun() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        namespace.ip("link", "add", "nb-veth0", "type", "veth", "peer", "name", "nb-veth1");
        namespace.ip("link", "set", "nb-veth0", "up");
        // The smallest receive buffer the kernel allows holds only a few messages.
        monitor = namespace.call(() -> NetlinkMonitor.start(event -> {
            awaitQuietly(release);
            events.add(event);
        }, errors::add, 1));
        StringBuilder batch = new StringBuilder();
        for (int i = 1; i <= 200; i++) {
            batch.append("route add 198.51.100.").append(i)
                    .append("/32 dev nb-veth0 table 10002\n");
        }

        namespace.ipWithInput(batch.toString(), "-batch", "-");
        release.countDown();

        assertThat(awaitEvent("overrun", event -> event instanceof Overrun))
                .as("event after 200 routes into a full socket buffer")
                .isInstanceOf(Overrun.class);
        assertThat(monitor.isRunning()).as("monitor after overrun").isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
