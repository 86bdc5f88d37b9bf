package org.networkbroker.routing;

import static org.networkbroker.netlink.NetlinkEvent.Change.DEL;
import static org.networkbroker.netlink.NetlinkEvent.Change.NEW;

import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.AddressEvent;
import org.networkbroker.netlink.ErrnoException;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.LinkEvent;
import org.networkbroker.netlink.NetlinkEvent;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.RouteEvent;
import org.networkbroker.netlink.Rule;
import org.networkbroker.netlink.RuleEvent;
import org.networkbroker.system.Errno;

/**
 * An in-memory kernel for router tests. It handles requests as the kernel does (EEXIST,
 * ENOENT, ESRCH, replace by key), records the events the kernel would send, and records the
 * requests that change something.
 */
final class FakeKernel implements RoutingKernel {

    final List<Link> links = new ArrayList<>();
    final List<Address> addresses = new ArrayList<>();
    final List<Route> routes = new ArrayList<>();
    final List<Rule> rules = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();
    private final List<NetlinkEvent> events = new ArrayList<>();
    private final Map<String, Integer> failures = new HashMap<>();
    private int dumps;

    /** Makes every later request of a kind ({@code "addRule"} and so on) fail with an errno. */
    void fail(String request, int errno) {
        failures.put(request, errno);
    }

    /** Returns the requests that changed or tried to change something, and clears them. */
    List<String> takeRequests() {
        List<String> copy = List.copyOf(requests);
        requests.clear();
        return copy;
    }

    /** Returns the events the kernel would have sent, and clears them. */
    List<NetlinkEvent> takeEvents() {
        List<NetlinkEvent> copy = List.copyOf(events);
        events.clear();
        return copy;
    }

    /** Returns how many times all four tables were dumped. */
    int dumps() {
        return dumps;
    }

    void putLink(Link link) {
        links.removeIf(present -> present.ifindex() == link.ifindex());
        links.add(link);
        if (!link.isUp()) {
            // The kernel flushes IPv4 and IPv6 routes through a link that goes down, and
            // reports none of the IPv4 ones.
            routes.removeIf(route -> route.outputInterface() == link.ifindex());
        }
        events.add(new LinkEvent(NEW, link));
    }

    void removeLink(Link link) {
        links.removeIf(present -> present.ifindex() == link.ifindex());
        addresses.removeIf(address -> address.ifindex() == link.ifindex());
        routes.removeIf(route -> route.outputInterface() == link.ifindex());
        events.add(new LinkEvent(DEL, link));
    }

    void addAddress(Address address) {
        addresses.add(address);
        events.add(new AddressEvent(NEW, address));
    }

    /**
     * Removes an address. Like the kernel, it flushes the IPv4 routes through the link without
     * a report when the link loses its last IPv4 address.
     */
    void removeAddress(Address address) {
        addresses.remove(address);
        boolean ipv4Left = addresses.stream().anyMatch(other -> other.ifindex() == address.ifindex()
                && other.family() == StandardProtocolFamily.INET);
        if (address.family() == StandardProtocolFamily.INET && !ipv4Left) {
            routes.removeIf(route -> route.family() == StandardProtocolFamily.INET
                    && route.outputInterface() == address.ifindex());
        }
        events.add(new AddressEvent(DEL, address));
    }

    /** Adds or replaces a route by key, as networkd would, reporting only RTM_NEWROUTE. */
    void putRoute(Route route) {
        routes.removeIf(present -> sameKey(present, route));
        routes.add(route);
        events.add(new RouteEvent(NEW, route));
    }

    @Override
    public List<Link> dumpLinks() {
        dumps++;
        return List.copyOf(links);
    }

    @Override
    public List<Address> dumpAddresses() {
        return List.copyOf(addresses);
    }

    @Override
    public List<Route> dumpRoutes() {
        return List.copyOf(routes);
    }

    @Override
    public List<Rule> dumpRules() {
        return List.copyOf(rules);
    }

    @Override
    public void addRule(Rule rule) throws NetlinkException {
        request("addRule", rule.describe());
        if (rules.contains(rule)) {
            throw error("RTM_NEWRULE", Errno.EEXIST, rule.describe());
        }
        rules.add(rule);
        events.add(new RuleEvent(NEW, rule));
    }

    @Override
    public void deleteRule(Rule rule) throws NetlinkException {
        request("deleteRule", rule.describe());
        if (!rules.remove(rule)) {
            throw error("RTM_DELRULE", Errno.ENOENT, rule.describe());
        }
        events.add(new RuleEvent(DEL, rule));
    }

    @Override
    public void addRoute(Route route) throws NetlinkException {
        request("addRoute", route.describe());
        if (routes.stream().anyMatch(present -> sameKey(present, route))) {
            throw error("RTM_NEWROUTE", Errno.EEXIST, route.describe());
        }
        routes.add(route);
        events.add(new RouteEvent(NEW, route));
    }

    @Override
    public void replaceRoute(Route route) throws NetlinkException {
        request("replaceRoute", route.describe());
        routes.removeIf(present -> sameKey(present, route));
        routes.add(route);
        events.add(new RouteEvent(NEW, route));
    }

    @Override
    public void deleteRoute(Route route) throws NetlinkException {
        request("deleteRoute", route.describe());
        boolean removed = routes.removeIf(present -> sameKey(present, route)
                && present.gateway().equals(route.gateway())
                && present.outputInterface() == route.outputInterface());
        if (!removed) {
            throw error("RTM_DELROUTE", Errno.ESRCH, route.describe());
        }
        events.add(new RouteEvent(DEL, route));
    }

    private void request(String kind, String description) throws ErrnoException {
        requests.add(kind + " " + description);
        Integer errno = failures.get(kind);
        if (errno != null) {
            throw error(kind, errno, description);
        }
    }

    private static ErrnoException error(String call, int errno, String description) {
        return new ErrnoException(call, errno, description, null);
    }

    private static boolean sameKey(Route first, Route second) {
        return first.family() == second.family() && first.table() == second.table()
                && first.destination().equals(second.destination())
                && first.destinationLength() == second.destinationLength()
                && first.priority() == second.priority();
    }
}
