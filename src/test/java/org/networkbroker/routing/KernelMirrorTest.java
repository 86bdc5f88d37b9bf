package org.networkbroker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.networkbroker.netlink.NetlinkEvent.Change.DEL;
import static org.networkbroker.netlink.NetlinkEvent.Change.NEW;
import static org.networkbroker.routing.RoutingFixtures.from;
import static org.networkbroker.routing.RoutingFixtures.ip;
import static org.networkbroker.routing.RoutingFixtures.ipv4;
import static org.networkbroker.routing.RoutingFixtures.ipv6;
import static org.networkbroker.routing.RoutingFixtures.link;
import static org.networkbroker.routing.RoutingFixtures.mainDefault;
import static org.networkbroker.routing.RoutingFixtures.state;
import static org.networkbroker.routing.RoutingFixtures.tableDefault;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.AddressCacheInfo;
import org.networkbroker.netlink.AddressEvent;
import org.networkbroker.netlink.LinkEvent;
import org.networkbroker.netlink.Overrun;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.RouteEvent;
import org.networkbroker.netlink.Rtnetlink;
import org.networkbroker.netlink.RuleEvent;
import org.networkbroker.routing.KernelMirror.Effect;

/** Checks how the mirror follows events and recorded changes. */
class KernelMirrorTest {

    private static final Route ETH1_TABLE_ROUTE = tableDefault("192.0.2.1", 3);
    private static final Route ETH1_TABLE_ROUTE_V6 = tableDefault("fe80::1", 3);

    private final KernelMirror mirror = new KernelMirror();

    @BeforeEach
    void loadState() {
        mirror.reset(state(
                List.of(link(1, "lo", true), link(2, "eth0", true), link(3, "eth1", true)),
                List.of(ipv4(2, "192.0.2.10", 24), ipv4(3, "192.0.2.21", 24),
                        ipv6(3, "2001:db8::21", 64)),
                List.of(mainDefault("192.0.2.1", 2, 0), ETH1_TABLE_ROUTE, ETH1_TABLE_ROUTE_V6),
                List.of(from("192.0.2.21", 10002))));
    }

    @Test
    void addressRenewalChangesNothing() {
        Address renewed = new Address(3, ipv4(3, "192.0.2.21", 24).family(), 24,
                Rtnetlink.RT_SCOPE_UNIVERSE, 0, ip("192.0.2.21"), Optional.of(ip("192.0.2.21")),
                Optional.empty(), Optional.of(new AddressCacheInfo(100, 200, 1, 2)));

        Effect effect = mirror.apply(new AddressEvent(NEW, renewed));

        assertThat(effect).as("effect of a lifetime update").isEqualTo(Effect.UNCHANGED);
    }

    @Test
    void newAddressIsChange() {
        Effect effect = mirror.apply(new AddressEvent(NEW, ipv4(3, "192.0.2.22", 24)));

        assertThat(effect).as("effect of a new address").isEqualTo(Effect.CHANGED);
        assertThat(mirror.snapshot().hostAddresses(3)).as("addresses of eth1")
                .contains(ip("192.0.2.22"));
    }

    @Test
    void linkDownDropsItsRoutes() {
        Effect effect = mirror.apply(new LinkEvent(NEW, link(3, "eth1", false)));

        assertThat(effect).as("effect of eth1 going down").isEqualTo(Effect.CHANGED);
        assertThat(mirror.snapshot().routes()).as("routes after eth1 went down")
                .containsExactly(mainDefault("192.0.2.1", 2, 0));
    }

    @Test
    void linkRemovalDropsAddressesAndRoutes() {
        mirror.apply(new LinkEvent(DEL, link(3, "eth1", true)));

        NetworkState state = mirror.snapshot();
        assertThat(state.link(3)).as("eth1 after removal").isEmpty();
        assertThat(state.hostAddresses(3)).as("addresses of eth1 after removal").isEmpty();
        assertThat(state.routes()).as("routes after eth1 was removed")
                .containsExactly(mainDefault("192.0.2.1", 2, 0));
        assertThat(state.rules()).as("rules after eth1 was removed")
                .containsExactly(from("192.0.2.21", 10002));
    }

