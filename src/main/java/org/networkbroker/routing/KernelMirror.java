package org.networkbroker.routing;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.AddressEvent;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.LinkEvent;
import org.networkbroker.netlink.NetlinkEvent;
import org.networkbroker.netlink.Overrun;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.RouteEvent;
import org.networkbroker.netlink.Rule;
import org.networkbroker.netlink.RuleEvent;

/**
 * A copy of the kernel state that policy routing tracks, kept current from a dump, from
 * netlink events and from the changes policy routing made itself. Used by one thread at a
 * time.
 *
 * <p>The kernel sends no RTM_DELROUTE for IPv4 routes that it flushes when a link goes down
 * or loses its last IPv4 address ({@code ip monitor route} on Linux 6.18 shows none). The
 * mirror drops those routes itself, and those of a removed link, so a table whose route the
 * kernel flushed gets a new one.
 */
final class KernelMirror {

    /** The effect of an event on the mirror. */
    enum Effect {
        /** The mirror already contained the event's state, or does not track it. */
        UNCHANGED,
        /** The mirror changed, so the plan may have changed. */
        CHANGED,
        /** The mirror cannot tell what the kernel has now: dump again. */
        STALE
    }

    private final Map<Integer, Link> links = new LinkedHashMap<>();
    private final Map<AddressKey, Address> addresses = new LinkedHashMap<>();
    private final Set<Route> routes = new LinkedHashSet<>();
    private final List<Rule> rules = new ArrayList<>();

    /** The kernel's key of an address; a message with the same key replaces the address. */
    private record AddressKey(int ifindex, StandardProtocolFamily family, int prefixLength,
            InetAddress host) {

        static AddressKey of(Address address) {
            return new AddressKey(address.ifindex(), address.family(), address.prefixLength(),
                    NetworkState.hostAddress(address));
        }
    }

    /** The kernel's key of a route for replace: a new route with this key replaces the old. */
    private record RouteKey(StandardProtocolFamily family, long table,
            InetAddress destination, int destinationLength, long priority) {

        static RouteKey of(Route route) {
            return new RouteKey(route.family(), route.table(), route.destination(),
                    route.destinationLength(), route.priority());
        }
    }

    /** Replaces the whole content with a state from dumps. */
    void reset(NetworkState state) {
        links.clear();
        addresses.clear();
        routes.clear();
        rules.clear();
        links.putAll(state.links());
        state.addresses().forEach(address -> addresses.put(AddressKey.of(address), address));
        routes.addAll(state.routes());
        rules.addAll(state.rules());
    }

    /** Returns the current content. */
    NetworkState snapshot() {
        return new NetworkState(links, List.copyOf(addresses.values()), List.copyOf(routes),
                rules);
    }

    /** Returns a link by ifindex, if present. */
    Optional<Link> link(int ifindex) {
        return Optional.ofNullable(links.get(ifindex));
    }

    /**
     * Applies an event from the kernel.
     *
     * @param event the event
     * @return what the event did, STALE for an {@link Overrun}
     */
    Effect apply(NetlinkEvent event) {
        return switch (event) {
            case LinkEvent linkEvent -> applyLink(linkEvent);
            case AddressEvent addressEvent -> applyAddress(addressEvent);
            case RouteEvent routeEvent -> applyRoute(routeEvent);
            case RuleEvent ruleEvent -> applyRule(ruleEvent);
            case Overrun overrun -> Effect.STALE;
        };
    }

    private Effect applyLink(LinkEvent event) {
        Link link = event.link();
        if (event.change() == NetlinkEvent.Change.DEL) {
            boolean removed = links.remove(link.ifindex()) != null;
            addresses.keySet().removeIf(key -> key.ifindex() == link.ifindex());
            routes.removeIf(route -> route.outputInterface() == link.ifindex());
            return removed ? Effect.CHANGED : Effect.UNCHANGED;
        }
        Link previous = links.put(link.ifindex(), link);
        if (!link.isUp()) {
            routes.removeIf(route -> route.outputInterface() == link.ifindex());
        }
        return link.equals(previous) ? Effect.UNCHANGED : Effect.CHANGED;
    }

    private Effect applyAddress(AddressEvent event) {
        Address address = NetworkState.withoutLifetimes(event.address());
        AddressKey key = AddressKey.of(address);
        if (event.change() == NetlinkEvent.Change.NEW) {
            return address.equals(addresses.put(key, address)) ? Effect.UNCHANGED
                    : Effect.CHANGED;
        }
        if (addresses.remove(key) == null) {
            return Effect.UNCHANGED;
        }
        boolean ipv4Left = addresses.keySet().stream().anyMatch(other ->
                other.ifindex() == key.ifindex() && other.family() == StandardProtocolFamily.INET);
        if (key.family() == StandardProtocolFamily.INET && !ipv4Left) {
            routes.removeIf(route -> route.family() == StandardProtocolFamily.INET
                    && route.outputInterface() == key.ifindex());
        }
        return Effect.CHANGED;
    }

    private Effect applyRoute(RouteEvent event) {
        Route route = event.route();
        if (!NetworkState.isTracked(route)) {
            return Effect.UNCHANGED;
        }
        if (event.change() == NetlinkEvent.Change.DEL) {
            return routes.removeIf(present -> sameRoute(present, route)) ? Effect.CHANGED
                    : Effect.UNCHANGED;
        }
        if (routes.stream().anyMatch(present -> sameRoute(present, route))) {
            return Effect.UNCHANGED;
        }
        // The event does not say whether the route replaced one with the same key
        // (NLM_F_REPLACE) or was appended beside it (NLM_F_APPEND), so only a dump can tell.
        if (routes.stream().anyMatch(present -> RouteKey.of(present).equals(RouteKey.of(route)))) {
            return Effect.STALE;
        }
        routes.add(route);
        return Effect.CHANGED;
    }

    private Effect applyRule(RuleEvent event) {
        Rule rule = event.rule();
        if (!NetworkState.isTracked(rule)) {
            return Effect.UNCHANGED;
        }
        if (event.change() == NetlinkEvent.Change.DEL) {
            return rules.remove(rule) ? Effect.CHANGED : Effect.UNCHANGED;
        }
        if (rules.contains(rule)) {
            return Effect.UNCHANGED;
        }
        rules.add(rule);
        return Effect.CHANGED;
    }

    /**
     * Records a change that policy routing made, or that the kernel reported as made already.
     *
     * @param change the change
     */
    void record(Change change) {
        switch (change) {
            case Change.AddRule add -> {
                if (!rules.contains(add.rule())) {
                    rules.add(add.rule());
                }
            }
            case Change.DeleteRule delete -> rules.remove(delete.rule());
            case Change.AddRoute add -> routes.add(add.route());
            case Change.ReplaceRoute replace -> {
                routes.removeIf(present -> sameRoute(present, replace.previous()));
                routes.add(replace.route());
            }
            case Change.DeleteRoute delete ->
                    routes.removeIf(present -> sameRoute(present, delete.route()));
        }
    }

    /** Compares the fields that identify a route to the kernel, and its next hop. */
    private static boolean sameRoute(Route first, Route second) {
        return RouteKey.of(first).equals(RouteKey.of(second))
                && first.gateway().equals(second.gateway())
                && first.outputInterface() == second.outputInterface();
    }
}
