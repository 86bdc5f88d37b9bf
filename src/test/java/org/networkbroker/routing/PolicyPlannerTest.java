package org.networkbroker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.networkbroker.routing.RoutingFixtures.from;
import static org.networkbroker.routing.RoutingFixtures.ip;
import static org.networkbroker.routing.RoutingFixtures.ipv4;
import static org.networkbroker.routing.RoutingFixtures.ipv6;
import static org.networkbroker.routing.RoutingFixtures.link;
import static org.networkbroker.routing.RoutingFixtures.mainDefault;
import static org.networkbroker.routing.RoutingFixtures.state;
import static org.networkbroker.routing.RoutingFixtures.tableDefault;
import static org.networkbroker.routing.RoutingFixtures.to;
import static org.networkbroker.routing.RoutingFixtures.withPriority;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.FibRules;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.Rule;
import org.networkbroker.routing.Change.AddRoute;
import org.networkbroker.routing.Change.AddRule;
import org.networkbroker.routing.Change.DeleteRoute;
import org.networkbroker.routing.Change.DeleteRule;
import org.networkbroker.routing.Change.ReplaceRoute;
import org.networkbroker.routing.Change.Subject;

/**
 * Checks the planner on hand-made states. The host has eth0 (ifindex 2, table 10001) and eth1
 * (ifindex 3, table 10002) in 192.0.2.0/24, and only eth1 is configured.
 */
class PolicyPlannerTest {

    private static final long TABLE_ETH0 = 10001;
    private static final long TABLE_ETH1 = 10002;
    private static final Subject ETH0 = new Subject("eth0", 2, TABLE_ETH0);
    private static final Subject ETH1 = new Subject("eth1", 3, TABLE_ETH1);
    private static final Set<String> ETH1_ONLY = Set.of("eth1");

    private final List<Link> links = new ArrayList<>(
            List.of(link(1, "lo", true), link(2, "eth0", true), link(3, "eth1", true)));
    private final List<Address> addresses = new ArrayList<>(
            List.of(ipv4(2, "192.0.2.10", 24), ipv4(3, "192.0.2.21", 24)));
    private final List<Route> routes = new ArrayList<>(List.of(mainDefault("192.0.2.1", 2, 0)));
    private final List<Rule> rules = new ArrayList<>();

    private Plan plan(Set<String> linkNames) {
        return plan(linkNames, Set.of(), GatewayHints.none());
    }

    private Plan plan(Set<String> linkNames, Set<Integer> retired, GatewayHints hints) {
        return PolicyPlanner.plan(state(links, addresses, routes, rules), linkNames, retired,
                hints);
    }

    private void replaceLink(Link link) {
        links.removeIf(present -> present.ifindex() == link.ifindex());
        links.add(link);
    }

