package org.networkbroker.routing;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.networkbroker.networkd.LeaseFile;

/**
 * Looks up the IPv4 router that a link's DHCP lease names. Policy routing reads it when the
 * link has no default route of its own in the main table.
 */
@FunctionalInterface
public interface GatewayHints {

    /**
     * Looks up the first router of a link's DHCPv4 lease.
     *
     * @param ifindex the link's ifindex
     * @return the router, or empty when the link has no lease or the lease names no router
     */
    Optional<InetAddress> leaseRouter(int ifindex);

    /**
     * Returns hints that never name a router, for hosts without a DHCP client.
     *
     * @return hints that always return empty
     */
    static GatewayHints none() {
        return ifindex -> Optional.empty();
    }

    /**
     * Returns hints that read the {@code ROUTER=} line of the lease files that
     * systemd-networkd writes to {@link LeaseFile#NETWORKD_LEASE_DIRECTORY}.
     *
     * @return the hints. A file that cannot be read is logged at warn and counts as no lease.
     */
    static GatewayHints networkdLeases() {
        return networkdLeases(LeaseFile.NETWORKD_LEASE_DIRECTORY);
    }

    /**
     * Returns hints that read the {@code ROUTER=} line of networkd lease files in a folder.
     *
     * @param directory the folder with one lease file per ifindex
     * @return the hints. A file that cannot be read is logged at warn and counts as no lease.
     */
    static GatewayHints networkdLeases(Path directory) {
        return new NetworkdLeaseHints(directory);
    }
}
