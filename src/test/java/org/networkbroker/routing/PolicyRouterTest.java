package org.networkbroker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.networkbroker.routing.RoutingFixtures.from;
import static org.networkbroker.routing.RoutingFixtures.ip;
import static org.networkbroker.routing.RoutingFixtures.ipv4;
import static org.networkbroker.routing.RoutingFixtures.link;
import static org.networkbroker.routing.RoutingFixtures.mainDefault;
import static org.networkbroker.routing.RoutingFixtures.tableDefault;
import static org.networkbroker.routing.RoutingFixtures.to;
import static org.networkbroker.routing.RoutingFixtures.withPriority;

import ch.qos.logback.classic.Level;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.networkbroker.LogCapture;
import org.networkbroker.netlink.NetlinkEvent;
import org.networkbroker.netlink.Overrun;
import org.networkbroker.system.Errno;

/**
 * Runs the router against {@link FakeKernel}. The host has eth0 (ifindex 2, 192.0.2.10) with
 * the main default route via 192.0.2.1, and eth1 (ifindex 3, 192.0.2.21, table 10002).
 */
class PolicyRouterTest {

    private static final long TABLE_ETH1 = 10002;

    private final FakeKernel kernel = new FakeKernel();
    private final LogCapture routerLog = LogCapture.of(PolicyRouter.class);
    private final LogCapture changeLog = LogCapture.of(ChangeExecutor.class);
    private PolicyRouter router;

    @BeforeEach
    void createHost() {
        kernel.links.addAll(List.of(link(1, "lo", true), link(2, "eth0", true),
                link(3, "eth1", true)));
        kernel.addresses.addAll(List.of(ipv4(2, "192.0.2.10", 24), ipv4(3, "192.0.2.21", 24)));
        kernel.routes.add(mainDefault("192.0.2.1", 2, 0));
        router = new PolicyRouter(kernel, Set.of("eth1"), GatewayHints.none());
    }

    @AfterEach
    void closeLogs() {
        routerLog.close();
        changeLog.close();
    }

    /** Feeds the kernel's reports of everything since the last call back to the router. */
    private void deliverEvents() {
        List<NetlinkEvent> events = kernel.takeEvents();
        while (!events.isEmpty()) {
            events.forEach(router::onEvent);
            events = kernel.takeEvents();
        }
    }

    private List<String> eth1Rules() {
        return kernel.rules.stream().filter(rule -> rule.table() == TABLE_ETH1)
                .map(rule -> rule.describe()).toList();
    }

    private List<String> eth1Routes() {
        return kernel.routes.stream().filter(route -> route.table() == TABLE_ETH1)
                .map(route -> route.describe()).toList();
    }

    @Test
    void startAddsRouteAndRules() throws Exception {
        router.start();

        assertThat(eth1Rules()).as("rules of table 10002").containsExactly(
                "from 192.0.2.21/32 lookup 10002 priority 32765",
                "from all to 192.0.2.21/32 lookup 10002 priority 32765");
        assertThat(eth1Routes()).as("routes of table 10002")
                .containsExactly("0.0.0.0/0 via 192.0.2.1 dev 3 table 10002");
    }

    @Test
    void changesAreLoggedAtInfo() throws Exception {
        router.start();

        assertThat(changeLog.messages(Level.INFO, "policy routing changed")).as("info lines")
                .containsExactly(
                        "policy routing changed link=eth1 ifindex=3 table=10002 route=added"
                                + " gateway=192.0.2.1",
                        "policy routing changed link=eth1 ifindex=3 address=192.0.2.21"
                                + " table=10002 rule=added selector=from",
                        "policy routing changed link=eth1 ifindex=3 address=192.0.2.21"
                                + " table=10002 rule=added selector=to");
    }

    @Test
    void reportsOfOwnChangesSendNothing() throws Exception {
        router.start();
        kernel.takeRequests();

        deliverEvents();

        assertThat(kernel.takeRequests()).as("requests after the kernel's reports").isEmpty();
        assertThat(kernel.dumps()).as("dumps").isEqualTo(1);
    }