    @Test
    void lastIpv4AddressDropsIpv4Routes() {
        mirror.apply(new AddressEvent(DEL, ipv4(3, "192.0.2.21", 24)));

        assertThat(mirror.snapshot().routes()).as("routes after eth1 lost its IPv4 address")
                .containsExactly(mainDefault("192.0.2.1", 2, 0), ETH1_TABLE_ROUTE_V6);
    }

    @Test
    void ipv4RoutesStayWhileAnIpv4AddressRemains() {
        mirror.apply(new AddressEvent(NEW, ipv4(3, "192.0.2.22", 24)));
        mirror.apply(new AddressEvent(DEL, ipv4(3, "192.0.2.21", 24)));

        assertThat(mirror.snapshot().routes()).as("routes after eth1 lost one of two addresses")
                .contains(ETH1_TABLE_ROUTE);
    }

    @Test
    void reportOfRecordedRouteChangesNothing() {
        Route route = tableDefault("192.0.2.1", 2);
        mirror.record(new Change.AddRoute(route,
                new Change.Subject("eth0", 2, 10001)));

        Effect effect = mirror.apply(new RouteEvent(NEW, route));

        assertThat(effect).as("effect of the kernel's report of the added route")
                .isEqualTo(Effect.UNCHANGED);
    }

    @Test
    void routeWithTakenKeyMakesMirrorStale() {
        Effect effect = mirror.apply(new RouteEvent(NEW, mainDefault("192.0.2.2", 2, 0)));

        assertThat(effect).as("effect of a second default route with metric 0")
                .isEqualTo(Effect.STALE);
    }

    @Test
    void untrackedRouteIsIgnored() {
        Route subnet = new Route(ETH1_TABLE_ROUTE.family(), ip("198.51.100.0"), 24,
                Optional.empty(), 3, Rtnetlink.RT_TABLE_MAIN, Rtnetlink.RTPROT_KERNEL,
                Rtnetlink.RT_SCOPE_LINK, Rtnetlink.RTN_UNICAST, 0);

        Effect effect = mirror.apply(new RouteEvent(NEW, subnet));

        assertThat(effect).as("effect of a subnet route").isEqualTo(Effect.UNCHANGED);
        assertThat(mirror.snapshot().routes()).as("routes").doesNotContain(subnet);
    }

    @Test
    void routeDeletionIsChange() {
        Effect effect = mirror.apply(new RouteEvent(DEL, ETH1_TABLE_ROUTE));

        assertThat(effect).as("effect of a deleted table route").isEqualTo(Effect.CHANGED);
        assertThat(mirror.snapshot().routes()).as("routes").doesNotContain(ETH1_TABLE_ROUTE);
    }

    @Test
    void ruleEventsAddAndRemoveOnce() {
        Effect repeated = mirror.apply(new RuleEvent(NEW, from("192.0.2.21", 10002)));
        Effect removed = mirror.apply(new RuleEvent(DEL, from("192.0.2.21", 10002)));
        Effect removedAgain = mirror.apply(new RuleEvent(DEL, from("192.0.2.21", 10002)));

        assertThat(repeated).as("effect of a known rule").isEqualTo(Effect.UNCHANGED);
        assertThat(removed).as("effect of its removal").isEqualTo(Effect.CHANGED);
        assertThat(removedAgain).as("effect of a second removal").isEqualTo(Effect.UNCHANGED);
        assertThat(mirror.snapshot().rules()).as("rules").isEmpty();
    }

    @Test
    void ruleOfOtherTableIsIgnored() {
        Effect effect = mirror.apply(new RuleEvent(NEW, from("192.0.2.21", 100)));

        assertThat(effect).as("effect of a rule of table 100").isEqualTo(Effect.UNCHANGED);
    }

    @Test
    void overrunMakesMirrorStale() {
        assertThat(mirror.apply(new Overrun())).as("effect of an overrun").isEqualTo(Effect.STALE);
    }

    @Test
    void recordedReplaceSwapsRoute() {
        Route next = tableDefault("192.0.2.2", 3);
        mirror.record(new Change.ReplaceRoute(ETH1_TABLE_ROUTE, next,
                new Change.Subject("eth1", 3, 10002)));

        assertThat(mirror.snapshot().routes()).as("routes after the replace")
                .contains(next)
                .doesNotContain(ETH1_TABLE_ROUTE);
    }
}