    @Test
    void configuredLinkGetsRouteAndRules() {
        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth1").containsExactly(
                new AddRoute(tableDefault("192.0.2.1", 3), ETH1),
                new AddRule(from("192.0.2.21", TABLE_ETH1), ETH1),
                new AddRule(to("192.0.2.21", TABLE_ETH1), ETH1));
        assertThat(plan.waitingForGateway()).as("links waiting for a gateway").isEmpty();
    }

    @Test
    void addedRulesUsePolicyPriority() {
        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth1")
                .filteredOn(AddRule.class::isInstance)
                .extracting(change -> ((AddRule) change).rule().priority())
                .containsOnly(PolicyTables.RULE_PRIORITY);
    }

    @Test
    void unconfiguredLinkIsLeftAlone() {
        Plan plan = plan(Set.of("eth9"));

        assertThat(plan.changes()).as("changes without a configured link present").isEmpty();
    }

    @Test
    void ownDefaultRouteWinsOverLease() {
        routes.add(mainDefault("192.0.2.254", 3, 100));
        routes.add(mainDefault("192.0.2.250", 3, 200));

        Plan plan = plan(ETH1_ONLY, Set.of(), ifindex -> Optional.of(ip("192.0.2.253")));

        assertThat(plan.changes()).as("changes for eth1")
                .contains(new AddRoute(tableDefault("192.0.2.254", 3), ETH1));
    }

    @Test
    void leaseRouterWinsOverMainDefault() {
        Plan plan = plan(ETH1_ONLY, Set.of(),
                ifindex -> ifindex == 3 ? Optional.of(ip("192.0.2.253")) : Optional.empty());

        assertThat(plan.changes()).as("changes for eth1")
                .contains(new AddRoute(tableDefault("192.0.2.253", 3), ETH1));
    }

    @Test
    void ipv6LeaseRouterIsIgnored() {
        Plan plan = plan(ETH1_ONLY, Set.of(), ifindex -> Optional.of(ip("2001:db8::1")));

        assertThat(plan.changes()).as("changes for eth1")
                .contains(new AddRoute(tableDefault("192.0.2.1", 3), ETH1));
    }

    @Test
    void linkWithoutGatewayWaits() {
        routes.clear();

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes without any gateway").isEmpty();
        assertThat(plan.waitingForGateway()).as("links waiting for a gateway")
                .containsExactly(ETH1);
    }

    @Test
    void linkLocalAddressesGetNoRules() {
        addresses.add(ipv4(3, "169.254.7.7", 16));
        addresses.add(ipv6(3, "fe80::21", 64));
        routes.add(mainDefault("fe80::1", 3, 1024));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth1").containsExactly(
                new AddRoute(tableDefault("192.0.2.1", 3), ETH1),
                new AddRule(from("192.0.2.21", TABLE_ETH1), ETH1),
                new AddRule(to("192.0.2.21", TABLE_ETH1), ETH1));
    }

    @Test
    void ipv6RulesNeedIpv6Gateway() {
        addresses.add(ipv6(3, "2001:db8::21", 64));

        Plan without = plan(ETH1_ONLY);
        routes.add(mainDefault("fe80::1", 3, 1024));
        Plan with = plan(ETH1_ONLY);

        assertThat(without.changes()).as("changes without an IPv6 default route")
                .hasSize(3)
                .noneMatch(change -> change.toString().contains("2001:db8"));
        assertThat(with.changes()).as("changes with an IPv6 default route on eth1").contains(
                new AddRoute(tableDefault("fe80::1", 3), ETH1),
                new AddRule(from("2001:db8::21", TABLE_ETH1), ETH1),
                new AddRule(to("2001:db8::21", TABLE_ETH1), ETH1));
        assertThat(tableDefault("fe80::1", 3).priority()).as("metric of the IPv6 table route")
                .isEqualTo(1024);
    }

    @Test
    void ipv6DefaultOfOtherLinkIsNotUsed() {
        addresses.add(ipv6(3, "2001:db8::21", 64));
        routes.add(mainDefault("fe80::1", 2, 1024));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth1")
                .noneMatch(change -> change.toString().contains("2001:db8"));
    }

    @Test
    void pointToPointAddressUsesLocalSide() {
        addresses.add(new Address(3, StandardProtocolFamily.INET, 32, 0, 0,
                ip("198.51.100.2"), Optional.of(ip("198.51.100.1")), Optional.empty(),
                Optional.empty()));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth1")
                .contains(new AddRule(from("198.51.100.1", TABLE_ETH1), ETH1))
                .noneMatch(change -> change.toString().contains("198.51.100.2"));
    }

    @Test
    void downLinkLosesRouteAndRules() {
        replaceLink(link(3, "eth1", false));
        routes.add(tableDefault("192.0.2.1", 3));
        rules.add(from("192.0.2.21", TABLE_ETH1));
        rules.add(to("192.0.2.21", TABLE_ETH1));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth1 while down").containsExactly(
                new DeleteRule(from("192.0.2.21", TABLE_ETH1), ETH1),
                new DeleteRule(to("192.0.2.21", TABLE_ETH1), ETH1),
                new DeleteRoute(tableDefault("192.0.2.1", 3), ETH1));
    }

    @Test
    void removedAddressLosesItsRules() {
        addresses.add(ipv4(3, "192.0.2.22", 24));
        routes.add(tableDefault("192.0.2.1", 3));
        rules.addAll(List.of(from("192.0.2.21", TABLE_ETH1), to("192.0.2.21", TABLE_ETH1),
                from("192.0.2.22", TABLE_ETH1), to("192.0.2.22", TABLE_ETH1)));
        addresses.remove(ipv4(3, "192.0.2.21", 24));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes after 192.0.2.21 left eth1").containsExactly(
                new DeleteRule(from("192.0.2.21", TABLE_ETH1), ETH1),
                new DeleteRule(to("192.0.2.21", TABLE_ETH1), ETH1));
    }

    @Test
    void lastAddressTakesRouteAlong() {
        routes.add(tableDefault("192.0.2.1", 3));
        rules.addAll(List.of(from("192.0.2.21", TABLE_ETH1), to("192.0.2.21", TABLE_ETH1)));
        addresses.remove(ipv4(3, "192.0.2.21", 24));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes after eth1 lost its only address")
                .containsExactly(
                        new DeleteRule(from("192.0.2.21", TABLE_ETH1), ETH1),
                        new DeleteRule(to("192.0.2.21", TABLE_ETH1), ETH1),
                        new DeleteRoute(tableDefault("192.0.2.1", 3), ETH1));
    }

    @Test
    void matchingStateNeedsNoChanges() {
        routes.add(tableDefault("192.0.2.1", 3));
        rules.addAll(List.of(from("192.0.2.21", TABLE_ETH1), to("192.0.2.21", TABLE_ETH1)));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes when everything is in place").isEmpty();
    }

    @Test
    void gatewayChangeReplacesRouteKeepingMetric() {
        Route previous = tableDefault("192.0.2.1", 3, TABLE_ETH1, 7);
        routes.add(previous);
        rules.addAll(List.of(from("192.0.2.21", TABLE_ETH1), to("192.0.2.21", TABLE_ETH1)));
        routes.set(0, mainDefault("192.0.2.2", 2, 0));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes after the main gateway moved").containsExactly(
                new ReplaceRoute(previous, tableDefault("192.0.2.2", 3, TABLE_ETH1, 7), ETH1));
    }

    @Test
    void extraDefaultRouteIsRemoved() {
        Route extra = tableDefault("192.0.2.9", 3, TABLE_ETH1, 50);
        routes.add(extra);
        routes.add(tableDefault("192.0.2.1", 3));
        rules.addAll(List.of(from("192.0.2.21", TABLE_ETH1), to("192.0.2.21", TABLE_ETH1)));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes with a second default route in table 10002")
                .containsExactly(new DeleteRoute(extra, ETH1));
    }

    @Test
    void equivalentRuleAtOtherPriorityIsKept() {
        routes.add(tableDefault("192.0.2.1", 3));
        rules.add(withPriority(from("192.0.2.21", TABLE_ETH1), 100));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes with a from rule at priority 100")
                .containsExactly(new AddRule(to("192.0.2.21", TABLE_ETH1), ETH1));
    }

    @Test
    void duplicateRulesShrinkToOne() {
        Rule older = withPriority(from("192.0.2.21", TABLE_ETH1), 100);
        routes.add(tableDefault("192.0.2.1", 3));
        rules.addAll(List.of(older, from("192.0.2.21", TABLE_ETH1), to("192.0.2.21", TABLE_ETH1),
                to("192.0.2.21", TABLE_ETH1)));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes with duplicate rules").containsExactly(
                new DeleteRule(older, ETH1),
                new DeleteRule(to("192.0.2.21", TABLE_ETH1), ETH1));
    }

    @Test
    void otherRulesInOwnedTableStay() {
        Rule subnet = new Rule(StandardProtocolFamily.INET, ip("10.1.0.0"), 16,
                ip("0.0.0.0"), 0, TABLE_ETH1, 500, FibRules.FR_ACT_TO_TBL);
        rules.add(subnet);

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes with a subnet rule in table 10002")
                .noneMatch(change -> change instanceof DeleteRule);
    }

    @Test
    void staleRuleOfGoneLinkIsRemoved() {
        rules.add(from("192.0.2.44", 10020));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for a rule of ifindex 21, which is gone")
                .contains(new DeleteRule(from("192.0.2.44", 10020),
                        new Subject(Subject.GONE, 21, 10020)));
    }

    @Test
    void ruleOfUnconfiguredLinkWithAddressStays() {
        rules.addAll(List.of(from("192.0.2.10", TABLE_ETH0), to("192.0.2.10", TABLE_ETH0)));
        routes.add(tableDefault("192.0.2.1", 2));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth0, unconfigured but with 192.0.2.10")
                .noneMatch(change -> change.subject().table() == TABLE_ETH0);
    }

    @Test
    void staleRulesOfUnconfiguredLinkTakeRouteAlong() {
        rules.addAll(List.of(from("192.0.2.99", TABLE_ETH0), to("192.0.2.99", TABLE_ETH0)));
        routes.add(tableDefault("192.0.2.1", 2));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth0, whose 192.0.2.99 is gone")
                .filteredOn(change -> change.subject().table() == TABLE_ETH0)
                .containsExactly(
                        new DeleteRule(from("192.0.2.99", TABLE_ETH0), ETH0),
                        new DeleteRule(to("192.0.2.99", TABLE_ETH0), ETH0),
                        new DeleteRoute(tableDefault("192.0.2.1", 2), ETH0));
    }

    @Test
    void unconfiguredTableKeepsRouteWhileRulesRemain() {
        rules.addAll(List.of(from("192.0.2.99", TABLE_ETH0), from("192.0.2.10", TABLE_ETH0)));
        routes.add(tableDefault("192.0.2.1", 2));

        Plan plan = plan(ETH1_ONLY);

        assertThat(plan.changes()).as("changes for eth0 with one rule left")
                .filteredOn(change -> change.subject().table() == TABLE_ETH0)
                .containsExactly(new DeleteRule(from("192.0.2.99", TABLE_ETH0), ETH0));
    }

    @Test
    void retiredLinkTableIsEmptied() {
        rules.addAll(List.of(from("192.0.2.10", TABLE_ETH0), to("192.0.2.10", TABLE_ETH0)));
        routes.add(tableDefault("192.0.2.1", 2));

        Plan plan = plan(ETH1_ONLY, Set.of(2), GatewayHints.none());

        assertThat(plan.changes()).as("changes for eth0 after it left the configuration")
                .filteredOn(change -> change.subject().table() == TABLE_ETH0)
                .containsExactly(
                        new DeleteRule(from("192.0.2.10", TABLE_ETH0), ETH0),
                        new DeleteRule(to("192.0.2.10", TABLE_ETH0), ETH0),
                        new DeleteRoute(tableDefault("192.0.2.1", 2), ETH0));
    }

    @Test
    void renamedLinkIsMatchedByNewName() {
        replaceLink(link(3, "uplink", true));

        Plan plan = plan(Set.of("uplink"));

        assertThat(plan.changes()).as("changes for eth1 renamed to uplink").contains(
                new AddRule(from("192.0.2.21", TABLE_ETH1),
                        new Subject("uplink", 3, TABLE_ETH1)));
    }

    @Test
    void namesMatchExactly() {
        Plan plan = plan(Set.of("eth"));

        assertThat(plan.changes()).as("changes for the configured name eth").isEmpty();
    }

    @Test
    void tablesOutsideRangeAreNotTracked() {
        Rule foreign = from("192.0.2.77", 100);
        rules.add(foreign);
        routes.add(tableDefault("192.0.2.1", 3, 9999, 0));

        NetworkState state = state(links, addresses, routes, rules);

        assertThat(state.rules()).as("tracked rules").doesNotContain(foreign);
        assertThat(state.routes()).as("tracked routes")
                .noneMatch(route -> route.table() == 9999);
    }

    @Test
    void changesComeInSafeOrder() {
        addresses.add(ipv4(3, "192.0.2.22", 24));
        rules.addAll(List.of(from("192.0.2.99", TABLE_ETH1), from("192.0.2.98", TABLE_ETH0)));
        routes.add(tableDefault("192.0.2.1", 2));

        List<Change> changes = plan(ETH1_ONLY).changes();

        List<Class<?>> kinds = changes.stream().<Class<?>>map(Object::getClass).toList();
        assertThat(kinds).as("kinds of changes in order").containsExactly(
                AddRoute.class, AddRule.class, AddRule.class, AddRule.class, AddRule.class,
                DeleteRule.class, DeleteRule.class, DeleteRoute.class);
    }

    @Test
    void leaseIsAskedOnlyWhenNeeded() {
        List<Integer> asked = new ArrayList<>();

        plan(Set.of("eth0", "eth1"), Set.of(), ifindex -> {
            asked.add(ifindex);
            return Optional.empty();
        });

        assertThat(asked).as("ifindexes whose lease was read, eth0 has a default route")
                .containsExactly(3);
    }

    @Test
    void hostAddressesCoverBothFamilies() {
        addresses.add(ipv6(3, "2001:db8::21", 64));

        Set<InetAddress> hosts = state(links, addresses, routes, rules).hostAddresses(3);

        assertThat(hosts).as("host addresses of eth1")
                .containsExactly(ip("192.0.2.21"), ip("2001:db8::21"));
    }
}
