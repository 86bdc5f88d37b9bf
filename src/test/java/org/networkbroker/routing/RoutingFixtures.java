package org.networkbroker.routing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.IfLink;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.OperationalState;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.Rtnetlink;
import org.networkbroker.netlink.Rule;

/** Short constructors for the records that policy routing tests build. */
final class RoutingFixtures {

    private RoutingFixtures() {
    }

    static InetAddress ip(String text) {
        return InetAddress.ofLiteral(text);
    }

    static Link link(int ifindex, String name, boolean up) {
        int flags = up ? IfLink.IFF_UP | IfLink.IFF_LOWER_UP : 0;
        return new Link(ifindex, name, flags, 1500, Optional.empty(),
                up ? OperationalState.UP : OperationalState.DOWN, List.of(), Optional.of("veth"));
    }

    static Address ipv4(int ifindex, String address, int prefixLength) {
        return Address.of(ifindex, ip(address), prefixLength);
    }

    /** Builds an IPv6 address with the scope the kernel gives it: link for fe80::/10. */
    static Address ipv6(int ifindex, String address, int prefixLength) {
        InetAddress host = ip(address);
        int scope = host.isLinkLocalAddress() ? Rtnetlink.RT_SCOPE_LINK
                : Rtnetlink.RT_SCOPE_UNIVERSE;
        return new Address(ifindex, StandardProtocolFamily.INET6, prefixLength, scope, 0, host,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Builds a default route of the main table, as networkd or {@code ip route} adds it. */
    static Route mainDefault(String gateway, int ifindex, long metric) {
        InetAddress next = ip(gateway);
        boolean ipv6 = next instanceof Inet6Address;
        return new Route(ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET,
                ip(ipv6 ? "::" : "0.0.0.0"), 0, Optional.of(next), ifindex,
                Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_STATIC, Rtnetlink.RT_SCOPE_UNIVERSE,
                Rtnetlink.RTN_UNICAST, metric);
    }

    /** Builds the default route that policy routing puts into a link's table. */
    static Route tableDefault(String gateway, int ifindex) {
        InetAddress next = ip(gateway);
        StandardProtocolFamily family = next instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        return PolicyPlanner.defaultRoute(family, next, ifindex, PolicyTables.tableOf(ifindex));
    }

    /** Builds a default route of a table with a given metric. */
    static Route tableDefault(String gateway, int ifindex, long table, long metric) {
        Route route = tableDefault(gateway, ifindex);
        return new Route(route.family(), route.destination(), 0, route.gateway(), ifindex,
                table, route.protocol(), route.scope(), route.type(), metric);
    }

    static Rule from(String address, long table) {
        return new HostRule(HostRule.Selector.FROM, ip(address), table).toRule();
    }

    static Rule to(String address, long table) {
        return new HostRule(HostRule.Selector.TO, ip(address), table).toRule();
    }

    static Rule withPriority(Rule rule, long priority) {
        return new Rule(rule.family(), rule.source(), rule.sourceLength(), rule.destination(),
                rule.destinationLength(), rule.table(), priority, rule.action());
    }

    static NetworkState state(Collection<Link> links, Collection<Address> addresses,
            Collection<Route> routes, Collection<Rule> rules) {
        return NetworkState.of(links, addresses, routes, rules);
    }
}
