package org.networkbroker.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A route added to or removed from one of the kernel's routing tables.
 *
 * @param ifindex the ifindex of the route's output link, or 0 when it has none
 * @param linkName that link's name, or an empty string
 * @param change {@code ADDED} or {@code REMOVED}
 * @param destination the destination prefix, such as {@code 0.0.0.0/0} or {@code ::/0}
 * @param gateway the next hop, if the route has one
 * @param table the routing table id, 254 for main
 * @param family {@code ipv4} or {@code ipv6}
 * @param origin where the event came from
 */
public record RouteChanged(int ifindex, String linkName, Change change, String destination,
        Optional<String> gateway, long table, String family, Origin origin)
        implements KernelEvent {

    /** Checks that no component is null. */
    public RouteChanged {
        Objects.requireNonNull(linkName, "linkName");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Object identity() {
        return "route " + family + " " + destination + " table " + table;
    }
}
