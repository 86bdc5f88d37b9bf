package org.networkbroker.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;

/**
 * A stand-in for systemd-networkd on a private bus: it owns {@code org.freedesktop.network1},
 * implements the methods the broker calls, and sends {@code PropertiesChanged} signals when a test
 * changes a state.
 *
 * <p>It exports {@code /org/freedesktop/network1} with {@code Manager.ListLinks() -> a(iso)}
 * and {@code Properties.GetAll(s) -> a{sv}}, and one object per link at
 * {@code /org/freedesktop/network1/link/<label>} with {@code Properties.GetAll}. All state
 * properties are strings, as in systemd 252. The ifindexes need not exist in the kernel.
 */
public final class FakeNetworkd implements AutoCloseable {

    /** systemd-networkd's well-known bus name. */
    public static final String BUS_NAME = "org.freedesktop.network1";
    /** The manager's object path. */
    public static final String MANAGER_PATH = "/org/freedesktop/network1";
    /** The interface of the manager object. */
    public static final String MANAGER_INTERFACE = "org.freedesktop.network1.Manager";
    /** The interface of link objects. */
    public static final String LINK_INTERFACE = "org.freedesktop.network1.Link";

    private static final String LINK_PREFIX = MANAGER_PATH + "/link/";

    private final DBusConnection connection;
    private final SignalEmitter emitter;
    private final Map<Integer, LinkObject> links = new ConcurrentSkipListMap<>();
    private final ManagerObject manager = new ManagerObject();

    private FakeNetworkd(DBusConnection connection) {
        this.connection = connection;
        this.emitter = new SignalEmitter(connection);
    }

    /**
     * Connects to a bus, exports the manager object and takes networkd's bus name.
     *
     * @param busAddress the bus address, for example from {@link PrivateBus#address()}
     * @return the running fake, with no links yet
     * @throws DBusException if connecting, exporting or taking the name fails
     */
    public static FakeNetworkd start(String busAddress) throws DBusException {
        DBusConnection connection = DBusConnectionBuilder.forAddress(busAddress)
                .withShared(false)
                .build();
        FakeNetworkd fake = new FakeNetworkd(connection);
        try {
            connection.exportObject(MANAGER_PATH, fake.manager);
            connection.requestBusName(BUS_NAME);
        } catch (DBusException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
        return fake;
    }

    /**
     * Encodes a link's object path as sd-bus's {@code bus_label_escape()} does: every
     * character that is not an ASCII letter or digit, and a digit in the first position,
     * becomes {@code _} and two lower-case hex digits. So ifindex 2 is {@code _32}.
     *
     * @param ifindex the link's ifindex
     * @return the object path
     */
    public static String linkPath(int ifindex) {
        String label = Integer.toString(ifindex);
        StringBuilder path = new StringBuilder(LINK_PREFIX);
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean plain = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || c >= '0' && c <= '9' && i > 0;
            if (plain) {
                path.append(c);
            } else {
                path.append('_').append(String.format("%02x", (int) c));
            }
        }
        return path.toString();
    }

    /**
     * Adds a link, exported at once and listed by {@code ListLinks}, without a signal.
     *
     * @param ifindex the link's ifindex
     * @param name the link's name
     * @param properties its initial state properties by name
     * @throws DBusException if the object cannot be exported
     */
    public void addLink(int ifindex, String name, Map<String, String> properties)
            throws DBusException {
        LinkObject link = new LinkObject(ifindex, name);
        link.state.putAll(properties);
        connection.exportObject(link.getObjectPath(), link);
        links.put(ifindex, link);
    }

    /**
     * Sets the manager's initial state properties, without a signal.
     *
     * @param properties the properties by name
     */
    public void setManagerProperties(Map<String, String> properties) {
        manager.putAll(properties);
    }

