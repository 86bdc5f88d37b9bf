package org.networkbroker.daemon;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.networkbroker.config.BrokerConfig;
import org.networkbroker.describe.LinkDescriber;
import org.networkbroker.dhclient.DhclientSource;
import org.networkbroker.dispatch.Dispatcher;
import org.networkbroker.dispatch.LeaseHandoff;
import org.networkbroker.dispatch.LinkDescriptions;
import org.networkbroker.dispatch.LinkFilter;
import org.networkbroker.dispatch.ScriptDirectories;
import org.networkbroker.dispatch.ScriptRunner;
import org.networkbroker.event.LinkDirectory;
import org.networkbroker.event.NetworkEvent.Origin;
import org.networkbroker.handoff.SystemdHandoff;
import org.networkbroker.kernel.KernelLinkDirectory;
import org.networkbroker.kernel.KernelSource;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.networkd.LeaseFile;
import org.networkbroker.networkd.NetworkdLinks;
import org.networkbroker.networkd.NetworkdSource;
import org.networkbroker.networkd.StateTracker;
import org.networkbroker.networkd.SystemBus;
import org.networkbroker.system.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs the broker: connects to the system bus, subscribes to systemd-networkd and dispatches
 * its events to scripts until SIGTERM or SIGINT. SIGHUP reloads the configuration. Under
 * systemd it reports its state through {@link SystemdNotifier} and feeds the watchdog through
 * {@link Heartbeat}. When the bus connection is lost it reconnects
 * with growing pauses and then runs the scripts of every state that changed meanwhile.
 */
public final class Daemon {

    /** Exit status when the system bus cannot be reached at start-up. */
    public static final int EXIT_BUS_FAILURE = 1;
    /** Exit status when the dhclient lease folders cannot be watched. */
    public static final int EXIT_SOURCE_FAILURE = 1;
    /** Exit status when a required capability is missing, EX_NOPERM from sysexits.h. */
    public static final int EXIT_NO_PERMISSION = 77;
    /** How often the status line is refreshed when systemd sets no watchdog. */
    static final Duration STATUS_INTERVAL = Duration.ofSeconds(30);

    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final DaemonSettings settings;
    private final BlockingQueue<Wakeup> wakeups = new LinkedBlockingQueue<>();
    private final SystemdNotifier notifier;
    private volatile boolean stopping;
    private ConfigReloader reloader;
    private Heartbeat heartbeat;
    private volatile DBusConnection currentConnection;
    private PolicyRouting routing;

    /** The reason the main thread woke up. */
    private enum Wakeup { STOP, BUS_LOST, RELOAD }

    /** One bus connection and the subscriptions made on it. */
    private record Session(DBusConnection connection, NetworkdSource source) {
        void close() {
            source.close();
            connection.disconnect();
        }

        /**
         * Releases a connection the bus has dropped. Its match rules died with it, and
         * dbus-java may take seconds to wind down its threads, so this runs in the background.
         */
        void abandon() {
            Thread.ofVirtual().name("bus-teardown").start(connection::disconnect);
        }
    }

    /**
     * Creates a daemon.
     *
     * @param settings what to run with
     */
    public Daemon(DaemonSettings settings) {
        this(settings, SystemdNotifier.fromEnvironment(System.getenv(),
                ProcessHandle.current().pid()));
    }

    /**
     * Creates a daemon that reports its state to systemd through a given notifier.
     *
     * @param settings what to run with
     * @param notifier sends {@code READY=1} and the other notifications
     */
    Daemon(DaemonSettings settings, SystemdNotifier notifier) {
        this.settings = settings;
        this.notifier = notifier;
    }

    /**
     * Runs until SIGTERM or SIGINT.
     *
     * @return the process exit status: 0 after a requested stop, {@link #EXIT_BUS_FAILURE}
     *         when the bus could not be reached or subscribed to at start-up,
     *         {@link #EXIT_NO_PERMISSION} when {@code RoutingPolicyRules=} is set without
     *         CAP_NET_ADMIN
     */
    public int run() {
        try (notifier) {
            return runNotified();
        }
    }

