package org.networkbroker.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Properties of systemd-networkd's manager object that changed, the state of the whole host.
 *
 * @param properties the changed properties in source order, keyed by networkd's property name
 * @param origin where the event came from
 */
public record ManagerStateChanged(Map<String, String> properties, Origin origin)
        implements NetworkEvent {

    /** Creates an event and copies the properties, keeping their order. */
    public ManagerStateChanged {
        Objects.requireNonNull(origin, "origin");
        properties = Collections2.orderedCopy(properties);
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
        Origin mergedOrigin = origin == Origin.SIGNAL ? origin : later.origin;
        return new ManagerStateChanged(merged, mergedOrigin);
    }
}
