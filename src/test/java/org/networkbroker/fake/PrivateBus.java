package org.networkbroker.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A dbus-daemon of its own, started with its own configuration file and a unix socket in a
 * temporary folder, so that a test may own {@code org.freedesktop.network1} without root and
 * without touching the host's system bus.
 *
 * <p>The policy allows every connection to own {@code org.freedesktop.network1}, to send and
 * to receive. It exists only for the test's processes: the socket is in a folder that only
 * its creator can enter.
 */
public final class PrivateBus implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path folder;
    private final Process daemon;
    private final String address;

    private PrivateBus(Path folder, Process daemon, String address) {
        this.folder = folder;
        this.daemon = daemon;
        this.address = address;
    }

    /**
     * Starts a dbus-daemon and waits until its socket accepts connections.
     *
     * @return the running bus
     * @throws IOException if dbus-daemon cannot start or creates no socket within 10 s
     */
    public static PrivateBus start() throws IOException {
        Path folder = Files.createTempDirectory("network-broker-bus-");
        Path socket = folder.resolve("bus.socket");
        Path config = folder.resolve("bus.conf");
        Path log = folder.resolve("dbus-daemon.log");
        Files.writeString(config, configuration(socket), StandardCharsets.UTF_8);
        Process daemon;
        try {
            daemon = new ProcessBuilder(List.of("dbus-daemon", "--config-file=" + config,
                    "--nofork", "--nopidfile", "--nosyslog"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            TempFolders.deleteTree(folder);
            throw e;
        }
        PrivateBus bus = new PrivateBus(folder, daemon, "unix:path=" + socket);
        try {
            bus.awaitSocket(socket, log);
        } catch (IOException | RuntimeException e) {
            bus.close();
            throw e;
        }
        return bus;
    }

    /**
     * Builds the daemon's configuration: one unix socket, EXTERNAL authentication (the
     * kernel's peer credentials) and a policy for the fake networkd and its clients.
     */
    static String configuration(Path socket) {
        return """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow own="org.freedesktop.network1"/>
                    <allow send_destination="*"/>
                    <allow receive_sender="*"/>
                  </policy>
                </busconfig>
                """.formatted(socket);
    }

    private void awaitSocket(Path socket, Path log) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(socket)) {
            if (!daemon.isAlive()) {
                throw new IOException("dbus-daemon exited with " + daemon.exitValue()
                        + " at start; its output:\n" + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("dbus-daemon created no socket " + socket + " within "
                        + START_TIMEOUT.toSeconds() + " s; its output:\n" + Files.readString(log));
            }
            Pause.sleep(Duration.ofMillis(10));
        }
    }

    /**
     * Returns the bus address for dbus-java and for {@code DBUS_SYSTEM_BUS_ADDRESS}.
     *
     * @return an address of the form {@code unix:path=/tmp/.../bus.socket}
     */
    public String address() {
        return address;
    }

    /**
     * Returns the process id of the dbus-daemon.
     *
     * @return its pid
     */
    public long pid() {
        return daemon.pid();
    }

    /** Stops the dbus-daemon (SIGTERM, then SIGKILL after 10 s) and deletes its folder. */
    @Override
    public void close() throws IOException {
        try {
            daemon.destroy();
            if (!daemon.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                daemon.destroyForcibly();
                daemon.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            daemon.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            TempFolders.deleteTree(folder);
        }
    }
}
