package org.networkbroker.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.NetlinkMonitor;
import org.networkbroker.netlink.NetworkNamespace;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.RtnetlinkClient;
import org.networkbroker.netlink.Rule;

/**
 * Runs the policy router against the kernel in two fresh network namespaces (see
 * {@link NetworkNamespace}). The host namespace has eth0 (192.168.77.10/24) and eth1
 * (192.168.77.21/24), veth links whose peers sit in a bridge of the gateway namespace, which
 * has 192.168.77.1/24 and is the host's default gateway through eth0.
 *
 * <p>Nothing else sends packets: IPv6 is off on the links unless a test turns it on, and
 * both sides have permanent neighbour entries, so no ARP runs. Reverse path filtering is off,
 * so a reply through the other link is not dropped and the test without rules can show where
 * the reply goes.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PolicyRouterIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PINGS = 5;
    private static final String HOST_ETH0_MAC = "02:00:00:00:77:10";
    private static final String HOST_ETH1_MAC = "02:00:00:00:77:21";
    private static final String GATEWAY_MAC = "02:00:00:00:77:01";
    private static final Pattern TX_PACKETS =
            Pattern.compile("\"tx\":\\{\"bytes\":\\d+,\"packets\":(\\d+)");

    @TempDir
    Path leases;

    private NetworkNamespace host;
    private NetworkNamespace gateway;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private RtnetlinkClient client;
    private PolicyRouter router;
    private long eth1Table;

    @BeforeEach
    void createHostAndGateway() throws Exception {
        host = NetworkNamespace.create();
        gateway = NetworkNamespace.create();
        for (NetworkNamespace namespace : List.of(host, gateway)) {
            namespace.writeSysctl("net/ipv6/conf/default/disable_ipv6", "1");
            namespace.writeSysctl("net/ipv4/conf/all/rp_filter", "0");
            namespace.writeSysctl("net/ipv4/conf/default/rp_filter", "0");
        }
        host.ip("link", "set", "lo", "up");
        host.ip("link", "add", "eth0", "address", HOST_ETH0_MAC, "type", "veth", "peer", "name",
                "gw0");
        host.ip("link", "add", "eth1", "address", HOST_ETH1_MAC, "type", "veth", "peer", "name",
                "gw1");
        host.ip("link", "set", "gw0", "netns", gateway.path().toString());
        host.ip("link", "set", "gw1", "netns", gateway.path().toString());

        gateway.ip("link", "add", "br0", "address", GATEWAY_MAC, "type", "bridge",
                "forward_delay", "0");
        for (String port : List.of("gw0", "gw1")) {
            gateway.ip("link", "set", port, "master", "br0");
            gateway.ip("link", "set", port, "up");
        }
        gateway.ip("link", "set", "br0", "up");
        gateway.ip("address", "add", "192.168.77.1/24", "dev", "br0");
        gateway.ip("neigh", "replace", "192.168.77.10", "lladdr", HOST_ETH0_MAC, "dev", "br0",
                "nud", "permanent");
        gateway.ip("neigh", "replace", "192.168.77.21", "lladdr", HOST_ETH1_MAC, "dev", "br0",
                "nud", "permanent");

        host.ip("address", "add", "192.168.77.10/24", "dev", "eth0");
        host.ip("address", "add", "192.168.77.21/24", "dev", "eth1");
        for (String link : List.of("eth0", "eth1")) {
            host.ip("link", "set", link, "up");
            host.ip("neigh", "replace", "192.168.77.1", "lladdr", GATEWAY_MAC, "dev", link, "nud",
                    "permanent");
        }
        host.ip("route", "add", "default", "via", "192.168.77.1", "dev", "eth0");

        client = openClient();
        eth1Table = PolicyRouter.tableFor(ifindex("eth1"));
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
        if (host != null) {
            host.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private RtnetlinkClient openClient() throws Exception {
        RtnetlinkClient opened = host.call(RtnetlinkClient::open);
        resources.add(opened);
        return opened;
    }

    private PolicyRouter newRouter(RtnetlinkClient routerClient, String... linkNames) {
        PolicyRouter created = new PolicyRouter(routerClient, Set.of(linkNames),
                GatewayHints.networkdLeases(leases));
        resources.add(created);
        return created;
    }

    /** Starts a monitor in the host namespace that feeds the router, then the router. */
    private void startWithMonitor(String... linkNames) throws Exception {
        router = newRouter(client, linkNames);
        PolicyRouter target = router;
        resources.add(host.call(() -> NetlinkMonitor.start(target::onEvent)));
        router.start();
    }

    private int ifindex(String name) throws Exception {
        return client.dumpLinks().stream()
                .filter(link -> link.name().equals(name))
                .mapToInt(Link::ifindex)
                .findFirst()
                .orElseThrow(() -> new AssertionError("link " + name + " not in dump"));
    }

    /** Returns the rules that point to a policy table, as {@code ip rule} words. */
    private List<String> policyRules() throws Exception {
        return client.dumpRules().stream()
                .filter(rule -> PolicyTables.isPolicyTable(rule.table()))
                .map(Rule::describe)
                .toList();
    }

    private List<String> tableRoutes(long table) throws Exception {
        return client.dumpRoutes(table).stream().map(Route::describe).toList();
    }

    private static List<String> hostRules(String address, long table) {
        return List.of("from " + address + "/32 lookup " + table + " priority 32765",
                "from all to " + address + "/32 lookup " + table + " priority 32765");
    }

    /** Waits until a value meets a condition, and returns the last value either way. */
    private static <T> T await(Callable<T> value, Predicate<T> condition) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        T current = value.call();
        while (!condition.test(current) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            current = value.call();
        }
        return current;
    }

    private long transmittedPackets(String link) throws Exception {
        String output = host.ipOutput("-s", "-j", "link", "show", "dev", link);
        Matcher matcher = TX_PACKETS.matcher(output);
        assertThat(matcher.find()).as("tx packet counter of %s in: %s", link, output).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** Pings 192.168.77.21 from the gateway and returns the packets eth0 and eth1 sent. */
    private long[] pingEth1FromGateway() throws Exception {
        long eth0Before = transmittedPackets("eth0");
        long eth1Before = transmittedPackets("eth1");
        InetAddress target = InetAddress.ofLiteral("192.168.77.21");
        for (int i = 0; i < PINGS; i++) {
            boolean answered = gateway.call(() -> target.isReachable(2000));
            assertThat(answered).as("echo reply %d from 192.168.77.21", i + 1).isTrue();
        }
        return new long[] {transmittedPackets("eth0") - eth0Before,
                transmittedPackets("eth1") - eth1Before};
    }

    @Test
    void replyLeavesThroughArrivalLink() throws Exception {
        long[] without = pingEth1FromGateway();
        router = newRouter(client, "eth1");
        router.start();
        long[] with = pingEth1FromGateway();

        assertThat(without[0]).as("packets sent by eth0 without rules")
                .isGreaterThanOrEqualTo(PINGS);
        assertThat(without[1]).as("packets sent by eth1 without rules").isLessThan(PINGS);
        assertThat(with[1]).as("packets sent by eth1 with rules").isGreaterThanOrEqualTo(PINGS);
        assertThat(with[0]).as("packets sent by eth0 with rules").isLessThan(PINGS);
    }

    @Test
    void startAddsExactlyExpectedEntries() throws Exception {
        router = newRouter(client, "eth1");
        router.start();

        assertThat(policyRules()).as("rules of policy tables")
                .containsExactlyElementsOf(hostRules("192.168.77.21", eth1Table));
        assertThat(tableRoutes(eth1Table)).as("routes of table %d", eth1Table)
                .containsExactly("0.0.0.0/0 via 192.168.77.1 dev " + ifindex("eth1") + " table "
                        + eth1Table);
        assertThat(host.ipOutput("route", "show", "table", Long.toString(eth1Table)).strip())
                .as("ip route show table %d", eth1Table)
                .isEqualTo("default via 192.168.77.1 dev eth1");
        assertThat(host.ipOutput("rule", "show", "table", Long.toString(eth1Table)).lines()
                .map(String::strip).toList())
                .as("ip rule show table %d", eth1Table)
                .containsExactly("32765:\tfrom 192.168.77.21 lookup " + eth1Table,
                        "32765:\tfrom all to 192.168.77.21 lookup " + eth1Table);
    }

    @Test
    void addressChangesFollowEvents() throws Exception {
        // Without promotion, deleting the primary address 192.168.77.21 would delete
        // 192.168.77.22 with it.
        host.writeSysctl("net/ipv4/conf/eth1/promote_secondaries", "1");
        startWithMonitor("eth1");

        host.ip("address", "add", "192.168.77.22/24", "dev", "eth1");
        List<String> added = await(this::policyRules, rules -> rules.size() == 4);
        host.ip("address", "del", "192.168.77.21/24", "dev", "eth1");
        List<String> oneLeft = await(this::policyRules, rules -> rules.size() == 2);
        host.ip("address", "del", "192.168.77.22/24", "dev", "eth1");
        List<String> none = await(this::policyRules, List::isEmpty);
        List<String> routes = await(() -> tableRoutes(eth1Table), List::isEmpty);

        List<String> expected = new ArrayList<>(hostRules("192.168.77.21", eth1Table));
        expected.addAll(hostRules("192.168.77.22", eth1Table));
        assertThat(added).as("rules after adding 192.168.77.22")
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(oneLeft).as("rules after deleting 192.168.77.21")
                .containsExactlyInAnyOrderElementsOf(hostRules("192.168.77.22", eth1Table));
        assertThat(none).as("rules after deleting both addresses").isEmpty();
        assertThat(routes).as("routes of table %d after deleting both addresses", eth1Table)
                .isEmpty();
    }

    @Test
    void restartRemovesStaleAndAddsNoDuplicates() throws Exception {
        host.ip("address", "add", "192.168.77.22/24", "dev", "eth1");
        PolicyRouter first = newRouter(client, "eth1");
        first.start();
        first.close();
        host.ip("address", "del", "192.168.77.22/24", "dev", "eth1");
        host.ip("rule", "add", "from", "192.168.77.21", "lookup", Long.toString(eth1Table),
                "pref", "100");
        host.ip("rule", "add", "from", "192.168.77.55", "lookup", "10050");

        PolicyRouter second = newRouter(openClient(), "eth1");
        second.start();

        assertThat(policyRules()).as("rules after the restart")
                .containsExactlyElementsOf(hostRules("192.168.77.21", eth1Table));
        assertThat(tableRoutes(eth1Table)).as("routes of table %d after the restart", eth1Table)
                .hasSize(1);
    }

    @Test
    void gatewayChangeReplacesTableRoute() throws Exception {
        startWithMonitor("eth1");
        int eth1 = ifindex("eth1");

        host.ip("route", "replace", "default", "via", "192.168.77.2", "dev", "eth0");
        List<String> mainMoved = await(() -> tableRoutes(eth1Table),
                routes -> routes.equals(List.of("0.0.0.0/0 via 192.168.77.2 dev " + eth1
                        + " table " + eth1Table)));
        host.ip("route", "add", "default", "via", "192.168.77.3", "dev", "eth1", "metric", "50");
        List<String> own = await(() -> tableRoutes(eth1Table),
                routes -> routes.equals(List.of("0.0.0.0/0 via 192.168.77.3 dev " + eth1
                        + " table " + eth1Table)));

        assertThat(mainMoved).as("routes of table %d after the main gateway moved", eth1Table)
                .containsExactly("0.0.0.0/0 via 192.168.77.2 dev " + eth1 + " table "
                        + eth1Table);
        assertThat(own).as("routes of table %d after eth1 got its own default", eth1Table)
                .containsExactly("0.0.0.0/0 via 192.168.77.3 dev " + eth1 + " table "
                        + eth1Table);
    }

    @Test
    void renamedLinkGainsAndLosesRules() throws Exception {
        startWithMonitor("uplink");

        renameLink("eth1", "uplink");
        List<String> renamed = await(this::policyRules, rules -> rules.size() == 2);
        List<String> routes = await(() -> tableRoutes(eth1Table), list -> list.size() == 1);
        renameLink("uplink", "eth1");
        List<String> back = await(this::policyRules, List::isEmpty);

        assertThat(renamed).as("rules after eth1 was renamed to uplink")
                .containsExactlyElementsOf(hostRules("192.168.77.21", eth1Table));
        assertThat(routes).as("routes of table %d while named uplink", eth1Table).hasSize(1);
        assertThat(back).as("rules after uplink was renamed back to eth1").isEmpty();
    }

    /** Renames a link, taking it down first, because the kernel rejects renaming an up veth. */
    private void renameLink(String current, String name) throws Exception {
        host.ip("link", "set", current, "down");
        host.ip("link", "set", current, "name", name);
        host.ip("link", "set", name, "up");
    }

    @Test
    void hotPluggedLinkGetsRules() throws Exception {
        startWithMonitor("eth2");

        host.ip("link", "add", "eth2", "type", "veth", "peer", "name", "gw2");
        host.ip("link", "set", "gw2", "netns", gateway.path().toString());
        gateway.ip("link", "set", "gw2", "master", "br0");
        gateway.ip("link", "set", "gw2", "up");
        host.ip("address", "add", "192.168.77.31/24", "dev", "eth2");
        host.ip("link", "set", "eth2", "up");
        long eth2Table = PolicyRouter.tableFor(ifindex("eth2"));
        List<String> rules = await(this::policyRules, list -> list.size() == 2);

        assertThat(rules).as("rules after eth2 appeared")
                .containsExactlyElementsOf(hostRules("192.168.77.31", eth2Table));
        assertThat(tableRoutes(eth2Table)).as("routes of table %d", eth2Table)
                .containsExactly("0.0.0.0/0 via 192.168.77.1 dev " + ifindex("eth2") + " table "
                        + eth2Table);
    }

    @Test
    void linkDownAndUpRestoresRoute() throws Exception {
        startWithMonitor("eth1");
        int eth1 = ifindex("eth1");
        host.ip("route", "add", "default", "via", "192.168.77.3", "dev", "eth1", "metric", "50");
        List<String> own = await(() -> tableRoutes(eth1Table),
                routes -> routes.equals(List.of("0.0.0.0/0 via 192.168.77.3 dev " + eth1
                        + " table " + eth1Table)));

        // Going down flushes the IPv4 routes through eth1, its own default route of the main
        // table included, and the kernel reports none of them.
        host.ip("link", "set", "eth1", "down");
        List<String> down = await(this::policyRules, List::isEmpty);
        host.ip("link", "set", "eth1", "up");
        List<String> up = await(this::policyRules, rules -> rules.size() == 2);
        List<String> routes = await(() -> tableRoutes(eth1Table), list -> list.size() == 1);

        assertThat(own).as("routes of table %d with eth1's own default route", eth1Table)
                .hasSize(1);
        assertThat(down).as("rules while eth1 is down").isEmpty();
        assertThat(up).as("rules after eth1 came up")
                .containsExactlyElementsOf(hostRules("192.168.77.21", eth1Table));
        assertThat(routes).as("routes of table %d after eth1 came up", eth1Table)
                .containsExactly("0.0.0.0/0 via 192.168.77.1 dev " + eth1 + " table "
                        + eth1Table);
    }

    @Test
    void ipv6RulesFollowIpv6Gateway() throws Exception {
        host.writeSysctl("net/ipv6/conf/eth1/disable_ipv6", "0");
        host.ip("address", "add", "2001:db8:77::21/64", "dev", "eth1", "nodad");
        startWithMonitor("eth1");
        List<String> before = policyRules();

        host.ip("-6", "route", "add", "default", "via", "fe80::1", "dev", "eth1");
        List<String> after = await(this::policyRules, rules -> rules.size() == 4);

        assertThat(before).as("rules without an IPv6 default route")
                .containsExactlyElementsOf(hostRules("192.168.77.21", eth1Table));
        assertThat(after).as("rules with an IPv6 default route on eth1").contains(
                "from 2001:db8:77::21/128 lookup " + eth1Table + " priority 32765",
                "from all to 2001:db8:77::21/128 lookup " + eth1Table + " priority 32765");
        assertThat(tableRoutes(eth1Table)).as("routes of table %d", eth1Table).contains(
                "::/0 via fe80::1 dev " + ifindex("eth1") + " table " + eth1Table
                        + " metric 1024");
    }

    @Test
    void leaseRouterIsGatewayFallback() throws Exception {
        host.ip("route", "del", "default");
        Files.writeString(leases.resolve(Integer.toString(ifindex("eth1"))),
                "ADDRESS=192.168.77.21\nROUTER=192.168.77.1\n");

        router = newRouter(client, "eth1");
        router.start();

        assertThat(tableRoutes(eth1Table)).as("routes of table %d", eth1Table)
                .containsExactly("0.0.0.0/0 via 192.168.77.1 dev " + ifindex("eth1") + " table "
                        + eth1Table);
    }
}
