package org.networkbroker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.networkbroker.routing.RoutingFixtures.ip;
import static org.networkbroker.routing.RoutingFixtures.ipv4;
import static org.networkbroker.routing.RoutingFixtures.ipv6;
import static org.networkbroker.routing.RoutingFixtures.link;
import static org.networkbroker.routing.RoutingFixtures.mainDefault;
import static org.networkbroker.routing.RoutingFixtures.tableDefault;
import static org.networkbroker.routing.RoutingFixtures.withPriority;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
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
import org.networkbroker.routing.HostRule.Selector;

/**
 * Checks the planner on random hosts with up to four links, random addresses, main default
 * routes and DHCP leases, and rules and routes left in the policy tables by earlier runs. A plan
 * is applied with {@link KernelMirror#record}, which changes the state as the kernel would.
 */
class PolicyPlannerPropertyTest {

    private static final List<String> NAMES = List.of("eth0", "eth1", "eth2", "wlan0");
    private static final List<Integer> IFINDEXES = List.of(2, 3, 4, 5);
    private static final List<String> ADDRESSES = List.of("192.0.2.10", "192.0.2.21",
            "192.0.2.22", "169.254.1.1", "2001:db8::21", "fe80::21");
    private static final Set<InetAddress> ELIGIBLE = Set.of(ip("192.0.2.10"), ip("192.0.2.21"),
            ip("192.0.2.22"), ip("2001:db8::21"));
    private static final List<String> GATEWAYS = List.of("192.0.2.1", "192.0.2.2", "fe80::1");
    /** Tables of ifindexes 2 to 7; ifindexes 6 and 7 never exist. */
    private static final List<Long> TABLES = List.of(10001L, 10002L, 10003L, 10004L, 10005L,
            10006L);

    /** A host and a configuration to plan for. */
    record Scenario(NetworkState state, Set<String> linkNames, Set<Integer> retired,
            Map<Integer, InetAddress> leases) {

        GatewayHints hints() {
            return ifindex -> Optional.ofNullable(leases.get(ifindex));
        }

        Plan plan(NetworkState current) {
            return PolicyPlanner.plan(current, linkNames, retired, hints());
        }

        /** Returns the configured links that are present. */
        List<Link> configuredLinks() {
            return state.links().values().stream()
                    .filter(link -> linkNames.contains(link.name()))
                    .toList();
        }
    }

    private record Topology(List<Link> links, List<Address> addresses, List<Route> routes) {
    }

    private record Configuration(Set<String> linkNames, Set<Integer> retired,
            Map<Integer, InetAddress> leases) {
    }

    private static NetworkState applied(Scenario scenario) {
        KernelMirror mirror = new KernelMirror();
        mirror.reset(scenario.state());
        scenario.plan(scenario.state()).changes().forEach(mirror::record);
        return mirror.snapshot();
    }

    @Property
    void planTwiceYieldsNoChanges(@ForAll("scenarios") Scenario scenario) {
        NetworkState after = applied(scenario);

        assertThat(scenario.plan(after).changes()).as("changes of a second plan").isEmpty();
    }

    @Property
    void hostRulesMatchLinkAddresses(@ForAll("scenarios") Scenario scenario) {
        NetworkState after = applied(scenario);

        for (Rule rule : after.rules()) {
            Optional<HostRule> host = HostRule.of(rule);
            int ifindex = PolicyTables.ifindexOf(rule.table());
            if (host.isPresent()) {
                assertThat(after.hostAddresses(ifindex))
                        .as("addresses of ifindex %d, for rule %s", ifindex, rule.describe())
                        .contains(host.get().address());
            }
        }
    }

    @Property
    void ownedTablesPairRulesWithOneRoute(@ForAll("scenarios") Scenario scenario) {
        NetworkState after = applied(scenario);

        for (Link link : scenario.configuredLinks()) {
            long table = PolicyTables.tableOf(link.ifindex());
            List<HostRule> hosts = hostRules(after, table);
            assertThat(hosts).as("host rules of table %d", table).doesNotHaveDuplicates();
            for (StandardProtocolFamily family : StandardProtocolFamily.values()) {
                if (family == StandardProtocolFamily.UNIX) {
                    continue;
                }
                long routes = after.routes().stream()
                        .filter(route -> route.table() == table && route.family() == family)
                        .count();
                boolean rules = hosts.stream().anyMatch(host -> host.family() == family);
                assertThat(routes).as("%s default routes of table %d", family, table)
                        .isEqualTo(rules ? 1 : 0);
            }
        }
    }

    @Property
    void routedAddressesGetBothRules(@ForAll("scenarios") Scenario scenario) {
        NetworkState after = applied(scenario);

        for (Link link : scenario.configuredLinks()) {
            long table = PolicyTables.tableOf(link.ifindex());
            List<HostRule> hosts = hostRules(after, table);
            for (InetAddress address : after.hostAddresses(link.ifindex())) {
                StandardProtocolFamily family = address instanceof Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
                boolean routed = after.routes().stream()
                        .anyMatch(route -> route.table() == table && route.family() == family);
                boolean wanted = link.isUp() && routed && ELIGIBLE.contains(address);
                assertThat(hosts).as("host rules of table %d for %s", table, address)
                        .filteredOn(host -> host.address().equals(address))
                        .extracting(HostRule::selector)
                        .containsExactlyInAnyOrderElementsOf(
                                wanted ? List.of(Selector.FROM, Selector.TO) : List.of());
            }
        }
    }

