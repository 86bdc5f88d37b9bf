package org.networkbroker.routing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.Rtnetlink;
import org.networkbroker.netlink.Rule;
import org.networkbroker.routing.Change.AddRoute;
import org.networkbroker.routing.Change.AddRule;
import org.networkbroker.routing.Change.DeleteRoute;
import org.networkbroker.routing.Change.DeleteRule;
import org.networkbroker.routing.Change.ReplaceRoute;
import org.networkbroker.routing.Change.Subject;
import org.networkbroker.routing.HostRule.Selector;

/**
 * Computes the kernel requests that make policy routing right, from the network state and the
 * configuration alone. It sends nothing itself, so tests can run it without root.
 *
 * <p>The desired state, for each link that is up and whose name is configured: per family, when
 * the link has addresses and a gateway, table {@code 9999 + ifindex} contains one default route
 * through the gateway and the link, and for each address the rules
 * {@code from ADDRESS lookup TABLE} and {@code to ADDRESS lookup TABLE}. Link-local and
 * loopback addresses get no rules, and of the IPv6 addresses only those of global scope do.
 * The IPv4 gateway is the one of the link's own default route in the main table, else the
 * router of its DHCP lease, else the one of the main table's default route. The IPv6 gateway
 * comes only from the link's own default route, because IPv6 gateways are mostly link-local
 * addresses that only mean something on their own link.
 *
 * <p>The planner owns the tables of configured links and of retired links (links that were
 * configured earlier and are no longer): there it removes every host rule (see
 * {@link HostRule}) and default route that is not desired, duplicates included, and replaces a
 * default route whose gateway changed. In the other tables of the policy range it removes only
 * host rules whose address is no longer on the table's link, and the default routes through
 * that link once no rule points to the table. Other rules and routes stay as they are.
 */
final class PolicyPlanner {

    /** Metric that the kernel gives an IPv6 route added without one (IP6_RT_PRIO_USER). */
    static final long IPV6_DEFAULT_METRIC = 1024;

    private static final List<StandardProtocolFamily> FAMILIES =
            List.of(StandardProtocolFamily.INET, StandardProtocolFamily.INET6);

    private final NetworkState state;
    private final GatewayHints hints;
    private final List<Change> routeAdditions = new ArrayList<>();
    private final List<Change> ruleAdditions = new ArrayList<>();
    private final List<Change> ruleDeletions = new ArrayList<>();
    private final List<Change> routeDeletions = new ArrayList<>();
    private final List<Subject> waitingForGateway = new ArrayList<>();

    /** The desired content of an owned table. */
    private record Goal(Subject subject, Set<HostRule> rules,
            Map<StandardProtocolFamily, Route> routes) {
    }

    private PolicyPlanner(NetworkState state, GatewayHints hints) {
        this.state = state;
        this.hints = hints;
    }

    /**
     * Plans the changes.
     *
     * @param state the network state
     * @param linkNames the configured link names, compared exactly
     * @param retired ifindexes of links that were configured earlier and are no longer,
     *         whose tables are emptied
     * @param hints the DHCP lease routers, asked only for up links that are configured, have
     *         IPv4 addresses and no default route of their own
     * @return the changes in the order to send them
     */
    static Plan plan(NetworkState state, Set<String> linkNames, Set<Integer> retired,
            GatewayHints hints) {
        PolicyPlanner planner = new PolicyPlanner(state, hints);
        Map<Long, Goal> goals = planner.goals(linkNames, retired);
        goals.values().forEach(planner::planOwnedTable);
        planner.planStaleRules(goals.keySet());
        List<Change> changes = new ArrayList<>(planner.routeAdditions);
        changes.addAll(planner.ruleAdditions);
        changes.addAll(planner.ruleDeletions);
        changes.addAll(planner.routeDeletions);
        return new Plan(changes, planner.waitingForGateway);
    }

    private Map<Long, Goal> goals(Set<String> linkNames, Set<Integer> retired) {
        Map<Long, Goal> goals = new LinkedHashMap<>();
        state.links().values().stream()
                .filter(link -> linkNames.contains(link.name()))
                .sorted(Comparator.comparingInt(Link::ifindex))
                .forEach(link -> goals.put(PolicyTables.tableOf(link.ifindex()), goalOf(link)));
        retired.stream().sorted().forEach(ifindex -> {
            long table = PolicyTables.tableOf(ifindex);
            String name = state.link(ifindex).map(Link::name).orElse(Subject.GONE);
            goals.putIfAbsent(table, new Goal(new Subject(name, ifindex, table), Set.of(),
                    Map.of()));
        });
        return goals;
    }

