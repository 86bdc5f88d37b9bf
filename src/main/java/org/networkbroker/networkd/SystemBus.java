package org.networkbroker.networkd;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.freedesktop.dbus.connections.IDisconnectCallback;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;

/** Opens connections to the system bus for the daemon and the commands. */
public final class SystemBus {

    /** The system bus address used when {@code DBUS_SYSTEM_BUS_ADDRESS} is unset. */
    public static final String DEFAULT_ADDRESS = "unix:path=/run/dbus/system_bus_socket";
    /** The variable that overrides the address, as for systemd's own tools. */
    public static final String ADDRESS_VARIABLE = "DBUS_SYSTEM_BUS_ADDRESS";

    private static final String UNIX_PATH = "unix:path=";

    private SystemBus() {
    }

    /**
     * Returns the system bus address of an environment.
     *
     * @param environment the process environment
     * @return {@code DBUS_SYSTEM_BUS_ADDRESS}, or {@link #DEFAULT_ADDRESS} when it is unset
     *         or empty
     */
    public static String address(Map<String, String> environment) {
        String address = environment.get(ADDRESS_VARIABLE);
        return address == null || address.isEmpty() ? DEFAULT_ADDRESS : address;
    }

    /**
     * Connects to a bus with one signal thread, which keeps signals in bus order.
     *
     * @param address the bus address
     * @param onDisconnect called when the connection breaks, or null
     * @return the connection, not shared with other callers
     * @throws DBusException if the bus cannot be reached
     */
    public static DBusConnection connect(String address, IDisconnectCallback onDisconnect)
            throws DBusException {
        probe(address);
        DBusConnectionBuilder builder = DBusConnectionBuilder.forAddress(address)
                .withShared(false);
        if (onDisconnect != null) {
            builder.withDisconnectCallback(onDisconnect);
        }
        return builder.receivingThreadConfig().withSignalThreadCount(1).connectionConfig()
                .build();
    }

    /**
     * Tries a plain connection to a {@code unix:path=} bus address first, because dbus-java
     * takes about 10 s to give up on a missing socket or one that no daemon listens on.
     * Other address forms are left to dbus-java.
     */
    static void probe(String address) throws DBusException {
        if (!address.startsWith(UNIX_PATH) || address.contains(",") || address.contains(";")) {
            return;
        }
        Path socket = Path.of(address.substring(UNIX_PATH.length()));
        if (!Files.exists(socket)) {
            throw new DBusException("socket " + socket + " does not exist");
        }
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            assert channel.isConnected();
        } catch (IOException e) {
            throw new DBusException("cannot connect to socket " + socket + ": " + e.getMessage(),
                    e);
        }
    }
}