    @Property
    void planTouchesOnlyPolicyTables(@ForAll("scenarios") Scenario scenario) {
        for (Change change : scenario.plan(scenario.state()).changes()) {
            long table = switch (change) {
                case AddRule add -> add.rule().table();
                case DeleteRule delete -> delete.rule().table();
                case AddRoute add -> add.route().table();
                case ReplaceRoute replace -> replace.previous().table();
                case DeleteRoute delete -> delete.route().table();
            };
            assertThat(PolicyTables.isPolicyTable(table)).as("table of %s", change).isTrue();
            assertThat(change.subject().table()).as("subject table of %s", change)
                    .isEqualTo(table);
            if (change instanceof DeleteRule delete) {
                assertThat(HostRule.of(delete.rule())).as("deleted rule %s", change).isPresent();
            }
        }
    }

    private static List<HostRule> hostRules(NetworkState state, long table) {
        return state.rules().stream()
                .filter(rule -> rule.table() == table)
                .flatMap(rule -> HostRule.of(rule).stream())
                .toList();
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Combinators.combine(topologies(), leftoverRules(), leftoverRoutes(),
                configurations())
                .as((topology, rules, routes, configuration) -> {
                    List<Route> allRoutes = new ArrayList<>(topology.routes());
                    allRoutes.addAll(routes);
                    NetworkState state = NetworkState.of(topology.links(), topology.addresses(),
                            allRoutes, rules);
                    return new Scenario(state, configuration.linkNames(),
                            configuration.retired(), configuration.leases());
                });
    }

    private static Arbitrary<Topology> topologies() {
        Arbitrary<List<Boolean>> present = Arbitraries.of(true, true, true, false).list()
                .ofSize(IFINDEXES.size());
        Arbitrary<List<Boolean>> up = Arbitraries.of(true, true, false).list()
                .ofSize(IFINDEXES.size());
        Arbitrary<List<Set<String>>> addresses = Arbitraries.subsetOf(ADDRESSES).list()
                .ofSize(IFINDEXES.size());
        Arbitrary<Set<Route>> mainRoutes = Arbitraries.subsetOf(mainRoutePool());
        return Combinators.combine(present, up, Arbitraries.shuffle(NAMES), addresses,
                mainRoutes).as(PolicyPlannerPropertyTest::topology);
    }

    private static Topology topology(List<Boolean> present, List<Boolean> up,
            List<String> names, List<Set<String>> addressTexts, Set<Route> mainRoutes) {
        List<Link> links = new ArrayList<>(List.of(link(1, "lo", true)));
        List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < IFINDEXES.size(); i++) {
            if (!present.get(i)) {
                continue;
            }
            int ifindex = IFINDEXES.get(i);
            links.add(link(ifindex, names.get(i), up.get(i)));
            for (String text : addressTexts.get(i)) {
                addresses.add(text.contains(":") ? ipv6(ifindex, text, 64)
                        : ipv4(ifindex, text, text.startsWith("169.254") ? 16 : 24));
            }
        }
        Set<Integer> ifindexes = new HashSet<>();
        links.forEach(link -> ifindexes.add(link.ifindex()));
        List<Route> routes = mainRoutes.stream()
                .filter(route -> ifindexes.contains(route.outputInterface()))
                .toList();
        return new Topology(links, addresses, routes);
    }

    private static List<Route> mainRoutePool() {
        List<Route> pool = new ArrayList<>();
        for (int ifindex : IFINDEXES) {
            pool.add(mainDefault("192.0.2.1", ifindex, 0));
            pool.add(mainDefault("192.0.2.2", ifindex, 100));
            pool.add(mainDefault("fe80::1", ifindex, 1024));
        }
        return pool;
    }

    private static Arbitrary<List<Rule>> leftoverRules() {
        Arbitrary<String> addresses = Arbitraries.of(
                "192.0.2.10", "192.0.2.21", "192.0.2.99", "169.254.1.1", "2001:db8::21",
                "2001:db8::99");
        Arbitrary<Rule> hostRules = Combinators.combine(Arbitraries.of(TABLES),
                Arbitraries.of(Selector.class), addresses, Arbitraries.of(32765L, 100L))
                .as((table, selector, address, priority) -> withPriority(
                        new HostRule(selector, ip(address), table).toRule(), priority));
        Arbitrary<Rule> subnetRules = Arbitraries.of(TABLES).map(table -> new Rule(
                StandardProtocolFamily.INET, ip("10.1.0.0"), 16, ip("0.0.0.0"), 0, table, 500,
                FibRules.FR_ACT_TO_TBL));
        return Arbitraries.frequencyOf(Tuple.of(5, hostRules), Tuple.of(1, subnetRules))
                .list().ofMaxSize(8);
    }

    /** Generates default routes in policy tables, without exact duplicates as in the kernel. */
    private static Arbitrary<List<Route>> leftoverRoutes() {
        Arbitrary<Route> routes = Combinators.combine(Arbitraries.of(TABLES),
                Arbitraries.of(GATEWAYS), Arbitraries.integers().between(2, 7),
                Arbitraries.of(0L, 7L, 1024L))
                .as((table, gateway, ifindex, metric) -> tableDefault(gateway, ifindex, table,
                        metric));
        return routes.set().ofMaxSize(4).map(set -> List.copyOf(new LinkedHashSet<>(set)));
    }

    private static Arbitrary<Configuration> configurations() {
        List<String> names = new ArrayList<>(NAMES);
        names.add("eth9");
        Arbitrary<Map<Integer, InetAddress>> leases = Arbitraries.maps(
                Arbitraries.of(IFINDEXES),
                Arbitraries.of("192.0.2.1", "192.0.2.3", "2001:db8::1").map(RoutingFixtures::ip))
                .ofMaxSize(IFINDEXES.size());
        return Combinators.combine(Arbitraries.subsetOf(names),
                Arbitraries.subsetOf(IntStream.rangeClosed(2, 7).boxed().toList()), leases)
                .as(Configuration::new);
    }
}