    private Goal goalOf(Link link) {
        long table = PolicyTables.tableOf(link.ifindex());
        Subject subject = new Subject(link.name(), link.ifindex(), table);
        Set<HostRule> rules = new LinkedHashSet<>();
        Map<StandardProtocolFamily, Route> routes = new EnumMap<>(StandardProtocolFamily.class);
        if (!link.isUp()) {
            return new Goal(subject, rules, routes);
        }
        for (StandardProtocolFamily family : FAMILIES) {
            List<InetAddress> hosts = eligibleAddresses(link.ifindex(), family);
            if (hosts.isEmpty()) {
                continue;
            }
            Optional<InetAddress> gateway = gateway(link, family);
            if (gateway.isEmpty()) {
                if (family == StandardProtocolFamily.INET) {
                    waitingForGateway.add(subject);
                }
                continue;
            }
            routes.put(family, defaultRoute(family, gateway.get(), link.ifindex(), table));
            for (InetAddress host : hosts) {
                rules.add(new HostRule(Selector.FROM, host, table));
                rules.add(new HostRule(Selector.TO, host, table));
            }
        }
        return new Goal(subject, rules, routes);
    }

    private List<InetAddress> eligibleAddresses(int ifindex, StandardProtocolFamily family) {
        Set<InetAddress> hosts = new LinkedHashSet<>();
        for (Address address : state.addresses()) {
            InetAddress host = NetworkState.hostAddress(address);
            boolean eligible = address.ifindex() == ifindex && address.family() == family
                    && !host.isLinkLocalAddress() && !host.isLoopbackAddress()
                    && (family == StandardProtocolFamily.INET
                            || address.scope() == Rtnetlink.RT_SCOPE_UNIVERSE);
            if (eligible) {
                hosts.add(host);
            }
        }
        return List.copyOf(hosts);
    }

    private Optional<InetAddress> gateway(Link link, StandardProtocolFamily family) {
        Optional<Route> own = mainDefaultRoute(family,
                route -> route.outputInterface() == link.ifindex());
        if (own.isPresent() || family == StandardProtocolFamily.INET6) {
            return own.flatMap(Route::gateway);
        }
        Optional<InetAddress> lease = hints.leaseRouter(link.ifindex())
                .filter(router -> router instanceof Inet4Address);
        if (lease.isPresent()) {
            return lease;
        }
        return mainDefaultRoute(family, route -> true).flatMap(Route::gateway);
    }

    /** Returns the unicast default route with a gateway and the lowest metric, if any. */
    private Optional<Route> mainDefaultRoute(StandardProtocolFamily family,
            Predicate<Route> filter) {
        return state.routes().stream()
                .filter(route -> route.table() == Rtnetlink.RT_TABLE_MAIN
                        && route.family() == family
                        && route.destinationLength() == 0
                        && route.type() == Rtnetlink.RTN_UNICAST
                        && route.gateway().isPresent())
                .filter(filter)
                .min(Comparator.comparingLong(Route::priority));
    }

    /**
     * Builds the default route of a policy table. IPv6 routes get the metric that the kernel
     * would give them anyway, so that the route the kernel reports equals the one added.
     */
    static Route defaultRoute(StandardProtocolFamily family, InetAddress gateway, int ifindex,
            long table) {
        boolean ipv6 = family == StandardProtocolFamily.INET6;
        InetAddress any = InetAddress.ofLiteral(ipv6 ? "::" : "0.0.0.0");
        return new Route(family, any, 0, Optional.of(gateway), ifindex, table,
                Rtnetlink.RTPROT_BOOT, Rtnetlink.RT_SCOPE_UNIVERSE, Rtnetlink.RTN_UNICAST,
                ipv6 ? IPV6_DEFAULT_METRIC : 0);
    }

    private void planOwnedTable(Goal goal) {
        planRules(goal);
        for (StandardProtocolFamily family : FAMILIES) {
            planRoute(goal, family);
        }
    }

