package org.networkbroker.routing;

import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.Rtnetlink;
import org.networkbroker.netlink.Rule;

/**
 * The part of the kernel's network state that policy routing plans from: all links and
 * addresses, the default routes of the main table and of the policy tables, and the rules
 * that look up a policy table.
 *
 * @param links the links by ifindex
 * @param addresses the addresses of all links, without lifetimes
 * @param routes the tracked routes, see {@link #isTracked(Route)}
 * @param rules the tracked rules, see {@link #isTracked(Rule)}. A rule may occur twice.
 */
record NetworkState(
        Map<Integer, Link> links,
        List<Address> addresses,
        List<Route> routes,
        List<Rule> rules) {

    /** Creates a state from unmodifiable copies of the collections. */
    NetworkState {
        links = Map.copyOf(links);
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
        rules = List.copyOf(rules);
    }

    /**
     * Builds a state from dumps and drops what policy routing does not track.
     *
     * @param links all links
     * @param addresses all addresses
     * @param routes routes of any table
     * @param rules rules of any table
     * @return the state
     */
    static NetworkState of(Collection<Link> links, Collection<Address> addresses,
            Collection<Route> routes, Collection<Rule> rules) {
        Map<Integer, Link> byIndex = new LinkedHashMap<>();
        links.forEach(link -> byIndex.put(link.ifindex(), link));
        return new NetworkState(byIndex,
                addresses.stream().map(NetworkState::withoutLifetimes).toList(),
                routes.stream().filter(NetworkState::isTracked).toList(),
                rules.stream().filter(NetworkState::isTracked).toList());
    }

    /**
     * Returns whether policy routing tracks a route: a default route of the main table, where
     * gateways come from, or of a policy table.
     */
    static boolean isTracked(Route route) {
        return route.destinationLength() == 0 && (route.table() == Rtnetlink.RT_TABLE_MAIN
                || PolicyTables.isPolicyTable(route.table()));
    }

    /** Returns whether policy routing tracks a rule: one that looks up a policy table. */
    static boolean isTracked(Rule rule) {
        return PolicyTables.isPolicyTable(rule.table());
    }

    /**
     * Drops the lifetimes of an address. The kernel sends them again with each renewal, and
     * they play no part in policy routing, so without them a renewal compares equal.
     */
    static Address withoutLifetimes(Address address) {
        return new Address(address.ifindex(), address.family(), address.prefixLength(),
                address.scope(), address.flags(), address.address(), address.local(),
                address.label(), Optional.empty());
    }

    /**
     * Returns the address of this host: {@code IFA_LOCAL} when present, which differs from
     * {@code IFA_ADDRESS} on a point-to-point link, else {@code IFA_ADDRESS}.
     */
    static InetAddress hostAddress(Address address) {
        return address.local().orElse(address.address());
    }

    /** Returns the link with an ifindex, if present. */
    Optional<Link> link(int ifindex) {
        return Optional.ofNullable(links.get(ifindex));
    }

    /** Returns the host addresses of a link, of both families, in kernel order. */
    Set<InetAddress> hostAddresses(int ifindex) {
        Set<InetAddress> result = new LinkedHashSet<>();
        for (Address address : addresses) {
            if (address.ifindex() == ifindex) {
                result.add(hostAddress(address));
            }
        }
        return result;
    }
}
