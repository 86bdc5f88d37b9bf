package org.networkbroker.event;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Properties of one link that changed, such as its operational or setup state.
 *
 * @param ifindex the kernel's interface index of the link, always positive
 * @param properties the changed properties in source order, keyed by networkd's property name
 * @param states the link's state properties as the source had them when it made the event,
 *        the changed ones included, which the constructor adds when missing. Some or all of the
 *        others may be missing.
 * @param origin where the event came from
 */
public record LinkStateChanged(int ifindex, Map<String, String> properties,
        Map<String, String> states, Origin origin) implements NetworkEvent {

    /**
     * Creates an event and copies the maps, keeping their order.
     *
     * @throws IllegalArgumentException if {@code ifindex} is not positive
     */
    public LinkStateChanged {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("invalid ifindex " + ifindex + ": expected > 0");
        }
        Objects.requireNonNull(origin, "origin");
        properties = Collections2.orderedCopy(properties);
        Map<String, String> merged = new LinkedHashMap<>(states);
        merged.putAll(properties);
        states = Collections2.orderedCopy(merged);
    }

    /**
     * Creates an event whose source has no state properties besides the changed ones.
     *
     * @throws IllegalArgumentException if {@code ifindex} is not positive
     */
    public LinkStateChanged(int ifindex, Map<String, String> properties, Origin origin) {
        this(ifindex, properties, properties, origin);
    }

    /**
     * Merges a later event of the same link into this one: each property keeps its latest value.
     *
     * @param later an event that arrived after this one, for the same link
     * @return the merged event
     * @throws IllegalArgumentException if {@code later} belongs to another link
     */
    public LinkStateChanged mergeLater(LinkStateChanged later) {
        if (later.ifindex != ifindex) {
            throw new IllegalArgumentException("cannot merge events of ifindex " + ifindex
                    + " and " + later.ifindex);
        }
        Map<String, String> merged = new LinkedHashMap<>(properties);
        merged.putAll(later.properties);
        Map<String, String> mergedStates = new LinkedHashMap<>(states);
        mergedStates.putAll(later.states);
        Origin mergedOrigin = origin == Origin.SIGNAL ? origin : later.origin;
        return new LinkStateChanged(ifindex, merged, mergedStates, mergedOrigin);
    }
}
