package org.networkbroker.networkd;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.networkbroker.event.LinkProperties;

/**
 * Remembers the state properties last seen for each link and for the manager, and the serial
 * number of the message they came in, so that signals and {@code GetAll} snapshots combine
 * into one ordered stream of changes.
 *
 * <p>networkd numbers its signals and method replies with one counter per bus connection. A
 * reported property is applied only when the message's serial is higher than the serial its
 * known value came with. So a snapshot never goes back behind a later signal, a signal older
 * than a snapshot is dropped, and a value equal to the known one is not reported again.
 * Serials are kept per property because a signal carries only the properties that changed.
 * Serials start over when another connection owns {@code org.freedesktop.network1}, which
 * {@link #newSender} accounts for.
 *
 * <p>Callers synchronize on this object when they also emit events, so the events leave in
 * the order in which reports were applied.
 */
public final class StateTracker {

    private final Map<Integer, Map<String, Known>> links = new HashMap<>();
    private final Map<String, Known> manager = new HashMap<>();
    /** The serial at which each link was forgotten, kept only while a snapshot is taken. */
    private final Map<Integer, Long> forgotten = new HashMap<>();
    private int snapshotsRunning;

    /** A property value and the serial of the message it came in. */
    private record Known(String value, long serial) {
    }

    /**
     * Applies a report about a link.
     *
     * @param ifindex the link's ifindex
     * @param reported the properties reported
     * @param serial the serial of the message they came in
     * @return the reported properties whose value differs from the known one, in report
     *         order; empty when nothing changed or the message is older than what is known
     */
    public synchronized Map<String, String> applyLink(int ifindex, Map<String, String> reported,
            long serial) {
        Long forgottenAt = forgotten.get(ifindex);
        if (forgottenAt != null && serial <= forgottenAt) {
            return Map.of();
        }
        return apply(links.computeIfAbsent(ifindex, unused -> new HashMap<>()), reported, serial);
    }

    /**
     * Returns the state properties recorded for a link.
     *
     * @param ifindex the link's ifindex
     * @return the recorded values in networkd's property order, or empty for an unknown link
     */
    public synchronized Map<String, String> linkStates(int ifindex) {
        return values(links.getOrDefault(ifindex, Map.of()), LinkProperties.LINK);
    }

    /**
     * Returns the state properties recorded for the manager.
     *
     * @return the recorded values in networkd's property order
     */
    public synchronized Map<String, String> managerStates() {
        return values(manager, LinkProperties.MANAGER);
    }

    private static Map<String, String> values(Map<String, Known> known, List<String> names) {
        Map<String, String> states = new LinkedHashMap<>();
        for (String name : names) {
            Known value = known.get(name);
            if (value != null) {
                states.put(name, value.value());
            }
        }
        return states;
    }

    /**
     * Removes a link's recorded states, as when networkd reports the link gone. A new link that
     * the kernel gives the same ifindex later then starts without the old link's states.
     *
     * <p>While a snapshot is taken, reports about the link older than the forgetting message
     * are dropped. Otherwise a {@code GetAll} reply that networkd sent before the link went
     * away, but that arrives after the signal, would bring the old states back as changes.
     *
     * @param ifindex the link's ifindex
     * @param serial the serial of the message that reported the link gone
     */
    public synchronized void forgetLink(int ifindex, long serial) {
        links.remove(ifindex);
        if (snapshotsRunning > 0) {
            forgotten.merge(ifindex, serial, Math::max);
        }
    }

    /**
     * Marks the start of a snapshot, whose replies may be older than signals already applied.
     * Every call needs a later {@link #endSnapshot}.
     */
    public synchronized void beginSnapshot() {
        snapshotsRunning++;
    }

    /**
     * Marks the end of a snapshot. When none is left running, the serials of forgotten links
     * are dropped, because every later reply is newer than them.
     */
    public synchronized void endSnapshot() {
        snapshotsRunning--;
        if (snapshotsRunning == 0) {
            forgotten.clear();
        }
    }

    /**
     * Applies a report about the manager.
     *
     * @param reported the properties reported
     * @param serial the serial of the message they came in
     * @return the reported properties whose value differs from the known one
     */
    public synchronized Map<String, String> applyManager(Map<String, String> reported,
            long serial) {
        return apply(manager, reported, serial);
    }

    private static Map<String, String> apply(Map<String, Known> known,
            Map<String, String> reported, long serial) {
        Map<String, String> changed = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : reported.entrySet()) {
            Known previous = known.get(property.getKey());
            if (previous != null && previous.serial() >= serial) {
                continue;
            }
            known.put(property.getKey(), new Known(property.getValue(), serial));
            if (previous == null || !previous.value().equals(property.getValue())) {
                changed.put(property.getKey(), property.getValue());
            }
        }
        return changed;
    }

    /**
     * Forgets the serials and keeps the values, because a new connection now sends networkd's
     * messages and numbers them from its own counter. Call it whenever networkd's name gets an
     * owner and after every new connection to the bus: unique names are no proof of the same
     * sender, since a restarted bus hands out {@code :1.1} again.
     */
    public synchronized void newSender() {
        for (Map<String, Known> known : links.values()) {
            known.replaceAll((name, value) -> new Known(value.value(), -1));
        }
        manager.replaceAll((name, value) -> new Known(value.value(), -1));
        forgotten.clear();
    }

    /**
     * Forgets links that no longer exist.
     *
     * @param present the ifindexes networkd lists now
     */
    public synchronized void retainLinks(Set<Integer> present) {
        links.keySet().retainAll(present);
    }
}
