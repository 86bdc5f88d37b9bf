package org.networkbroker.dhclient;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SequencedMap;
import java.util.Set;

/**
 * A lease file that was read to its end.
 *
 * <p>dhclient appends each new or renewed lease to the end of its lease file, and when it
 * rewrites the file it writes the active lease of each interface after that interface's older
 * leases (dhclient.leases(5): "If more than one declaration appears for a given lease, the last
 * one in the file is used"). So a lease that appears later in the file is newer.
 *
 * @param source the file path, or the name that the caller gave to the parsed text
 * @param leases the valid {@code lease} blocks in file order
 * @param malformed the blocks and statements that were skipped, in file order
 * @param defaultDuid the {@code default-duid} of DHCPv6 as colon-separated hex bytes, for example
 *         {@code 00:01:00:01:32:a5:a3:14:02:00:00:00:0a:00}. Empty if the file has none. If the
 *         file has several, the last one counts.
 * @param lease6BlockCount the number of {@code lease6} blocks, which the parser checks for
 *         balanced braces and then skips, because DHCPv6 leases are not modelled yet
 */
public record LeaseFile(
        String source,
        List<DhcpLease> leases,
        List<MalformedLease> malformed,
        Optional<String> defaultDuid,
        int lease6BlockCount) implements LeaseFileResult {

    /**
     * Creates the record and copies the lists.
     *
     * @throws NullPointerException if a component or a list element is null
     */
    public LeaseFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(defaultDuid, "defaultDuid");
        leases = List.copyOf(leases);
        malformed = List.copyOf(malformed);
    }

    /**
     * Selects the effective lease of an interface: the newest lease of that interface that has
     * not expired at {@code at}. The newest lease is the one that appears last in the file (see
     * the type's description), not the one with the latest expire time.
     *
     * @param interfaceName the interface, for example {@code eth0}
     * @param at the time at which the lease must be valid, see {@link DhcpLease#isExpiredAt}
     * @return the lease, or empty if the interface has no unexpired lease in this file
     */
    public Optional<DhcpLease> effectiveLease(String interfaceName, Instant at) {
        for (DhcpLease lease : leases.reversed()) {
            if (lease.interfaceName().equals(interfaceName) && !lease.isExpiredAt(at)) {
                return Optional.of(lease);
            }
        }
        return Optional.empty();
    }

    /**
     * Selects the effective lease of every interface that has one, as
     * {@link #effectiveLease(String, Instant)} does for one interface.
     *
     * @param at the time at which the leases must be valid
     * @return the leases by interface name, in the order in which each interface first appears in
     *         the file. Interfaces whose leases have all expired are left out.
     */
    public SequencedMap<String, DhcpLease> effectiveLeases(Instant at) {
        Set<String> interfaceNames = new LinkedHashSet<>();
        leases.forEach(lease -> interfaceNames.add(lease.interfaceName()));
        SequencedMap<String, DhcpLease> effective = new LinkedHashMap<>();
        for (String interfaceName : interfaceNames) {
            effectiveLease(interfaceName, at)
                    .ifPresent(lease -> effective.put(interfaceName, lease));
        }
        return Collections.unmodifiableSequencedMap(effective);
    }
}
