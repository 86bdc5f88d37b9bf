package org.networkbroker.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Properties of systemd-networkd's manager object that changed, the state of the whole host.
 *
 * @param properties the changed properties in source order, keyed by networkd's property name
 * @param states the manager's state properties as the source had them when it made the
 *        event, the changed ones included, which the constructor adds when missing. Some or all of the
 *        others may be missing.
 * @param origin where the event came from
 */
public record ManagerStateChanged(Map<String, String> properties, Map<String, String> states,
        Origin origin) implements NetworkEvent {

    /** Creates an event and copies the maps, keeping their order. */
    public ManagerStateChanged {
        Objects.requireNonNull(origin, "origin");
        properties = Collections2.orderedCopy(properties);
        Map<String, String> merged = new LinkedHashMap<>(states);
        merged.putAll(properties);
        states = Collections2.orderedCopy(merged);
    }

    /** Creates an event whose source has no state properties besides the changed ones. */
    public ManagerStateChanged(Map<String, String> properties, Origin origin) {
        this(properties, properties, origin);
    }

    /**
     * Merges a later manager event into this one: each property keeps its latest value.
     *
     * @param later an event that arrived after this one
     * @return the merged event
     */
    public ManagerStateChanged mergeLater(ManagerStateChanged later) {
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(later.properties);
        Map<String, String> mergedStates = new LinkedHashMap<>(states);
        mergedStates.putAll(later.states);
        Origin mergedOrigin = origin == Origin.SIGNAL ? origin : later.origin;
        return new ManagerStateChanged(merged, mergedStates, mergedOrigin);
    }
}