    private void planRules(Goal goal) {
        long table = goal.subject().table();
        Map<HostRule, List<Rule>> present = new LinkedHashMap<>();
        for (Rule rule : state.rules()) {
            if (rule.table() == table) {
                HostRule.of(rule).ifPresent(
                        host -> present.computeIfAbsent(host, key -> new ArrayList<>()).add(rule));
            }
        }
        for (HostRule desired : goal.rules()) {
            List<Rule> copies = present.remove(desired);
            if (copies == null) {
                ruleAdditions.add(new AddRule(desired.toRule(), goal.subject()));
            } else {
                deleteDuplicates(copies, goal.subject());
            }
        }
        present.values().forEach(rules -> rules.forEach(
                rule -> ruleDeletions.add(new DeleteRule(rule, goal.subject()))));
    }

    /** Keeps one of equal host rules, the one with our priority if there is one. */
    private void deleteDuplicates(List<Rule> copies, Subject subject) {
        int keptIndex = 0;
        for (int i = 0; i < copies.size(); i++) {
            if (copies.get(i).priority() == PolicyTables.RULE_PRIORITY) {
                keptIndex = i;
                break;
            }
        }
        for (int i = 0; i < copies.size(); i++) {
            if (i != keptIndex) {
                ruleDeletions.add(new DeleteRule(copies.get(i), subject));
            }
        }
    }

    private void planRoute(Goal goal, StandardProtocolFamily family) {
        long table = goal.subject().table();
        List<Route> present = state.routes().stream()
                .filter(route -> route.table() == table && route.family() == family)
                .toList();
        Route desired = goal.routes().get(family);
        if (desired == null) {
            present.forEach(route -> routeDeletions.add(new DeleteRoute(route, goal.subject())));
            return;
        }
        if (present.isEmpty()) {
            routeAdditions.add(new AddRoute(desired, goal.subject()));
            return;
        }
        int keptIndex = -1;
        for (int i = 0; i < present.size() && keptIndex < 0; i++) {
            if (sameNextHop(present.get(i), desired)) {
                keptIndex = i;
            }
        }
        if (keptIndex < 0) {
            Route previous = present.getFirst();
            routeAdditions.add(new ReplaceRoute(previous, withMetric(desired, previous.priority()),
                    goal.subject()));
            keptIndex = 0;
        }
        for (int i = 0; i < present.size(); i++) {
            if (i != keptIndex) {
                routeDeletions.add(new DeleteRoute(present.get(i), goal.subject()));
            }
        }
    }

    private static boolean sameNextHop(Route present, Route desired) {
        return present.type() == desired.type()
                && present.gateway().equals(desired.gateway())
                && present.outputInterface() == desired.outputInterface();
    }

    private static Route withMetric(Route route, long metric) {
        return new Route(route.family(), route.destination(), route.destinationLength(),
                route.gateway(), route.outputInterface(), route.table(), route.protocol(),
                route.scope(), route.type(), metric);
    }

    /** Removes host rules of tables that are not owned, whose address left the link. */
    private void planStaleRules(Set<Long> ownedTables) {
        Map<Long, List<Rule>> byTable = new LinkedHashMap<>();
        for (Rule rule : state.rules()) {
            if (!ownedTables.contains(rule.table())) {
                byTable.computeIfAbsent(rule.table(), key -> new ArrayList<>()).add(rule);
            }
        }
        byTable.forEach(this::planStaleRulesOfTable);
    }

    private void planStaleRulesOfTable(long table, List<Rule> rules) {
        int ifindex = PolicyTables.ifindexOf(table);
        Set<InetAddress> hosts = state.hostAddresses(ifindex);
        String name = state.link(ifindex).map(Link::name).orElse(Subject.GONE);
        Subject subject = new Subject(name, ifindex, table);
        int remaining = 0;
        for (Rule rule : rules) {
            Optional<HostRule> host = HostRule.of(rule);
            if (host.isPresent() && !hosts.contains(host.get().address())) {
                ruleDeletions.add(new DeleteRule(rule, subject));
            } else {
                remaining++;
            }
        }
        if (remaining > 0) {
            return;
        }
        state.routes().stream()
                .filter(route -> route.table() == table && route.outputInterface() == ifindex)
                .forEach(route -> routeDeletions.add(new DeleteRoute(route, subject)));
    }
}