    /**
     * Changes state properties of a link and sends the {@code PropertiesChanged} signal
     * that networkd would send, with the changed values in the order given.
     *
     * @param ifindex the ifindex of a link added before
     * @param changes the new values by property name
     * @return the wall-clock send time in nanoseconds since the epoch
     * @throws DBusException if the signal cannot be sent
     * @throws IllegalArgumentException if no such link was added
     */
    public long changeLink(int ifindex, Map<String, String> changes) throws DBusException {
        LinkObject link = links.get(ifindex);
        if (link == null) {
            throw new IllegalArgumentException("no fake link with ifindex " + ifindex);
        }
        // Held while sending too, so a GetAll reply with the new values leaves after the signal.
        synchronized (link.state) {
            link.state.putAll(changes);
            return emitter.propertiesChanged(link.getObjectPath(), LINK_INTERFACE,
                    variants(changes));
        }
    }

    /**
     * Returns the emitter on networkd's own connection, for hand-made signals that come from
     * the current owner of {@code org.freedesktop.network1}.
     *
     * @return the emitter
     */
    public SignalEmitter emitter() {
        return emitter;
    }

    /**
     * Returns the unique bus name of the fake's connection.
     *
     * @return a name such as {@code :1.4}
     */
    public String uniqueName() {
        return connection.getUniqueName();
    }

    /**
     * Returns the seven state properties that networkd reports for every link, as for a
     * managed link without carrier.
     *
     * @return the properties by name
     */
    public static Map<String, String> linkWithoutCarrier() {
        return Map.of("AdministrativeState", "configured", "OperationalState", "off",
                "CarrierState", "off", "AddressState", "off", "IPv4AddressState", "off",
                "IPv6AddressState", "off", "OnlineState", "offline");
    }

    /**
     * Wraps string values in DBus variants, keeping their order.
     *
     * @param values the values by property name
     * @return a map for an {@code a{sv}} body
     */
    public static Map<String, Variant<?>> variants(Map<String, String> values) {
        Map<String, Variant<?>> body = new LinkedHashMap<>();
        values.forEach((name, value) -> body.put(name, new Variant<>(value)));
        return body;
    }

    /** Disconnects, which also gives up the bus name. */
    @Override
    public void close() {
        connection.disconnect();
    }

    /** State properties of one object, returned by {@code GetAll} for its interface. */
    private static class StateObject implements Properties {
        final String interfaceName;
        final Map<String, String> state = new LinkedHashMap<>();

        StateObject(String interfaceName) {
            this.interfaceName = interfaceName;
        }

        void putAll(Map<String, String> properties) {
            synchronized (state) {
                state.putAll(properties);
            }
        }

        @Override
        public Map<String, Variant<?>> GetAll(String requested) {
            if (!interfaceName.equals(requested)) {
                return Map.of();
            }
            synchronized (state) {
                return variants(state);
            }
        }

        @Override
        public <A> A Get(String requested, String propertyName) {
            throw new UnsupportedOperationException("the fake networkd implements only GetAll");
        }

        @Override
        public <A> void Set(String requested, String propertyName, A value) {
            throw new UnsupportedOperationException("networkd's properties are read-only");
        }

        @Override
        public String getObjectPath() {
            return MANAGER_PATH;
        }
    }

    /** The manager object: {@code ListLinks} and the manager's properties. */
    private final class ManagerObject extends StateObject implements NetworkdManager {

        ManagerObject() {
            super(MANAGER_INTERFACE);
        }

        @Override
        public List<LinkEntry> ListLinks() {
            List<LinkEntry> entries = new ArrayList<>();
            for (LinkObject link : links.values()) {
                entries.add(new LinkEntry(link.ifindex, link.name,
                        new DBusPath(link.getObjectPath())));
            }
            return entries;
        }
    }

    /** One link object. */
    private static final class LinkObject extends StateObject {
        final int ifindex;
        final String name;

        LinkObject(int ifindex, String name) {
            super(LINK_INTERFACE);
            this.ifindex = ifindex;
            this.name = name;
        }

        @Override
        public String getObjectPath() {
            return linkPath(ifindex);
        }
    }
}
