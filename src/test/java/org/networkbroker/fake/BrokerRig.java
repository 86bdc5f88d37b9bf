package org.networkbroker.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.freedesktop.dbus.exceptions.DBusException;

/**
 * Everything one broker run needs, in one temporary folder: a private bus, a fake networkd on
 * it, a script root, a configuration file, and the broker's log. Closing the rig kills the
 * broker, stops the fake and the bus, and deletes the folder.
 */
public final class BrokerRig implements AutoCloseable {

    /**
     * The script root below the rig's folder. It is two levels deep, like
     * {@code /etc/network-broker}, so that a state value {@code ../../x} would escape to
     * {@code <rig>/x.d}, where a test can watch for it.
     */
    private static final String SCRIPT_ROOT = "etc/network-broker";

    private final Path root;
    private final PrivateBus bus;
    private final FakeNetworkd networkd;
    private LocalBroker broker;

    private BrokerRig(Path root, PrivateBus bus, FakeNetworkd networkd) {
        this.root = root;
        this.bus = bus;
        this.networkd = networkd;
    }

    /**
     * Creates the folder, starts the bus and the fake networkd.
     *
     * @return the rig, with no broker running yet
     * @throws IOException if the bus cannot start
     * @throws DBusException if the fake networkd cannot connect or take its name
     */
    public static BrokerRig create() throws IOException, DBusException {
        Path root = Files.createTempDirectory("network-broker-rig-");
        PrivateBus bus = null;
        try {
            Files.createDirectories(root.resolve(SCRIPT_ROOT));
            bus = PrivateBus.start();
            return new BrokerRig(root, bus, FakeNetworkd.start(bus.address()));
        } catch (IOException | DBusException | RuntimeException e) {
            if (bus != null) {
                bus.close();
            }
            TempFolders.deleteTree(root);
            throw e;
        }
    }

    /**
     * Returns the rig's temporary folder.
     *
     * @return the folder, deleted on close
     */
    public Path root() {
        return root;
    }

    /**
     * Returns the script root, passed as {@code --script-dir}; state folders go below it.
     *
     * @return the folder
     */
    public Path scriptRoot() {
        return root.resolve(SCRIPT_ROOT);
    }

    /**
     * Returns the configuration file, passed as {@code --config}. When a test writes none, an
     * empty one is created at start, because the broker rejects a {@code --config} file that
     * does not exist.
     *
     * @return the file
     */
    public Path configFile() {
        return root.resolve("network-broker.toml");
    }

    /**
     * Returns the private bus.
     *
     * @return the bus
     */
    public PrivateBus bus() {
        return bus;
    }

    /**
     * Returns the fake networkd.
     *
     * @return the fake
     */
    public FakeNetworkd networkd() {
        return networkd;
    }

    /**
     * Writes the broker's configuration file.
     *
     * @param toml the file's text
     * @throws IOException if writing fails
     */
    public void writeConfig(String toml) throws IOException {
        Files.writeString(configFile(), toml, StandardCharsets.UTF_8);
    }

    /**
     * Writes an executable script (mode 0755) into a state folder, creating the folder.
     *
     * @param state the state, such as {@code routable}
     * @param name the file name
     * @param text the script's text, starting with its {@code #!} line
     * @return the script's path
     * @throws IOException if writing fails
     */
    public Path writeScript(String state, String name, String text) throws IOException {
        Path folder = Files.createDirectories(scriptRoot().resolve(state + ".d"));
        return writeExecutable(folder.resolve(name), text);
    }

    /**
     * Writes an executable file with mode 0755, set explicitly because the umask may remove
     * bits.
     *
     * @param file the file
     * @param text its text
     * @return the file
     * @throws IOException if writing fails
     */
    public static Path writeExecutable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /**
     * Starts the broker through the shipped launcher and waits until it is ready.
     *
     * @param extraArguments more broker arguments, such as {@code --log-level debug}
     * @return the ready broker, killed on close
     * @throws IOException if it does not become ready
     */
    public LocalBroker startBroker(String... extraArguments) throws IOException {
        return startBroker(LocalBroker.launcherCommand(), extraArguments);
    }

    /**
     * Starts the broker with a given command and waits until it is ready.
     *
     * @param command the launcher or java command
     * @param extraArguments more broker arguments
     * @return the ready broker, killed on close
     * @throws IOException if it does not become ready
     */
    public LocalBroker startBroker(List<String> command, String... extraArguments)
            throws IOException {
        if (broker != null) {
            throw new IllegalStateException("a broker already runs in this rig");
        }
        broker = LocalBroker.start(command, arguments(extraArguments), bus.address(),
                root.resolve("broker.log"));
        return broker;
    }

    /**
     * Builds the broker's arguments for this rig's folders.
     *
     * @param extraArguments arguments to add at the end
     * @return {@code --script-dir}, {@code --config} and the extra arguments
     */
    public List<String> arguments(String... extraArguments) {
        try {
            if (!Files.exists(configFile())) {
                Files.writeString(configFile(), "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + configFile(), e);
        }
        List<String> arguments = new ArrayList<>(List.of("--script-dir", scriptRoot().toString(),
                "--config", configFile().toString()));
        arguments.addAll(List.of(extraArguments));
        return arguments;
    }

    /**
     * Kills the broker if it still runs, stops the fake networkd and the bus, and deletes the
     * folder. Every step runs even when an earlier one fails.
     */
    @Override
    public void close() throws IOException {
        try {
            if (broker != null) {
                broker.close();
            }
        } finally {
            try {
                networkd.close();
            } finally {
                try {
                    bus.close();
                } finally {
                    TempFolders.deleteTree(root);
                }
            }
        }
    }
}
