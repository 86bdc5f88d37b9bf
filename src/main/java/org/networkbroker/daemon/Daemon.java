package org.networkbroker.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.networkbroker.config.BrokerConfig;
import org.networkbroker.dispatch.Dispatcher;
import org.networkbroker.dispatch.LinkFilter;
import org.networkbroker.dispatch.ScriptDirectories;
import org.networkbroker.dispatch.ScriptRunner;
import org.networkbroker.networkd.LeaseFile;
import org.networkbroker.networkd.NetworkdLinks;
import org.networkbroker.networkd.NetworkdSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs the broker: connects to the system bus, subscribes to systemd-networkd and dispatches
 * its events to scripts until SIGTERM or SIGINT.
 */
public final class Daemon {

    /** Exit status when the system bus cannot be reached or is lost. */
    public static final int EXIT_BUS_FAILURE = 1;

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    private static final String UNIX_PATH = "unix:path=";

    private final DaemonSettings settings;
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile boolean busLost;

    /**
     * Creates a daemon.
     *
     * @param settings what to run with
     */
    public Daemon(DaemonSettings settings) {
        this.settings = settings;
    }

    /**
     * Runs until a stop signal arrives or the bus connection is lost.
     *
     * @return the process exit status: 0 after a requested stop, {@link #EXIT_BUS_FAILURE}
     *         when the bus could not be reached or was lost
     */
    public int run() {
        BrokerConfig config = settings.config();
        logInactiveKeys(config);
        Signal.handle(new Signal("TERM"), signal -> requestStop("SIGTERM"));
        Signal.handle(new Signal("INT"), signal -> requestStop("SIGINT"));

        ScriptDirectories directories = new ScriptDirectories(settings.scriptSearchPath(),
                ownUid());
        directories.createStateDirectories();
        LinkFilter filter = new LinkFilter(config.links().map(java.util.Set::copyOf));
        log.info("network-broker starting config={} scripts={} links=\"{}\" timeout={}s",
                settings.configFile(), directories.searchPath(), filter,
                config.scriptTimeout().toSeconds());

        DBusConnection connection;
        try {
            connection = connect();
        } catch (DBusException | RuntimeException e) {
            log.error("cannot connect to the system bus at {}: {}; check that dbus-daemon runs,"
                    + " or set DBUS_SYSTEM_BUS_ADDRESS", settings.busAddress(), e.getMessage());
            log.debug("connecting to the system bus failed", e);
            return EXIT_BUS_FAILURE;
        }
        try {
            return serve(connection, directories, filter);
        } finally {
            connection.disconnect();
        }
    }

    private int serve(DBusConnection connection, ScriptDirectories directories,
            LinkFilter filter) {
        NetworkdLinks links = new NetworkdLinks(connection);
        ScriptRunner runner = new ScriptRunner(settings.config().scriptTimeout());
        Dispatcher dispatcher = new Dispatcher(directories, runner, links, filter,
                LeaseFile.NETWORKD_LEASE_DIRECTORY);
        try (NetworkdSource source = new NetworkdSource(connection, dispatcher)) {
            source.start();
            if (settings.runStartupTriggers()) {
                log.info("running startup triggers for the current states");
                source.replayCurrentStates(links);
            }
            log.info("ready bus={}", settings.busAddress());
            stop.await();
        } catch (DBusException e) {
            log.error("cannot subscribe to systemd-networkd signals on {}", settings.busAddress(),
                    e);
            busLost = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopping: no new scripts start, running ones get up to {}s",
                settings.config().scriptTimeout().toSeconds());
        dispatcher.close();
        log.info("stopped");
        return busLost ? EXIT_BUS_FAILURE : 0;
    }

    private DBusConnection connect() throws DBusException {
        // dbus-java takes about 10 s to give up on a missing socket; fail at once instead.
        String address = settings.busAddress();
        if (address.startsWith(UNIX_PATH) && !address.contains(",") && !address.contains(";")) {
            Path socket = Path.of(address.substring(UNIX_PATH.length()));
            if (!Files.exists(socket)) {
                throw new DBusException("socket " + socket + " does not exist");
            }
        }
        IDisconnectCallback onDisconnect = new IDisconnectCallback() {
            @Override
            public void disconnectOnError(IOException cause) {
                // NOTE: the broker exits on a lost bus and relies on Restart= of its unit.
                log.error("lost the system bus at {}; stopping", settings.busAddress(), cause);
                busLost = true;
                stop.countDown();
            }
        };
        return DBusConnectionBuilder.forAddress(settings.busAddress())
                .withShared(false)
                .withDisconnectCallback(onDisconnect)
                // One signal thread keeps the bus order of signals.
                .receivingThreadConfig().withSignalThreadCount(1).connectionConfig()
                .build();
    }

    private void requestStop(String signal) {
        log.info("received {}", signal);
        stop.countDown();
    }

    private static void logInactiveKeys(BrokerConfig config) {
        if (!config.routingPolicyRules().isEmpty()) {
            log.info("RoutingPolicyRules is set but not active in this version");
        }
        if (config.useDns() || config.useDomain() || config.useHostname()) {
            log.info("UseDNS, UseDomain and UseHostname are set but not active in this version");
        }
    }

    /** Returns the effective uid, the owner of /proc/self for a dumpable process. */
    private static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the broker's uid from /proc/self", e);
        }
    }
}
