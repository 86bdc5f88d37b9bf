package org.networkbroker.kernel;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.networkbroker.event.AddressChanged;
import org.networkbroker.event.KernelEvent;
import org.networkbroker.event.KernelEvent.Change;
import org.networkbroker.event.LinkChanged;
import org.networkbroker.event.NetworkEvent.Origin;
import org.networkbroker.event.RouteChanged;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.AddressEvent;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.LinkEvent;
import org.networkbroker.netlink.NetlinkEvent;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.RouteEvent;
import org.networkbroker.netlink.Rtnetlink;

/**
 * The kernel's links, addresses and routes as the broker last saw them. An rtnetlink message
 * becomes an event only when it changes something a script can see: a new or renamed link, an
 * address added or removed (not a lifetime update), a route added, replaced or removed. Routes of the local table and local, broadcast and multicast routes are not
 * tracked, because the kernel adds them for every address and they would drown the rest.
 *
 * <p>Not thread-safe; {@link KernelSource} serializes access.
 */
final class KernelState {

    private final Map<Integer, Link> links = new HashMap<>();
    private final Map<AddressKey, Address> addresses = new HashMap<>();
    private final Map<RouteKey, Route> routes = new HashMap<>();

    /** The identity of an address of a link; flags and lifetimes may change under it. */
    private record AddressKey(int ifindex, InetAddress address, int prefixLength) {
        static AddressKey of(Address address) {
            return new AddressKey(address.ifindex(), address.address(), address.prefixLength());
        }
    }

    /** The identity of a route in the kernel, since a route with the same key replaces it. */
    private record RouteKey(StandardProtocolFamily family, InetAddress destination,
            int destinationLength, long table, long priority) {
        static RouteKey of(Route route) {
            return new RouteKey(route.family(), route.destination(), route.destinationLength(),
                    route.table(), route.priority());
        }
    }

    /**
     * Returns the name of a link the kernel reported.
     *
     * @param ifindex the link's ifindex
     * @return its current name, or empty when the kernel has no such link
     */
    Optional<String> linkName(int ifindex) {
        return Optional.ofNullable(links.get(ifindex)).map(Link::name);
    }

    /**
     * Replaces the known state with a fresh dump and returns what changed since the last one.
     *
     * @param origin the origin to give the returned events
     * @return the differences as events, removals first
     */
    List<KernelEvent> replace(List<Link> dumpedLinks, List<Address> dumpedAddresses,
            List<Route> dumpedRoutes, Origin origin) {
        List<KernelEvent> events = new ArrayList<>();
        Map<Integer, Link> freshLinks = new LinkedHashMap<>();
        dumpedLinks.forEach(link -> freshLinks.put(link.ifindex(), link));
        Map<AddressKey, Address> freshAddresses = new LinkedHashMap<>();
        dumpedAddresses.forEach(address -> freshAddresses.put(AddressKey.of(address), address));
        Map<RouteKey, Route> freshRoutes = new LinkedHashMap<>();
        dumpedRoutes.stream().filter(KernelState::isTracked)
                .forEach(route -> freshRoutes.put(RouteKey.of(route), route));

        for (Route route : List.copyOf(routes.values())) {
            if (!route.equals(freshRoutes.get(RouteKey.of(route)))) {
                events.addAll(apply(new RouteEvent(NetlinkEvent.Change.DEL, route), origin));
            }
        }
        for (Address address : List.copyOf(addresses.values())) {
            if (!freshAddresses.containsKey(AddressKey.of(address))) {
                events.addAll(apply(new AddressEvent(NetlinkEvent.Change.DEL, address), origin));
            }
        }
        for (Link link : List.copyOf(links.values())) {
            if (!freshLinks.containsKey(link.ifindex())) {
                events.addAll(apply(new LinkEvent(NetlinkEvent.Change.DEL, link), origin));
            }
        }
        freshLinks.values().forEach(link ->
                events.addAll(apply(new LinkEvent(NetlinkEvent.Change.NEW, link), origin)));
        freshAddresses.values().forEach(address ->
                events.addAll(apply(new AddressEvent(NetlinkEvent.Change.NEW, address), origin)));
        freshRoutes.values().forEach(route ->
                events.addAll(apply(new RouteEvent(NetlinkEvent.Change.NEW, route), origin)));
        return events;
    }

    /**
     * Applies one rtnetlink message.
     *
     * @param event the message
     * @param origin the origin to give the returned events
     * @return the events it causes: none when it changes nothing scripts see
     */
    List<KernelEvent> apply(NetlinkEvent event, Origin origin) {
        return switch (event) {
            case LinkEvent link -> applyLink(link, origin);
            case AddressEvent address -> applyAddress(address, origin);
            case RouteEvent route -> applyRoute(route, origin);
            default -> List.of();
        };
    }

    private List<KernelEvent> applyLink(LinkEvent event, Origin origin) {
        Link link = event.link();
        if (event.change() == NetlinkEvent.Change.DEL) {
            Link known = links.remove(link.ifindex());
            return known == null ? List.of() : List.of(new LinkChanged(link.ifindex(),
                    known.name(), Change.REMOVED, Optional.empty(), origin));
        }
        Link known = links.put(link.ifindex(), link);
        if (known == null) {
            return List.of(new LinkChanged(link.ifindex(), link.name(), Change.ADDED,
                    Optional.empty(), origin));
        }
        if (!known.name().equals(link.name())) {
            return List.of(new LinkChanged(link.ifindex(), link.name(), Change.RENAMED,
                    Optional.of(known.name()), origin));
        }
        return List.of();
    }

    private List<KernelEvent> applyAddress(AddressEvent event, Origin origin) {
        Address address = event.address();
        AddressKey key = AddressKey.of(address);
        boolean changed = event.change() == NetlinkEvent.Change.DEL
                ? addresses.remove(key) != null
                : addresses.put(key, address) == null;
        if (!changed) {
            return List.of();
        }
        Change change = event.change() == NetlinkEvent.Change.DEL ? Change.REMOVED : Change.ADDED;
        // IFA_LOCAL is the link's own address; IFA_ADDRESS is the peer on point-to-point links.
        InetAddress own = address.local().orElse(address.address());
        String text = KernelNames.text(own) + "/" + address.prefixLength();
        return List.of(new AddressChanged(address.ifindex(), name(address.ifindex()), change,
                text, KernelNames.family(address.family()), KernelNames.scope(address.scope()),
                origin));
    }

    private List<KernelEvent> applyRoute(RouteEvent event, Origin origin) {
        Route route = event.route();
        if (!isTracked(route)) {
            return List.of();
        }
        RouteKey key = RouteKey.of(route);
        boolean changed = event.change() == NetlinkEvent.Change.DEL
                ? routes.remove(key) != null
                : !route.equals(routes.put(key, route));
        if (!changed) {
            return List.of();
        }
        Change change = event.change() == NetlinkEvent.Change.DEL ? Change.REMOVED : Change.ADDED;
        String destination = KernelNames.text(route.destination()) + "/"
                + route.destinationLength();
        return List.of(new RouteChanged(route.outputInterface(), name(route.outputInterface()),
                change, destination, route.gateway().map(KernelNames::text), route.table(),
                KernelNames.family(route.family()), origin));
    }

    private String name(int ifindex) {
        return linkName(ifindex).orElse("");
    }

    private static boolean isTracked(Route route) {
        return route.table() != Rtnetlink.RT_TABLE_LOCAL
                && route.type() != Rtnetlink.RTN_LOCAL
                && route.type() != Rtnetlink.RTN_BROADCAST
                && route.type() != Rtnetlink.RTN_MULTICAST;
    }
}