    @Test
    void secondRouterAddsNothing() throws Exception {
        router.start();
        router.close();
        kernel.takeRequests();

        PolicyRouter restarted = new PolicyRouter(kernel, Set.of("eth1"), GatewayHints.none());
        restarted.start();

        assertThat(kernel.takeRequests()).as("requests of the second router").isEmpty();
        assertThat(eth1Rules()).as("rules of table 10002").hasSize(2);
    }

    @Test
    void restartRemovesRulesOfVanishedAddress() throws Exception {
        router.start();
        router.close();
        kernel.removeAddress(ipv4(3, "192.0.2.21", 24));
        kernel.addAddress(ipv4(3, "192.0.2.23", 24));

        new PolicyRouter(kernel, Set.of("eth1"), GatewayHints.none()).start();

        assertThat(eth1Rules()).as("rules of table 10002 after the restart").containsExactly(
                "from 192.0.2.23/32 lookup 10002 priority 32765",
                "from all to 192.0.2.23/32 lookup 10002 priority 32765");
        assertThat(eth1Routes()).as("routes of table 10002 after the restart")
                .containsExactly("0.0.0.0/0 via 192.0.2.1 dev 3 table 10002");
    }

    @Test
    void newAddressGetsRules() throws Exception {
        router.start();

        kernel.addAddress(ipv4(3, "192.0.2.22", 24));
        deliverEvents();

        assertThat(eth1Rules()).as("rules of table 10002").contains(
                "from 192.0.2.22/32 lookup 10002 priority 32765",
                "from all to 192.0.2.22/32 lookup 10002 priority 32765");
    }

    @Test
    void removedAddressTakesRulesAndRoute() throws Exception {
        router.start();

        kernel.removeAddress(ipv4(3, "192.0.2.21", 24));
        deliverEvents();

        assertThat(eth1Rules()).as("rules of table 10002").isEmpty();
        assertThat(eth1Routes()).as("routes of table 10002").isEmpty();
        assertThat(changeLog.messages(Level.WARN, "")).as("warnings").isEmpty();
    }

    @Test
    void existingRuleCountsAsAdded() throws Exception {
        kernel.rules.add(from("192.0.2.21", TABLE_ETH1));
        router.start();
        kernel.takeRequests();
        kernel.rules.add(from("192.0.2.22", TABLE_ETH1));

        kernel.addAddress(ipv4(3, "192.0.2.22", 24));
        deliverEvents();

        assertThat(kernel.takeRequests()).as("requests after 192.0.2.22 appeared").containsExactly(
                "addRule from 192.0.2.22/32 lookup 10002 priority 32765",
                "addRule from all to 192.0.2.22/32 lookup 10002 priority 32765");
        assertThat(eth1Rules()).as("rules of table 10002").doesNotHaveDuplicates().hasSize(4);
        assertThat(changeLog.messages(Level.WARN, "")).as("warnings").isEmpty();
    }

    @Test
    void ruleGoneBeforeDeleteIsNoError() throws Exception {
        router.start();
        kernel.rules.clear();

        kernel.removeAddress(ipv4(3, "192.0.2.21", 24));
        deliverEvents();

        assertThat(changeLog.messages(Level.WARN, "")).as("warnings").isEmpty();
        assertThat(kernel.takeRequests()).as("requests").filteredOn(
                request -> request.startsWith("deleteRule")).hasSize(2);
    }

    @Test
    void failureIsLoggedWithErrnoName() throws Exception {
        kernel.fail("addRule", Errno.EPERM);

        router.start();

        assertThat(changeLog.messages(Level.WARN, "policy routing change failed"))
                .as("warnings").containsExactly(
                        "policy routing change failed link=eth1 ifindex=3 address=192.0.2.21"
                                + " table=10002 rule=add selector=from errno=EPERM"
                                + " error=\"addRule failed for from 192.0.2.21/32 lookup 10002"
                                + " priority 32765: EPERM (Operation not permitted)\"",
                        "policy routing change failed link=eth1 ifindex=3 address=192.0.2.21"
                                + " table=10002 rule=add selector=to errno=EPERM"
                                + " error=\"addRule failed for from all to 192.0.2.21/32 lookup"
                                + " 10002 priority 32765: EPERM (Operation not permitted)\"");
    }

