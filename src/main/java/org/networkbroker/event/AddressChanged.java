package org.networkbroker.event;

import java.util.Objects;

/**
 * An IP address added to or removed from a link.
 *
 * @param ifindex the link's ifindex
 * @param linkName the link's name
 * @param change {@code ADDED} or {@code REMOVED}
 * @param address the address with its prefix length, such as {@code 192.168.77.21/24}
 * @param family {@code ipv4} or {@code ipv6}
 * @param scope the address scope: {@code global}, {@code site}, {@code link}, {@code host} or
 *        a number for other values
 * @param origin where the event came from
 */
public record AddressChanged(int ifindex, String linkName, Change change, String address,
        String family, String scope, Origin origin) implements KernelEvent {

    /** Checks that no component is null. */
    public AddressChanged {
        Objects.requireNonNull(linkName, "linkName");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Object identity() {
        return "address " + address;
    }
}
