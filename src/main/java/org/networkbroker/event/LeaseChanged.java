package org.networkbroker.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A link's effective DHCPv4 lease from ISC dhclient changed: a new address, router, DNS server,
 * domain or renewal, or the lease ended.
 *
 * @param ifindex the link's ifindex
 * @param linkName the link's name, as the lease file names it
 * @param lease the new lease, or empty when the link has no unexpired lease any more
 * @param origin where the event came from
 */
public record LeaseChanged(int ifindex, String linkName, Optional<LeaseData> lease,
        Origin origin) implements NetworkEvent {

    /** Checks that no component is null. */
    public LeaseChanged {
        Objects.requireNonNull(linkName, "linkName");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(origin, "origin");
    }
}