    private int runNotified() {
        BrokerConfig config = settings.config();
        Optional<String> privilege = ConfigReloader.missingPrivilege(config);
        if (privilege.isPresent()) {
            log.error("cannot start: {}", privilege.get());
            return EXIT_NO_PERMISSION;
        }
        Signal.handle(new Signal("TERM"), signal -> requestStop("SIGTERM"));
        Signal.handle(new Signal("INT"), signal -> requestStop("SIGINT"));
        Signal.handle(new Signal("HUP"), signal -> wakeups.add(Wakeup.RELOAD));

        ScriptDirectories directories = new ScriptDirectories(settings.scriptSearchPath(),
                Credentials.effectiveUid());
        directories.createStateDirectories();
        LinkFilter filter = new LinkFilter(config.links().map(Set::copyOf));
        log.info("network-broker starting config={} scripts={} links=\"{}\" timeout={}s",
                settings.configFile(), directories.searchPath(), filter,
                config.scriptTimeout().toSeconds());

        if (BrokerConfig.GENERATOR_DHCLIENT.equals(config.generator())) {
            return runDhclient(directories, filter);
        }
        DBusConnection connection;
        try {
            connection = connect();
        } catch (DBusException | RuntimeException e) {
            log.error("cannot connect to the system bus at {}: {}; check that dbus-daemon runs,"
                    + " or set DBUS_SYSTEM_BUS_ADDRESS", settings.busAddress(), e.getMessage());
            log.debug("connecting to the system bus failed", e);
            return EXIT_BUS_FAILURE;
        }
        currentConnection = connection;
        NetworkdLinks links = new NetworkdLinks(connection);
        Dispatcher dispatcher = startDispatcher(directories, filter, links, links::describeLink);
        KernelSource kernel = startKernelSource(dispatcher, routing);
        if (kernel != null) {
            links.useKernelNames(kernel::linkName);
        }
        try {
            return serve(connection, links, dispatcher);
        } finally {
            stopAll(kernel, dispatcher);
        }
    }

    /**
     * Creates the dispatcher, the reloader and the policy routing, which both generators set
     * up alike.
     *
     * @param networkdDescription returns networkd's description of a link for the JSON
     */
    private Dispatcher startDispatcher(ScriptDirectories directories, LinkFilter filter,
            LinkDirectory links, IntFunction<Optional<String>> networkdDescription) {
        BrokerConfig config = settings.config();
        Optional<LinkDescriptions> descriptions = config.emitJson()
                ? Optional.of(new LinkDescriber(networkdDescription)) : Optional.empty();
        Dispatcher dispatcher = new Dispatcher(directories,
                new ScriptRunner(config.scriptTimeout()), links, filter,
                LeaseFile.NETWORKD_LEASE_DIRECTORY, descriptions, handoff(config));
        reloader = new ConfigReloader(settings, dispatcher, notifier, System.getenv());
        routing = PolicyRouting.create(config.routingPolicyRules());
        reloader.onRoutingLinks(routing::setLinks);
        return dispatcher;
    }

    /** Returns the line systemd shows as the service's status. */
    private String statusLine(NetworkdLinks links, Dispatcher dispatcher) {
        LinkFilter filter = dispatcher.filter();
        long watched = links.knownLinks().values().stream().filter(filter::accepts).count();
        return "watching " + watched + " links, " + dispatcher.handledCount()
                + " events handled, " + dispatcher.scripts().runner().failedCount()
                + " scripts failed";
    }

