package org.networkbroker.networkd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.interfaces.DBus;
import org.freedesktop.dbus.matchrules.DBusMatchRule;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;
import org.networkbroker.event.LinkProperties;
import org.networkbroker.event.LinkStateChanged;
import org.networkbroker.event.ManagerStateChanged;
import org.networkbroker.event.NetworkEvent;
import org.networkbroker.event.NetworkEvent.Origin;
import org.networkbroker.log.RepeatLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns systemd-networkd's {@code PropertiesChanged} signals into events.
 *
 * <p>The match rule leaves out {@code sender=}, because dbus-java compares a rule's sender
 * with the unique name of each incoming message and would drop every signal if the rule named
 * the well-known name. Instead this class tracks the current owner of
 * {@code org.freedesktop.network1} through {@code NameOwnerChanged} and ignores signals from
 * any other connection, so a look-alike signal from another client runs nothing.
 *
 * <p>The handlers run on dbus-java's single signal thread, in bus order, and only decode and
 * hand events to the sink; they never block on a script.
 */
public final class NetworkdSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetworkdSource.class);

    private static final String DBUS_NAME = "org.freedesktop.DBus";
    private static final String DBUS_PATH = "/org/freedesktop/DBus";
    private static final String PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties";
    private static final String PROPERTIES_CHANGED_SIGNATURE = "sa{sv}as";
    /** The setup state of a link that is gone but that networkd has not dropped yet. */
    private static final String LINGER = "linger";
    /**
     * The prefix of networkd's own interfaces. Its objects also carry the standard
     * org.freedesktop.DBus interfaces, which have no properties (busctl introspect, systemd 252).
     */
    private static final String NETWORKD_INTERFACE_PREFIX = NetworkdLinks.BUS_NAME + ".";

    private final DBusConnection connection;
    private final NetworkdLinks links;
    private final StateTracker tracker;
    private final Consumer<NetworkEvent> sink;
    private final RepeatLimiter rejections = new RepeatLimiter(Duration.ofMinutes(1));
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private volatile String owner;

    /**
     * Creates a source on a connected bus.
     *
     * @param connection the system bus connection
     * @param links reads networkd's current state; it must use the same connection
     * @param tracker the states seen so far, kept across reconnections
     * @param sink receives the events in order; must not block
     */
    public NetworkdSource(DBusConnection connection, NetworkdLinks links, StateTracker tracker,
            Consumer<NetworkEvent> sink) {
        this.connection = connection;
        this.links = links;
        this.tracker = tracker;
        this.sink = sink;
    }

    /**
     * Subscribes to networkd's signals and looks up who owns its bus name.
     *
     * @throws DBusException if the bus rejects a match rule
     */
    public void start() throws DBusException {
        DBusMatchRule ownerRule = DBusMatchRuleBuilder.create()
                .withType("signal")
                .withSender(DBUS_NAME)
                .withInterface(DBUS_NAME)
                .withMember("NameOwnerChanged")
                .withArg0123(0, NetworkdLinks.BUS_NAME)
                .build();
        subscriptions.add(connection.addGenericSigHandler(ownerRule, this::onNameOwnerChanged));
        owner = currentOwner();
        tracker.newSender();
        if (owner == null) {
            log.warn("systemd-networkd is not on the bus yet; waiting for {} to appear",
                    NetworkdLinks.BUS_NAME);
        }

        DBusMatchRule propertiesRule = DBusMatchRuleBuilder.create()
                .withType("signal")
                .withInterface(PROPERTIES_INTERFACE)
                .withMember("PropertiesChanged")
                .withPathNamespace(NetworkdLinks.MANAGER_PATH)
                .build();
        subscriptions.add(
                connection.addGenericSigHandler(propertiesRule, this::onPropertiesChanged));
        if (owner != null) {
            log.info("subscribed to systemd-networkd signals owner={}", owner);
        }
    }

    /**
     * Reads the current state of every link and of the manager, and sends what differs from
     * the states seen so far to the sink, as events of the given origin. Without an origin it
     * only records the states, as the baseline that later changes are compared with.
     *
     * @param origin the origin of the events to send, or null to send none
     */
    public void synchronize(Origin origin) {
        if (owner == null) {
            // Nothing to read; when networkd appears, its NameOwnerChanged starts a resync.
            return;
        }
        tracker.beginSnapshot();
        try {
            applySnapshots(origin);
        } finally {
            tracker.endSnapshot();
        }
    }

    private void applySnapshots(Origin origin) {
        Map<Integer, String> present = links.listLinks();
        tracker.retainLinks(present.keySet());
        for (int ifindex : present.keySet()) {
            links.snapshotLink(ifindex).ifPresent(snapshot -> {
                synchronized (tracker) {
                    Map<String, String> changed = tracker.applyLink(ifindex,
                            snapshot.properties(), snapshot.serial());
                    if (origin != null && !changed.isEmpty()) {
                        sink.accept(new LinkStateChanged(ifindex, changed,
                                tracker.linkStates(ifindex), origin));
                    }
                }
            });
        }
        links.snapshotManager().ifPresent(snapshot -> {
            synchronized (tracker) {
                Map<String, String> changed = tracker.applyManager(snapshot.properties(),
                        snapshot.serial());
                if (origin != null && !changed.isEmpty()) {
                    sink.accept(new ManagerStateChanged(changed, tracker.managerStates(),
                            origin));
                }
            }
        });
        log.info("states synchronized links={} origin={}", present.size(),
                origin == null ? "baseline" : origin.name().toLowerCase(Locale.ROOT));
    }

    /**
     * Returns the unique bus name that owns {@code org.freedesktop.network1} now.
     *
     * @return the owner, or null while networkd is not on the bus
     */
    public String owner() {
        return owner;
    }

    private String currentOwner() throws DBusException {
        DBus bus = connection.getRemoteObject(DBUS_NAME, DBUS_PATH, DBus.class);
        try {
            if (!bus.NameHasOwner(NetworkdLinks.BUS_NAME)) {
                return null;
            }
            return bus.GetNameOwner(NetworkdLinks.BUS_NAME);
        } catch (DBusExecutionException e) {
            // The name went away between the two calls.
            log.debug("GetNameOwner failed name={}", NetworkdLinks.BUS_NAME, e);
            return null;
        }
    }

    private void onNameOwnerChanged(DBusSignal signal) {
        try {
            Object[] body = signal.getParameters();
            if (body.length == 3 && NetworkdLinks.BUS_NAME.equals(body[0])
                    && body[2] instanceof String newOwner) {
                owner = newOwner.isEmpty() ? null : newOwner;
                if (owner == null) {
                    log.warn("systemd-networkd left the bus; waiting for it to return");
                } else {
                    log.info("systemd-networkd is on the bus owner={}; synchronizing states",
                            owner);
                    tracker.newSender();
                    // Not on the signal thread: the snapshot's calls would hold up signals.
                    Thread.ofVirtual().name("networkd-resync")
                            .start(() -> synchronize(Origin.RESYNC));
                }
            }
        } catch (DBusException | RuntimeException e) {
            reject("undecodable NameOwnerChanged", signal, e);
        }
    }

    private void onPropertiesChanged(DBusSignal signal) {
        try {
            decode(signal);
        } catch (DBusException | RuntimeException e) {
            reject("undecodable PropertiesChanged", signal, e);
        }
    }

    private void decode(DBusSignal signal) throws DBusException {
        String sender = signal.getSource();
        if (owner == null || !owner.equals(sender)) {
            reject("signal from a connection that does not own " + NetworkdLinks.BUS_NAME,
                    signal, null);
            return;
        }
        if (!PROPERTIES_CHANGED_SIGNATURE.equals(signal.getSig())) {
            reject("unexpected signature, expected " + PROPERTIES_CHANGED_SIGNATURE, signal,
                    null);
            return;
        }
        Object[] body = signal.getParameters();
        if (!(body[0] instanceof String interfaceName) || !(body[1] instanceof Map<?, ?> map)) {
            reject("unexpected body types", signal, null);
            return;
        }
        String path = signal.getPath();
        if (NetworkdLinks.LINK_INTERFACE.equals(interfaceName)
                && LinkObjectPath.isLinkPath(path)) {
            decodeLink(signal, path, map);
        } else if (NetworkdLinks.MANAGER_INTERFACE.equals(interfaceName)
                && NetworkdLinks.MANAGER_PATH.equals(path)) {
            Map<String, String> properties = stringProperties(signal, map,
                    LinkProperties.MANAGER);
            synchronized (tracker) {
                Map<String, String> changed = tracker.applyManager(properties,
                        signal.getSerial());
                if (!changed.isEmpty()) {
                    sink.accept(new ManagerStateChanged(changed, tracker.managerStates(),
                            Origin.SIGNAL));
                }
            }
        } else if (interfaceName.startsWith(NETWORKD_INTERFACE_PREFIX)) {
            // networkd's other interfaces, such as DHCPServer, change properties too.
            log.debug("signal ignored path={} interface={}", path, interfaceName);
        } else {
            reject("unknown interface, expected " + NETWORKD_INTERFACE_PREFIX + "*", signal,
                    null);
        }
    }

    private void decodeLink(DBusSignal signal, String path, Map<?, ?> map) {
        int ifindex;
        try {
            ifindex = LinkObjectPath.ifindex(path);
        } catch (IllegalArgumentException e) {
            // The reason is the rate limiter's key, so it must not contain the path: a sender
            // varying the label would get one warning per signal. The line shows the path.
            reject("undecodable link object path: expected an escaped ifindex such as _32 for 2",
                    signal, null);
            return;
        }
        Map<String, String> properties = stringProperties(signal, map, LinkProperties.LINK);
        if (properties.isEmpty()) {
            log.debug("signal without link state ignored ifindex={} properties={}", ifindex,
                    map.keySet());
            return;
        }
        log.debug("link signal ifindex={} serial={} properties={}", ifindex,
                signal.getSerial(), properties);
        synchronized (tracker) {
            Map<String, String> changed = tracker.applyLink(ifindex, properties,
                    signal.getSerial());
            if (changed.isEmpty()) {
                log.debug("link signal repeats known states ifindex={}", ifindex);
            } else {
                sink.accept(new LinkStateChanged(ifindex, changed,
                        tracker.linkStates(ifindex), Origin.SIGNAL));
            }
            if (LINGER.equals(properties.get(LinkProperties.AdministrativeState))) {
                // networkd keeps a removed link as linger until it drops it.
                tracker.forgetLink(ifindex, signal.getSerial());
            }
        }
    }

    /** Keeps the known state properties whose variant contains a string, in signal order. */
    private Map<String, String> stringProperties(DBusSignal signal, Map<?, ?> map,
            List<String> known) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String name) || !known.contains(name)) {
                continue;
            }
            Object value = entry.getValue() instanceof Variant<?> variant
                    ? variant.getValue() : entry.getValue();
            if (value instanceof String text) {
                properties.put(name, text);
            } else {
                reject("non-string value for " + name, signal, null);
            }
        }
        return properties;
    }

    private void reject(String reason, DBusSignal signal, Exception cause) {
        long suppressed = rejections.admit(reason);
        if (suppressed < 0) {
            return;
        }
        log.warn("signal ignored reason=\"{}\" sender={} path={} suppressed={}", reason,
                signal.getSource(), signal.getPath(), suppressed, cause);
    }

    /** Removes the match rules; signals that are already queued may still arrive. */
    @Override
    public void close() {
        for (AutoCloseable subscription : subscriptions) {
            try {
                subscription.close();
            } catch (Exception e) {
                log.debug("removing a match rule failed", e);
            }
        }
        subscriptions.clear();
    }
}
