package org.networkbroker.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The data a DHCPv4 lease gives a link, in the form scripts, systemd-resolved and
 * systemd-hostnamed need.
 *
 * @param variables the lease's script variables, such as {@code DHCP_LEASE} and
 *        {@code DHCP4_ADDRESS}, in a stable order
 * @param dnsServers the DNS servers, IPv4 literals in the lease's order
 * @param domain the domain name
 * @param searchDomains the domain search list
 * @param hostname the host name the server gave
 */
public record LeaseData(Map<String, String> variables, List<String> dnsServers,
        Optional<String> domain, List<String> searchDomains, Optional<String> hostname) {

    /** Copies the collections. */
    public LeaseData {
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        dnsServers = List.copyOf(dnsServers);
        Objects.requireNonNull(domain, "domain");
        searchDomains = List.copyOf(searchDomains);
        Objects.requireNonNull(hostname, "hostname");
    }
}