    /**
     * Runs with ISC dhclient's lease files as the event source. The bus is only needed to hand
     * leases to systemd-resolved and systemd-hostnamed; without it the broker still runs
     * scripts.
     */
    private int runDhclient(ScriptDirectories directories, LinkFilter filter) {
        BrokerConfig config = settings.config();
        if (usesHandoff(config)) {
            try {
                currentConnection = connect();
            } catch (DBusException | RuntimeException e) {
                log.error("cannot connect to the system bus at {}: {}; UseDNS, UseDomain and"
                        + " UseHostname calls fail until it is back", settings.busAddress(),
                        e.getMessage());
                // The main loop below then connects with growing pauses, as after a loss.
                wakeups.add(Wakeup.BUS_LOST);
            }
        }
        AtomicReference<KernelSource> kernelHolder = new AtomicReference<>();
        LinkDirectory links = new KernelLinkDirectory(ifindex ->
                Optional.ofNullable(kernelHolder.get()).flatMap(kernel -> kernel.linkName(ifindex)));
        Dispatcher dispatcher = startDispatcher(directories, filter, links,
                ifindex -> Optional.empty());
        KernelSource kernel = startKernelSource(dispatcher, routing);
        kernelHolder.set(kernel);
        DhclientSource leases = new DhclientSource(config.dhclientLeaseFiles(), dispatcher);
        try {
            leases.start(settings.runStartupTriggers());
            log.info("ready generator=dhclient leases={}", config.dhclientLeaseFiles());
            notifier.ready(dhclientStatus(dispatcher));
            startHeartbeat(null, dispatcher, () -> dhclientStatus(dispatcher));
            Wakeup wakeup;
            while ((wakeup = wakeups.take()) != Wakeup.STOP && !stopping) {
                if (wakeup == Wakeup.RELOAD) {
                    reloader.reload(() -> dhclientStatus(dispatcher));
                    continue;
                }
                currentConnection = null;
                reconnectBus();
            }
            return 0;
        } catch (IOException e) {
            log.error("cannot watch the dhclient lease files {}", config.dhclientLeaseFiles(), e);
            return EXIT_SOURCE_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            leases.close();
            stopAll(kernel, dispatcher);
            DBusConnection connection = currentConnection;
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    /** Connects to the bus again with growing pauses, for the lease hand-off. */
    private void reconnectBus() throws InterruptedException {
        Duration pause = FIRST_RETRY;
        while (!stopping) {
            Wakeup wakeup = wakeups.poll(pause.toMillis(), TimeUnit.MILLISECONDS);
            if (wakeup == Wakeup.STOP) {
                wakeups.add(Wakeup.STOP);
                return;
            }
            if (wakeup == Wakeup.RELOAD) {
                reloader.reload(() -> "reconnecting to the system bus");
            }
            try {
                currentConnection = connect();
                log.info("reconnected to the system bus at {}", settings.busAddress());
                return;
            } catch (DBusException | RuntimeException e) {
                pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0
                        ? MAX_RETRY : pause.multipliedBy(2);
                log.warn("reconnecting to the system bus at {} failed: {}; next attempt in {}"
                        + " ms", settings.busAddress(), e.getMessage(), pause.toMillis());
            }
        }
    }

    private static String dhclientStatus(Dispatcher dispatcher) {
        return dispatcher.handledCount() + " events handled, "
                + dispatcher.scripts().runner().failedCount() + " scripts failed";
    }

    private void stopAll(KernelSource kernel, Dispatcher dispatcher) {
        notifier.stopping("stopping: waiting for running scripts");
        if (heartbeat != null) {
            heartbeat.close();
        }
        log.info("stopping: no new scripts start, running ones get up to {}s",
                reloader.current().scriptTimeout().toSeconds());
        if (kernel != null) {
            kernel.close();
        }
        if (routing != null) {
            routing.close();
        }
        dispatcher.close();
        log.info("stopped");
    }

    private static boolean usesHandoff(BrokerConfig config) {
        return config.useDns() || config.useDomain() || config.useHostname();
    }

    private Optional<LeaseHandoff> handoff(BrokerConfig config) {
        if (!usesHandoff(config)) {
            return Optional.empty();
        }
        return Optional.of(new SystemdHandoff(() -> Optional.ofNullable(currentConnection),
                config.useDns(), config.useDomain(), config.useHostname()));
    }

    /**
     * Starts the rtnetlink source. Without it the broker still serves its other events, so a
     * failure is logged and the broker goes on.
     *
     * @return the source, or null when it could not start
     */
    private static KernelSource startKernelSource(Dispatcher dispatcher,
            PolicyRouting routing) {
        KernelSource kernel = new KernelSource(dispatcher, routing.listeners());
        try {
            kernel.start();
        } catch (NetlinkException e) {
            log.error("cannot subscribe to the kernel's rtnetlink messages; links.d, addresses.d"
                    + " and routes.d will not run and policy routing stays off: {}",
                    e.getMessage(), e);
            return null;
        }
        routing.start();
        return kernel;
    }

    private int serve(DBusConnection connection, NetworkdLinks links, Dispatcher dispatcher) {
        StateTracker tracker = new StateTracker();
        Session session;
        try {
            session = subscribe(connection, links, tracker, dispatcher);
        } catch (DBusException e) {
            log.error("cannot subscribe to systemd-networkd signals on {}",
                    settings.busAddress(), e);
            connection.disconnect();
            return EXIT_BUS_FAILURE;
        }
        if (settings.runStartupTriggers()) {
            log.info("running startup triggers for the current states");
        }
        session.source().synchronize(settings.runStartupTriggers() ? Origin.STARTUP_TRIGGER : null);
        log.info("ready bus={}", settings.busAddress());
        notifier.ready(statusLine(links, dispatcher));
        startHeartbeat(connection, dispatcher, () -> statusLine(links, dispatcher));
        try {
            Wakeup wakeup;
            while ((wakeup = wakeups.take()) != Wakeup.STOP && !stopping) {
                if (wakeup == Wakeup.RELOAD) {
                    reloader.reload(() -> statusLine(links, dispatcher));
                    continue;
                }
                session = replace(session, links, tracker, dispatcher);
                if (session == null) {
                    return 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
        return 0;
    }

    /**
     * Starts the heartbeat that sends {@code WATCHDOG=1} and the status line; see
     * {@link Heartbeat}. Without a watchdog it only refreshes the status line.
     *
     * @param connection the bus connection beats go through, or null for the dispatcher alone
     */
    private void startHeartbeat(DBusConnection connection, Dispatcher dispatcher,
            Supplier<String> status) {
        if (!notifier.isEnabled()) {
            return;
        }
        Optional<Duration> timeout = notifier.watchdogTimeout();
        Duration interval = timeout.map(value -> value.dividedBy(2)).orElse(STATUS_INTERVAL);
        heartbeat = new Heartbeat(interval, dispatcher, notifier, timeout.isPresent(), status);
        if (connection != null) {
            try {
                heartbeat.attach(connection);
            } catch (DBusException e) {
                log.warn("heartbeat not routed through the bus; it passes the dispatcher only",
                        e);
            }
        }
        heartbeat.start();
    }

    /** Replaces a lost session; returns null when a stop was requested meanwhile. */
    private Session replace(Session lost, NetworkdLinks links, StateTracker tracker,
            Dispatcher dispatcher) throws InterruptedException {
        if (heartbeat != null) {
            heartbeat.detach();
        }
        lost.abandon();
        Session session = reconnect(links, tracker, dispatcher);
        if (session == null) {
            return null;
        }
        session.source().synchronize(Origin.RESYNC);
        log.info("reconnected to the system bus at {}", settings.busAddress());
        if (heartbeat != null) {
            try {
                heartbeat.attach(session.connection());
            } catch (DBusException e) {
                log.warn("heartbeat not routed through the new bus connection", e);
            }
        }
        return session;
    }

    private Session subscribe(DBusConnection connection, NetworkdLinks links,
            StateTracker tracker, Dispatcher dispatcher) throws DBusException {
        links.useConnection(connection);
        currentConnection = connection;
        NetworkdSource source = new NetworkdSource(connection, links, tracker, dispatcher);
        try {
            source.start();
        } catch (DBusException | RuntimeException e) {
            source.close();
            throw e;
        }
        return new Session(connection, source);
    }

    /**
     * Connects and subscribes again, pausing longer after each failure, until it works or a
     * stop is requested.
     *
     * @return the new session, or null when a stop was requested first
     */
    private Session reconnect(NetworkdLinks links, StateTracker tracker, Dispatcher dispatcher)
            throws InterruptedException {
        Duration pause = FIRST_RETRY;
        while (!stopping) {
            Wakeup wakeup = wakeups.poll(pause.toMillis(), TimeUnit.MILLISECONDS);
            if (wakeup == Wakeup.STOP) {
                return null;
            }
            if (wakeup == Wakeup.RELOAD) {
                reloader.reload(() -> "reconnecting to the system bus");
            }
            DBusConnection connection = null;
            try {
                connection = connect();
                return subscribe(connection, links, tracker, dispatcher);
            } catch (DBusException | RuntimeException e) {
                if (connection != null) {
                    connection.disconnect();
                }
                pause = pause.multipliedBy(2).compareTo(MAX_RETRY) > 0
                        ? MAX_RETRY : pause.multipliedBy(2);
                log.warn("reconnecting to the system bus at {} failed: {}; next attempt in {} ms",
                        settings.busAddress(), e.getMessage(), pause.toMillis());
            }
        }
        return null;
    }

    private DBusConnection connect() throws DBusException {
        IDisconnectCallback onDisconnect = new IDisconnectCallback() {
            @Override
            public void disconnectOnError(IOException cause) {
                if (!stopping) {
                    log.error("lost the system bus at {}: {}; reconnecting",
                            settings.busAddress(), cause.getMessage());
                    wakeups.add(Wakeup.BUS_LOST);
                }
            }
        };
        return SystemBus.connect(settings.busAddress(), onDisconnect);
    }

    private void requestStop(String signal) {
        log.info("received {}", signal);
        stopping = true;
        wakeups.add(Wakeup.STOP);
    }

}
