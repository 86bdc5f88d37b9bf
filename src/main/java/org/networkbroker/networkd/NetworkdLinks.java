package org.networkbroker.networkd;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.types.Variant;
import org.networkbroker.bus.BusCallException;
import org.networkbroker.bus.BusCalls;
import org.networkbroker.event.LinkDirectory;
import org.networkbroker.event.LinkProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up link names and states on systemd-networkd over the bus. Names come from
 * {@code ListLinks} and are cached; an ifindex that is not in the cache refreshes it, so a link
 * created after start-up still gets its name. The connection can be replaced after the broker
 * reconnected to the bus.
 */
public final class NetworkdLinks implements LinkDirectory {

    /** systemd-networkd's well-known bus name. */
    public static final String BUS_NAME = "org.freedesktop.network1";
    /** The manager's object path. */
    public static final String MANAGER_PATH = "/org/freedesktop/network1";
    /** The interface of link objects. */
    public static final String LINK_INTERFACE = "org.freedesktop.network1.Link";
    /** The interface of the manager object. */
    public static final String MANAGER_INTERFACE = "org.freedesktop.network1.Manager";

    private static final String PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties";
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(NetworkdLinks.class);

    private final Object refreshLock = new Object();
    private volatile DBusConnection connection;
    private volatile IntFunction<Optional<String>> kernelNames = ifindex -> Optional.empty();
    private volatile Map<Integer, String> names = Map.of();

    /**
     * Creates a directory on a connected bus.
     *
     * @param connection a connection to the bus that systemd-networkd is on
     */
    public NetworkdLinks(DBusConnection connection) {
        this.connection = connection;
    }

    /**
     * Switches to a new connection after the broker reconnected to the bus.
     *
     * @param replacement the new connection
     */
    public void useConnection(DBusConnection replacement) {
        this.connection = replacement;
    }

    /**
     * Makes the kernel's link names win over networkd's cached list, so a renamed link gets
     * its new name at once.
     *
     * @param source returns the kernel's name of an ifindex, or empty when it has none
     */
    public void useKernelNames(IntFunction<Optional<String>> source) {
        this.kernelNames = source;
    }

    @Override
    public Optional<String> linkName(int ifindex) {
        Optional<String> kernelName = kernelNames.apply(ifindex);
        if (kernelName.isPresent()) {
            return kernelName;
        }
        String name = names.get(ifindex);
        if (name != null) {
            return Optional.of(name);
        }
        synchronized (refreshLock) {
            name = names.get(ifindex);
            if (name == null) {
                refresh();
                name = names.get(ifindex);
            }
        }
        return Optional.ofNullable(name);
    }

    /**
     * Lists networkd's links and refreshes the name cache.
     *
     * @return the links by ifindex, in networkd's order; the cached list when the call fails
     */
    public Map<Integer, String> listLinks() {
        synchronized (refreshLock) {
            refresh();
            return names;
        }
    }

    /**
     * Lists the links networkd reports now, without falling back to the cache, for commands
     * that must tell a failed call from an empty list.
     *
     * @return the links by ifindex in networkd's order, or empty when the call failed
     */
    public Optional<Map<Integer, String>> requestLinks() {
        Optional<Object[]> body = call(MANAGER_PATH, MANAGER_INTERFACE, "ListLinks", null);
        if (body.isEmpty()) {
            return Optional.empty();
        }
        Map<Integer, String> fresh = new LinkedHashMap<>();
        for (Object entry : elements(body.get()[0])) {
            // Each entry is the struct (iso): ifindex, name, object path.
            if (entry instanceof Object[] fields && fields.length == 3
                    && fields[0] instanceof Integer ifindex && fields[1] instanceof String name) {
                fresh.put(ifindex, name);
            }
        }
        return Optional.of(Collections.unmodifiableMap(fresh));
    }

    /**
     * Returns the cached link names without asking networkd.
     *
     * @return the links by ifindex as last listed
     */
    public Map<Integer, String> knownLinks() {
        return names;
    }

    private void refresh() {
        Optional<Map<Integer, String>> fresh = requestLinks();
        if (fresh.isEmpty()) {
            log.warn("ListLinks failed on {}; keeping {} cached link names", BUS_NAME,
                    names.size());
            return;
        }
        names = fresh.get();
        log.debug("link names refreshed links={}", names);
    }

    private static List<?> elements(Object array) {
        if (array instanceof List<?> list) {
            return list;
        }
        if (array instanceof Object[] items) {
            return List.of(items);
        }
        return List.of();
    }

    @Override
    public Map<String, String> linkProperties(int ifindex) {
        return snapshotLink(ifindex).map(PropertySnapshot::properties).orElse(Map.of());
    }

    @Override
    public Map<String, String> managerProperties() {
        return snapshotManager().map(PropertySnapshot::properties).orElse(Map.of());
    }

    /**
     * Returns networkd's own description of a link, the JSON of {@code Link.Describe()}.
     *
     * @param ifindex the link's ifindex
     * @return the JSON text, or empty when networkd cannot describe the link
     */
    public Optional<String> describeLink(int ifindex) {
        return call(LinkObjectPath.of(ifindex), LINK_INTERFACE, "Describe", null)
                .map(body -> body[0])
                .filter(String.class::isInstance)
                .map(String.class::cast);
    }

    Optional<PropertySnapshot> snapshotLink(int ifindex) {
        return getAll(LinkObjectPath.of(ifindex), LINK_INTERFACE, LinkProperties.LINK);
    }

    Optional<PropertySnapshot> snapshotManager() {
        return getAll(MANAGER_PATH, MANAGER_INTERFACE, LinkProperties.MANAGER);
    }

    private Optional<PropertySnapshot> getAll(String path, String interfaceName,
            List<String> wanted) {
        Optional<Message> reply = callForReply(path, PROPERTIES_INTERFACE, "GetAll",
                interfaceName);
        Optional<Object[]> body = reply.flatMap(NetworkdLinks::body);
        if (body.isEmpty() || !(body.get()[0] instanceof Map<?, ?> all)) {
            return Optional.empty();
        }
        return Optional.of(new PropertySnapshot(strings(all, wanted), reply.get().getSerial()));
    }

    private Optional<Object[]> call(String path, String interfaceName, String member,
            String argument) {
        return callForReply(path, interfaceName, member, argument).flatMap(NetworkdLinks::body);
    }

    /** Calls a networkd method; a failure is logged at debug and gives empty. */
    private Optional<Message> callForReply(String path, String interfaceName, String member,
            String argument) {
        try {
            return Optional.of(argument == null
                    ? BusCalls.call(connection, BUS_NAME, path, interfaceName, member,
                            CALL_TIMEOUT, null)
                    : BusCalls.call(connection, BUS_NAME, path, interfaceName, member,
                            CALL_TIMEOUT, "s", argument));
        } catch (BusCallException e) {
            log.debug("call failed: {}", e.getMessage(), e.getCause());
            return Optional.empty();
        }
    }

    private static Optional<Object[]> body(Message reply) {
        try {
            Object[] body = reply.getParameters();
            return body != null && body.length == 1 ? Optional.of(body) : Optional.empty();
        } catch (DBusException e) {
            log.warn("reply cannot be decoded signature={}", reply.getSig(), e);
            return Optional.empty();
        }
    }

    private static Map<String, String> strings(Map<?, ?> all, List<String> wanted) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : wanted) {
            Object value = all.get(name);
            if (value instanceof Variant<?> variant) {
                value = variant.getValue();
            }
            if (value instanceof String text) {
                values.put(name, text);
            }
        }
        return values;
    }
}
