package org.networkbroker.dispatch;

import java.util.Optional;

import org.networkbroker.event.LeaseData;

/**
 * Hands what a DHCP lease carries to the system: DNS servers and domains to
 * systemd-resolved, the host name to systemd-hostnamed, as {@code UseDNS=},
 * {@code UseDomain=} and {@code UseHostname=} ask.
 */
public interface LeaseHandoff {

    /**
     * Brings the system in line with a link's current lease. Called for every event of the
     * link, in order; implementations act only when the lease differs from the one they
     * handed over last, and never throw.
     *
     * @param ifindex the link's ifindex
     * @param link the link's name
     * @param lease the current lease, or empty when the link has none
     */
    void update(int ifindex, String link, Optional<LeaseData> lease);
}
