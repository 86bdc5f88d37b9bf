package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.system.Errno;

/**
 * Runs the client against the kernel inside a fresh network namespace (see
 * {@link NetworkNamespace}), with a veth pair nb-veth0 and nb-veth1 in it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtnetlinkClientIT {

    private static final long TABLE = 10002;

    private NetworkNamespace namespace;
    private RtnetlinkClient client;
    private int veth0;

    @BeforeEach
    void createNamespaceWithVethPair() throws Exception {
        namespace = NetworkNamespace.create();
        client = namespace.call(RtnetlinkClient::open);
        namespace.ip("link", "add", "nb-veth0", "type", "veth", "peer", "name", "nb-veth1");
        namespace.ip("link", "set", "nb-veth0", "up");
        namespace.ip("link", "set", "nb-veth1", "up");
        veth0 = linkNamed("nb-veth0").ifindex();
    }

    @AfterEach
    void closeNamespace() throws Exception {
        if (client != null) {
            client.close();
        }
        if (namespace != null) {
            namespace.close();
        }
    }

    private Link linkNamed(String name) throws NetlinkException {
        return client.dumpLinks().stream()
                .filter(link -> link.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("link " + name + " not in dump"));
    }

    @Test
    void dumpLinksShowsLoopbackAndVeth() throws Exception {
        List<Link> links = client.dumpLinks();
        Link loopback = linkNamed("lo");
        Link veth = linkNamed("nb-veth0");

        assertThat(links).as("links of the new namespace").extracting(Link::name)
                .containsExactlyInAnyOrder("lo", "nb-veth0", "nb-veth1");
        assertThat(loopback.flags() & IfLink.IFF_LOOPBACK).as("IFF_LOOPBACK of lo").isNotZero();
        assertThat(veth.kind()).as("kind of nb-veth0").contains("veth");
        assertThat(veth.isUp()).as("IFF_UP of nb-veth0").isTrue();
        assertThat(veth.address().orElseThrow().bytes()).as("MAC length of nb-veth0")
                .hasSize(6);
    }

    @Test
    void getLinkByIndex() throws Exception {
        assertThat(client.getLink(veth0)).as("link ifindex=%d", veth0)
                .hasValueSatisfying(link -> assertThat(link.name()).isEqualTo("nb-veth0"));
        assertThat(client.getLink(9999)).as("link ifindex=9999").isEmpty();
    }

    @Test
    void addedAddressesAppearInDump() throws Exception {
        Address ipv4 = Address.of(veth0, InetAddress.getByName("192.0.2.1"), 24);
        Address ipv6 = Address.of(veth0, InetAddress.getByName("2001:db8::1"), 64)
                .withFlags(IfAddr.IFA_F_NODAD);

        client.addAddress(ipv4);
        client.addAddress(ipv6);
        List<String> added = prefixesOnVeth0();
        client.deleteAddress(ipv4);
        client.deleteAddress(ipv6);
        List<String> deleted = prefixesOnVeth0();

        assertThat(added).as("addresses of nb-veth0 after add")
                .contains("192.0.2.1/24", "2001:db8::1/64");
        assertThat(deleted).as("addresses of nb-veth0 after delete")
                .doesNotContain("192.0.2.1/24", "2001:db8::1/64");
    }

    private List<String> prefixesOnVeth0() throws NetlinkException {
        return client.dumpAddresses().stream()
                .filter(address -> address.ifindex() == veth0)
                .map(Address::toPrefixString)
                .toList();
    }

    @Test
    void addingAddressTwiceFailsWithEexist() throws Exception {
        Address address = Address.of(veth0, InetAddress.getByName("192.0.2.1"), 24);
        client.addAddress(address);

        assertThatThrownBy(() -> client.addAddress(address))
                .as("second add of 192.0.2.1/24 on nb-veth0")
                .isInstanceOfSatisfying(ErrnoException.class, error ->
                        assertThat(error.errno()).isEqualTo(Errno.EEXIST));
    }

    @Test
    void routesInTable10002AddAndDelete() throws Exception {
        client.addAddress(Address.of(veth0, InetAddress.getByName("192.0.2.1"), 24));
        client.addAddress(Address.of(veth0, InetAddress.getByName("2001:db8::1"), 64)
                .withFlags(IfAddr.IFA_F_NODAD));
        Route ipv4 = Route.unicast(InetAddress.getByName("198.51.100.0"), 24,
                InetAddress.getByName("192.0.2.254"), veth0, TABLE);
        Route ipv6 = Route.unicast(InetAddress.getByName("2001:db8:1::"), 48, null, veth0,
                TABLE);

        client.addRoute(ipv4);
        client.addRoute(ipv6);
        List<String> added = client.dumpRoutes(TABLE).stream().map(Route::describe).toList();
        client.deleteRoute(ipv4);
        client.deleteRoute(ipv6);
        List<Route> deleted = client.dumpRoutes(TABLE);

        assertThat(added).as("routes of table 10002 after add").containsExactlyInAnyOrder(
                "198.51.100.0/24 via 192.0.2.254 dev " + veth0 + " table 10002",
                "2001:db8:1::/48 dev " + veth0 + " table 10002 metric 1024");
        assertThat(deleted).as("routes of table 10002 after delete").isEmpty();
        assertThatThrownBy(() -> client.deleteRoute(ipv4))
                .as("delete of absent route 198.51.100.0/24")
                .isInstanceOfSatisfying(ErrnoException.class, error ->
                        assertThat(error.errnoName()).isEqualTo("ESRCH"));
    }

    @Test
    void replaceRouteSwapsGatewayInPlace() throws Exception {
        client.addAddress(Address.of(veth0, InetAddress.getByName("192.0.2.1"), 24));
        InetAddress any = InetAddress.getByName("0.0.0.0");
        Route first = Route.unicast(any, 0, InetAddress.getByName("192.0.2.254"), veth0, TABLE);
        Route second = Route.unicast(any, 0, InetAddress.getByName("192.0.2.253"), veth0, TABLE);

        client.replaceRoute(first);
        List<String> created = client.dumpRoutes(TABLE).stream().map(Route::describe).toList();
        client.replaceRoute(second);
        List<String> replaced = client.dumpRoutes(TABLE).stream().map(Route::describe).toList();

        assertThat(created).as("table 10002 after replace into an empty table")
                .containsExactly("0.0.0.0/0 via 192.0.2.254 dev " + veth0 + " table 10002");
        assertThat(replaced).as("table 10002 after replace with another gateway")
                .containsExactly("0.0.0.0/0 via 192.0.2.253 dev " + veth0 + " table 10002");
    }

    @Test
    void routeInMainTableIsNotInTable10002() throws Exception {
        client.addAddress(Address.of(veth0, InetAddress.getByName("192.0.2.1"), 24));
        Route main = Route.unicast(InetAddress.getByName("203.0.113.0"), 24,
                InetAddress.getByName("192.0.2.254"), veth0, Rtnetlink.RT_TABLE_MAIN);

        client.addRoute(main);

        assertThat(client.dumpRoutes(TABLE)).as("routes of table 10002").isEmpty();
        assertThat(client.dumpRoutes(Rtnetlink.RT_TABLE_MAIN)).as("routes of table main")
                .extracting(Route::describe)
                .contains("203.0.113.0/24 via 192.0.2.254 dev " + veth0 + " table 254");
    }

    @Test
    void rulesFromSourceAddAndDelete() throws Exception {
        Rule ipv4 = Rule.fromSource(InetAddress.getByName("192.0.2.1"), 32, TABLE, 1000);
        Rule ipv6 = Rule.fromSource(InetAddress.getByName("2001:db8::1"), 128, TABLE, 1001);

        client.addRule(ipv4);
        client.addRule(ipv6);
        List<Rule> added = rulesOfTable();
        client.deleteRule(ipv4);
        client.deleteRule(ipv6);
        List<Rule> deleted = rulesOfTable();

        assertThat(added).as("rules that look up table 10002 after add")
                .containsExactly(ipv4, ipv6);
        assertThat(deleted).as("rules that look up table 10002 after delete").isEmpty();
    }

    @Test
    void rulesToDestinationAddAndDelete() throws Exception {
        Rule ipv4 = Rule.toDestination(InetAddress.getByName("192.0.2.1"), 32, TABLE, 1000);
        Rule ipv6 = Rule.toDestination(InetAddress.getByName("2001:db8::1"), 128, TABLE, 1001);

        client.addRule(ipv4);
        client.addRule(ipv6);
        List<Rule> added = rulesOfTable();
        client.deleteRule(ipv4);
        client.deleteRule(ipv6);
        List<Rule> deleted = rulesOfTable();

        assertThat(added).as("rules that look up table 10002 after add")
                .containsExactly(ipv4, ipv6);
        assertThat(deleted).as("rules that look up table 10002 after delete").isEmpty();
    }

    private List<Rule> rulesOfTable() throws NetlinkException {
        return client.dumpRules().stream().filter(rule -> rule.table() == TABLE).toList();
    }

    @Test
    void deletingAbsentRuleFailsWithEnoent() throws Exception {
        Rule rule = Rule.fromSource(InetAddress.getByName("192.0.2.1"), 32, TABLE, 0);

        assertThatThrownBy(() -> client.deleteRule(rule))
                .as("delete of absent rule from 192.0.2.1/32 lookup 10002")
                .isInstanceOfSatisfying(ErrnoException.class, error -> {
                    assertThat(error.errno()).as("errno").isEqualTo(Errno.ENOENT);
                    assertThat(error.errnoName()).as("errno name").isEqualTo("ENOENT");
                    assertThat(error.call()).as("call").isEqualTo("RTM_DELRULE");
                    assertThat(error.getMessage()).as("message").contains(
                            "delete rule from 192.0.2.1/32 lookup 10002",
                            "No such file or directory");
                });
    }

    @Test
    void closedClientRejectsRequests() throws Exception {
        client.close();

        assertThatThrownBy(() -> client.dumpLinks()).as("dump links after close")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("netlink socket is closed");
    }

    @Test
    void defaultRulesAreDumpedForBothFamilies() throws Exception {
        List<Rule> rules = client.dumpRules();

        assertThat(rules).as("IPv4 rule lookup main").anySatisfy(rule -> {
            assertThat(rule.family()).isEqualTo(StandardProtocolFamily.INET);
            assertThat(rule.table()).isEqualTo(Rtnetlink.RT_TABLE_MAIN);
            assertThat(rule.priority()).isEqualTo(32766);
        });
        assertThat(rules).as("IPv6 rule lookup main").anySatisfy(rule -> {
            assertThat(rule.family()).isEqualTo(StandardProtocolFamily.INET6);
            assertThat(rule.table()).isEqualTo(Rtnetlink.RT_TABLE_MAIN);
        });
    }
}