    @Test
    void repeatedFailureIsLoggedOnce() throws Exception {
        kernel.fail("addRule", Errno.EPERM);
        router.start();

        kernel.addAddress(ipv4(2, "192.0.2.11", 24));
        deliverEvents();

        assertThat(changeLog.messages(Level.WARN, "selector=from errno=EPERM"))
                .as("warnings for the from rule").hasSize(1);
        assertThat(kernel.takeRequests()).as("requests").filteredOn(request ->
                request.startsWith("addRule from 192.0.2.21")).hasSize(2);
    }

    @Test
    void renameReleasesAndRestoresLink() throws Exception {
        router.start();

        kernel.putLink(link(3, "eth7", true));
        deliverEvents();
        List<String> renamed = eth1Rules();
        kernel.putLink(link(3, "eth1", true));
        deliverEvents();

        assertThat(renamed).as("rules of table 10002 while eth1 is named eth7").isEmpty();
        assertThat(eth1Rules()).as("rules of table 10002 after renaming back").hasSize(2);
        assertThat(eth1Routes()).as("routes of table 10002 after renaming back").hasSize(1);
    }

    @Test
    void hotPluggedLinkGetsRules() throws Exception {
        router.setLinks(Set.of("eth2"));
        router.start();

        kernel.putLink(link(4, "eth2", true));
        kernel.addAddress(ipv4(4, "192.0.2.40", 24));
        deliverEvents();

        assertThat(kernel.rules).as("rules").extracting(rule -> rule.describe()).containsExactly(
                "from 192.0.2.40/32 lookup 10003 priority 32765",
                "from all to 192.0.2.40/32 lookup 10003 priority 32765");
    }

    @Test
    void removedLinkLeavesNoRules() throws Exception {
        router.start();

        kernel.removeLink(link(3, "eth1", true));
        deliverEvents();

        assertThat(kernel.rules).as("rules after eth1 was removed").isEmpty();
    }

    @Test
    void linkDownAndUpRestoresRoute() throws Exception {
        router.start();

        kernel.putLink(link(3, "eth1", false));
        deliverEvents();
        List<String> down = eth1Rules();
        kernel.putLink(link(3, "eth1", true));
        deliverEvents();

        assertThat(down).as("rules of table 10002 while eth1 is down").isEmpty();
        assertThat(eth1Routes()).as("routes of table 10002 after eth1 came up")
                .containsExactly("0.0.0.0/0 via 192.0.2.1 dev 3 table 10002");
        assertThat(eth1Rules()).as("rules of table 10002 after eth1 came up").hasSize(2);
    }

    @Test
    void setLinksMovesPolicyRouting() throws Exception {
        router.start();

        router.setLinks(Set.of("eth0"));

        assertThat(eth1Rules()).as("rules of table 10002 after eth1 left the set").isEmpty();
        assertThat(eth1Routes()).as("routes of table 10002 after eth1 left the set").isEmpty();
        assertThat(kernel.rules).as("rules").extracting(rule -> rule.table())
                .containsOnly(10001L).hasSize(2);
    }

    @Test
    void gatewayChangeReplacesRoute() throws Exception {
        router.start();
        kernel.takeRequests();

        kernel.putRoute(mainDefault("192.0.2.2", 2, 0));
        deliverEvents();

        assertThat(kernel.takeRequests()).as("requests after the main gateway changed")
                .containsExactly("replaceRoute 0.0.0.0/0 via 192.0.2.2 dev 3 table 10002");
        assertThat(eth1Routes()).as("routes of table 10002")
                .containsExactly("0.0.0.0/0 via 192.0.2.2 dev 3 table 10002");
        assertThat(changeLog.messages(Level.INFO, "route=replaced")).as("info lines")
                .containsExactly("policy routing changed link=eth1 ifindex=3 table=10002"
                        + " route=replaced gateway=192.0.2.2 previous=192.0.2.1");
    }

