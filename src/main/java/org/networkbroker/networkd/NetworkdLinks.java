package org.networkbroker.networkd;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.Properties;
import org.freedesktop.dbus.types.Variant;
import org.networkbroker.event.LinkDirectory;
import org.networkbroker.event.LinkProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks up link names and states on systemd-networkd over the bus. Names come from
 * {@code ListLinks} and are cached; an ifindex that is not in the cache refreshes it, so a link
 * created after start-up still gets its name.
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

    private static final Logger log = LoggerFactory.getLogger(NetworkdLinks.class);

    private final DBusConnection connection;
    private final Object refreshLock = new Object();
    private volatile Map<Integer, String> names = Map.of();

    /**
     * Creates a directory on a connected bus.
     *
     * @param connection a connection to the bus that systemd-networkd is on
     */
    public NetworkdLinks(DBusConnection connection) {
        this.connection = connection;
    }

    @Override
    public Optional<String> linkName(int ifindex) {
        String name = names.get(ifindex);
        if (name != null) {
            return Optional.of(name);
        }
        // NOTE: a renamed link keeps its old name here until it drops out of the cache;
        // ListLinks is only called again when an ifindex is missing.
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
     * Lists the links networkd knows and refreshes the name cache.
     *
     * @return the links by ifindex, in networkd's order
     */
    public Map<Integer, String> listLinks() {
        synchronized (refreshLock) {
            refresh();
            return names;
        }
    }

    private void refresh() {
        try {
            Network1Manager manager =
                    connection.getRemoteObject(BUS_NAME, MANAGER_PATH, Network1Manager.class);
            List<LinkListEntry> entries = manager.ListLinks();
            Map<Integer, String> fresh = new LinkedHashMap<>();
            for (LinkListEntry entry : entries) {
                fresh.put(entry.ifindex, entry.name);
            }
            names = Collections.unmodifiableMap(fresh);
            log.debug("link names refreshed links={}", fresh);
        } catch (DBusException | DBusExecutionException e) {
            log.warn("ListLinks failed on {}; keeping {} cached link names", BUS_NAME,
                    names.size(), e);
        }
    }

    @Override
    public Map<String, String> linkProperties(int ifindex) {
        return properties(LinkObjectPath.of(ifindex), LINK_INTERFACE, LinkProperties.LINK);
    }

    @Override
    public Map<String, String> managerProperties() {
        return properties(MANAGER_PATH, MANAGER_INTERFACE, LinkProperties.MANAGER);
    }

    private Map<String, String> properties(String path, String interfaceName,
            List<String> wanted) {
        Map<String, Variant<?>> all;
        try {
            Properties remote = connection.getRemoteObject(BUS_NAME, path, Properties.class);
            all = remote.GetAll(interfaceName);
        } catch (DBusException | DBusExecutionException e) {
            log.debug("GetAll failed path={} interface={}", path, interfaceName, e);
            return Map.of();
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : wanted) {
            Variant<?> variant = all.get(name);
            if (variant != null && variant.getValue() instanceof String value) {
                values.put(name, value);
            }
        }
        return values;
    }
}