    @Test
    void unexpectedRouteIsReplacedAfterDump() throws Exception {
        kernel.routes.clear();
        router.start();
        kernel.routes.add(tableDefault("192.0.2.9", 3));

        kernel.putRoute(mainDefault("192.0.2.1", 2, 0));
        deliverEvents();

        assertThat(kernel.takeRequests()).as("requests after the main default route appeared")
                .containsExactly(
                        "addRoute 0.0.0.0/0 via 192.0.2.1 dev 3 table 10002",
                        "replaceRoute 0.0.0.0/0 via 192.0.2.1 dev 3 table 10002",
                        "addRule from 192.0.2.21/32 lookup 10002 priority 32765",
                        "addRule from all to 192.0.2.21/32 lookup 10002 priority 32765");
        assertThat(eth1Routes()).as("routes of table 10002")
                .containsExactly("0.0.0.0/0 via 192.0.2.1 dev 3 table 10002");
        assertThat(kernel.dumps()).as("dumps").isEqualTo(2);
    }

    @Test
    void overrunDumpsAgain() throws Exception {
        router.start();
        kernel.addresses.add(ipv4(3, "192.0.2.22", 24));

        router.onEvent(new Overrun());

        assertThat(kernel.dumps()).as("dumps").isEqualTo(2);
        assertThat(eth1Rules()).as("rules of table 10002 after the overrun").hasSize(4);
    }

    @Test
    void leftoversOfEarlierRunAreRemoved() throws Exception {
        kernel.rules.addAll(List.of(from("192.0.2.99", TABLE_ETH1), to("192.0.2.99", TABLE_ETH1),
                withPriority(from("192.0.2.21", TABLE_ETH1), 100), from("192.0.2.55", 10030)));

        router.start();

        assertThat(kernel.rules).as("rules after start").extracting(rule -> rule.describe())
                .containsExactlyInAnyOrder(
                        "from 192.0.2.21/32 lookup 10002 priority 100",
                        "from all to 192.0.2.21/32 lookup 10002 priority 32765");
    }

    @Test
    void closedRouterIgnoresEventsAndKeepsRules() throws Exception {
        router.start();
        router.close();
        kernel.takeRequests();

        kernel.removeAddress(ipv4(3, "192.0.2.21", 24));
        deliverEvents();

        assertThat(kernel.takeRequests()).as("requests after close").isEmpty();
        assertThat(eth1Rules()).as("rules of table 10002 after close").hasSize(2);
    }

    @Test
    void eventsBeforeStartAreIgnored() {
        kernel.addAddress(ipv4(3, "192.0.2.22", 24));

        deliverEvents();

        assertThat(kernel.takeRequests()).as("requests before start").isEmpty();
    }

    @Test
    void startTwiceIsRejected() throws Exception {
        router.start();

        assertThatIllegalStateException().isThrownBy(router::start)
                .withMessageContaining("started before");
    }

    @Test
    void missingGatewayIsLoggedOnce() throws Exception {
        kernel.routes.clear();
        router.start();

        kernel.addAddress(ipv4(3, "192.0.2.22", 24));
        deliverEvents();

        assertThat(routerLog.messages(Level.INFO, "waits for an IPv4 gateway")).as("info lines")
                .hasSize(1);
        assertThat(kernel.rules).as("rules without a gateway").isEmpty();
    }

    @Test
    void leaseRouterIsUsedWithoutDefaultRoute() throws Exception {
        kernel.routes.clear();
        PolicyRouter leased = new PolicyRouter(kernel, Set.of("eth1"),
                ifindex -> ifindex == 3 ? Optional.of(ip("192.0.2.254")) : Optional.empty());

        leased.start();

        assertThat(eth1Routes()).as("routes of table 10002")
                .containsExactly("0.0.0.0/0 via 192.0.2.254 dev 3 table 10002");
    }

    @Test
    void tableForAddsBase() {
        assertThat(PolicyRouter.tableFor(3)).as("table of ifindex 3").isEqualTo(10002);
    }
}
