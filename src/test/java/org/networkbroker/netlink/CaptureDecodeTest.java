package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.networkbroker.system.Errno;

/** Decodes messages that the kernel sent (see tools/capture-rtnetlink) byte for byte. */
class CaptureDecodeTest {

    private static final int VETH0 = 3;
    private static final int VETH1 = 2;

    private static Link link(String file, int index) throws MalformedMessageException {
        return LinkCodec.decode(Captures.messages(file, Rtnetlink.RTM_NEWLINK).get(index));
    }

    private static Route route(String file, int type, int index) throws Exception {
        return RouteCodec.decode(Captures.messages(file, type).get(index)).orElseThrow();
    }

    @Test
    void newLinkOfVethPair() throws Exception {
        Link peer = link("01-link-add-veth.hex", 0);
        Link veth = link("01-link-add-veth.hex", 1);

        assertThat(peer.name()).as("name of first link").isEqualTo("nb-veth1");
        assertThat(peer.ifindex()).as("ifindex of nb-veth1").isEqualTo(VETH1);
        assertThat(veth.name()).as("name of second link").isEqualTo("nb-veth0");
        assertThat(veth.ifindex()).as("ifindex of nb-veth0").isEqualTo(VETH0);
        assertThat(veth.kind()).as("kind of nb-veth0").contains("veth");
        assertThat(veth.mtu()).as("MTU of nb-veth0").isEqualTo(1500);
        assertThat(veth.address()).as("MAC of nb-veth0").contains(
                new HardwareAddress(HexFormat.of().parseHex("4a3b50a419bf")));
        assertThat(veth.operationalState()).as("operstate of nb-veth0")
                .isEqualTo(OperationalState.DOWN);
        assertThat(veth.isUp()).as("IFF_UP of nb-veth0").isFalse();
        assertThat(veth.flags() & IfLink.IFF_MULTICAST).as("IFF_MULTICAST of nb-veth0")
                .isNotZero();
        assertThat(veth.alternativeNames()).as("altnames of nb-veth0").isEmpty();
    }

    @Test
    void newLinkAfterSetUp() throws Exception {
        Link beforeUp = link("03-link-up.hex", 0);
        Link afterUp = link("03-link-up.hex", 1);

        assertThat(beforeUp.mtu()).as("MTU of nb-veth0 after mtu 1400").isEqualTo(1400);
        assertThat(afterUp.isUp()).as("IFF_UP of nb-veth0 after up").isTrue();
        assertThat(afterUp.isLowerUp()).as("IFF_LOWER_UP of nb-veth0, peer down").isFalse();
        assertThat(afterUp.operationalState()).as("operstate of nb-veth0, peer down")
                .isEqualTo(OperationalState.LOWERLAYERDOWN);
        assertThat(afterUp.alternativeNames()).as("altnames of nb-veth0")
                .containsExactly("nb-alt0");
    }

    @Test
    void altnameChangeOfDownLinkSendsNothing() {
        assertThat(Captures.rawMessages("02-link-altname.hex"))
                .as("messages for altname of nb-veth0 while down").isEmpty();
    }

    @Test
    void newAddressIpv4() throws Exception {
        NetlinkMessage message =
                Captures.messages("04-addr-add-ipv4.hex", Rtnetlink.RTM_NEWADDR).getFirst();
        Address address = AddressCodec.decode(message).orElseThrow();

        assertThat(address.ifindex()).as("ifindex of 192.0.2.1").isEqualTo(VETH0);
        assertThat(address.family()).as("family of 192.0.2.1")
                .isEqualTo(StandardProtocolFamily.INET);
        assertThat(address.address()).as("IFA_ADDRESS of 192.0.2.1")
                .isEqualTo(InetAddress.getByName("192.0.2.1"));
        assertThat(address.local()).as("IFA_LOCAL of 192.0.2.1")
                .contains(InetAddress.getByName("192.0.2.1"));
        assertThat(address.prefixLength()).as("prefix length of 192.0.2.1").isEqualTo(24);
        assertThat(address.scope()).as("scope of 192.0.2.1")
                .isEqualTo(Rtnetlink.RT_SCOPE_UNIVERSE);
        assertThat(address.flags()).as("flags of 192.0.2.1").isEqualTo(IfAddr.IFA_F_PERMANENT);
        assertThat(address.label()).as("label of 192.0.2.1").contains("nb-veth0:lab");
        assertThat(address.cacheInfo().orElseThrow().validLifetime())
                .as("valid lifetime of 192.0.2.1").isEqualTo(IfAddr.INFINITY_LIFE_TIME);
        assertThat(address.cacheInfo().orElseThrow().preferredLifetime())
                .as("preferred lifetime of 192.0.2.1").isEqualTo(IfAddr.INFINITY_LIFE_TIME);
    }

    @Test
    void newAddressIpv6WithLifetimes() throws Exception {
        NetlinkMessage message =
                Captures.messages("05-addr-add-ipv6.hex", Rtnetlink.RTM_NEWADDR).getFirst();
        Address address = AddressCodec.decode(message).orElseThrow();

        assertThat(address.family()).as("family of 2001:db8::1")
                .isEqualTo(StandardProtocolFamily.INET6);
        assertThat(address.address()).as("IFA_ADDRESS of 2001:db8::1")
                .isEqualTo(InetAddress.getByName("2001:db8::1"));
        assertThat(address.local()).as("IFA_LOCAL of 2001:db8::1").isEmpty();
        assertThat(address.label()).as("label of 2001:db8::1").isEmpty();
        assertThat(address.prefixLength()).as("prefix length of 2001:db8::1").isEqualTo(64);
        assertThat(address.flags() & IfAddr.IFA_F_NODAD).as("IFA_F_NODAD of 2001:db8::1")
                .isNotZero();
        assertThat(address.flags() & IfAddr.IFA_F_PERMANENT)
                .as("IFA_F_PERMANENT of 2001:db8::1 with lifetimes").isZero();
        assertThat(address.cacheInfo().orElseThrow().preferredLifetime())
                .as("preferred lifetime of 2001:db8::1").isEqualTo(600);
        assertThat(address.cacheInfo().orElseThrow().validLifetime())
                .as("valid lifetime of 2001:db8::1").isEqualTo(900);
    }

    @Test
    void newRouteIpv4InTable10002() throws Exception {
        Route route = route("06-route-add-ipv4.hex", Rtnetlink.RTM_NEWROUTE, 0);

        assertThat(route.family()).as("family of 198.51.100.0/24")
                .isEqualTo(StandardProtocolFamily.INET);
        assertThat(route.destination()).as("destination of 198.51.100.0/24")
                .isEqualTo(InetAddress.getByName("198.51.100.0"));
        assertThat(route.destinationLength()).as("length of 198.51.100.0/24").isEqualTo(24);
        assertThat(route.gateway()).as("gateway of 198.51.100.0/24")
                .contains(InetAddress.getByName("192.0.2.254"));
        assertThat(route.outputInterface()).as("oif of 198.51.100.0/24").isEqualTo(VETH0);
        assertThat(route.table()).as("RTA_TABLE of 198.51.100.0/24").isEqualTo(10002);
        assertThat(route.protocol()).as("protocol of 198.51.100.0/24")
                .isEqualTo(Rtnetlink.RTPROT_BOOT);
        assertThat(route.scope()).as("scope of 198.51.100.0/24")
                .isEqualTo(Rtnetlink.RT_SCOPE_UNIVERSE);
        assertThat(route.type()).as("type of 198.51.100.0/24").isEqualTo(Rtnetlink.RTN_UNICAST);
        assertThat(route.priority()).as("metric of 198.51.100.0/24").isEqualTo(7);
    }

    @Test
    void newRouteIpv6InTable10002() throws Exception {
        Route route = route("07-route-add-ipv6.hex", Rtnetlink.RTM_NEWROUTE, 0);

        assertThat(route.family()).as("family of 2001:db8:1::/48")
                .isEqualTo(StandardProtocolFamily.INET6);
        assertThat(route.destination()).as("destination of 2001:db8:1::/48")
                .isEqualTo(InetAddress.getByName("2001:db8:1::"));
        assertThat(route.destinationLength()).as("length of 2001:db8:1::/48").isEqualTo(48);
        assertThat(route.gateway()).as("gateway of 2001:db8:1::/48")
                .contains(InetAddress.getByName("2001:db8::fe"));
        assertThat(route.table()).as("RTA_TABLE of 2001:db8:1::/48").isEqualTo(10002);
        assertThat(route.priority()).as("default IPv6 metric of 2001:db8:1::/48")
                .isEqualTo(1024);
    }

    @Test
    void kernelRoutesOfIpv4Address() throws Exception {
        List<Route> routes = new ArrayList<>();
        for (NetlinkMessage message :
                Captures.messages("04-addr-add-ipv4.hex", Rtnetlink.RTM_NEWROUTE)) {
            routes.add(RouteCodec.decode(message).orElseThrow());
        }

        assertThat(routes).as("kernel routes for 192.0.2.1/24").hasSize(3);
        assertThat(routes).as("local route of 192.0.2.1 in table local").anySatisfy(route -> {
            assertThat(route.type()).isEqualTo(Rtnetlink.RTN_LOCAL);
            assertThat(route.table()).isEqualTo(Rtnetlink.RT_TABLE_LOCAL);
            assertThat(route.scope()).isEqualTo(Rtnetlink.RT_SCOPE_HOST);
        });
        assertThat(routes).as("prefix route of 192.0.2.0/24 in table main").anySatisfy(route -> {
            assertThat(route.destination()).isEqualTo(InetAddress.getByName("192.0.2.0"));
            assertThat(route.table()).isEqualTo(Rtnetlink.RT_TABLE_MAIN);
            assertThat(route.protocol()).isEqualTo(Rtnetlink.RTPROT_KERNEL);
            assertThat(route.scope()).isEqualTo(Rtnetlink.RT_SCOPE_LINK);
            assertThat(route.gateway()).isEmpty();
        });
    }

    @Test
    void newRuleIpv4FromSourceLookup() throws Exception {
        NetlinkMessage message =
                Captures.messages("08-rule-add-ipv4.hex", Rtnetlink.RTM_NEWRULE).getFirst();
        Rule rule = RuleCodec.decode(message).orElseThrow();

        assertThat(rule).as("rule from 192.0.2.1/32 lookup 10002").isEqualTo(new Rule(
                StandardProtocolFamily.INET, InetAddress.getByName("192.0.2.1"), 32,
                InetAddress.getByName("0.0.0.0"), 0, 10002, 1000, FibRules.FR_ACT_TO_TBL));
    }

    @Test
    void newRuleIpv6WithDestination() throws Exception {
        NetlinkMessage message =
                Captures.messages("09-rule-add-ipv6.hex", Rtnetlink.RTM_NEWRULE).getFirst();
        Rule rule = RuleCodec.decode(message).orElseThrow();

        assertThat(rule).as("rule from 2001:db8::1/128 to 2001:db8:2::/64").isEqualTo(new Rule(
                StandardProtocolFamily.INET6, InetAddress.getByName("2001:db8::1"), 128,
                InetAddress.getByName("2001:db8:2::"), 64, 10002, 1001,
                FibRules.FR_ACT_TO_TBL));
    }

    @Test
    void deleteMessagesBecomeDelEvents() throws Exception {
        NetlinkEvent rule = EventDecoder.decode(
                Captures.messages("10-rule-del-ipv4.hex", Rtnetlink.RTM_DELRULE).getFirst())
                .orElseThrow();
        NetlinkEvent route = EventDecoder.decode(
                Captures.messages("11-route-del-ipv4.hex", Rtnetlink.RTM_DELROUTE).getFirst())
                .orElseThrow();
        NetlinkEvent address = EventDecoder.decode(
                Captures.messages("12-addr-del-ipv4.hex", Rtnetlink.RTM_DELADDR).getFirst())
                .orElseThrow();
        NetlinkEvent link = EventDecoder.decode(
                Captures.messages("14-link-del-veth.hex", Rtnetlink.RTM_DELLINK).getFirst())
                .orElseThrow();

        assertThat(rule).as("RTM_DELRULE from 192.0.2.1/32")
                .isInstanceOfSatisfying(RuleEvent.class, event -> {
                    assertThat(event.change()).isEqualTo(NetlinkEvent.Change.DEL);
                    assertThat(event.rule().table()).isEqualTo(10002);
                });
        assertThat(route).as("RTM_DELROUTE 198.51.100.0/24")
                .isInstanceOfSatisfying(RouteEvent.class, event -> {
                    assertThat(event.change()).isEqualTo(NetlinkEvent.Change.DEL);
                    assertThat(event.route().destinationLength()).isEqualTo(24);
                });
        assertThat(address).as("RTM_DELADDR 192.0.2.1/24")
                .isInstanceOfSatisfying(AddressEvent.class, event -> {
                    assertThat(event.change()).isEqualTo(NetlinkEvent.Change.DEL);
                    assertThat(event.address().toPrefixString()).isEqualTo("192.0.2.1/24");
                });
        assertThat(link).as("RTM_DELLINK nb-veth0")
                .isInstanceOfSatisfying(LinkEvent.class, event -> {
                    assertThat(event.change()).isEqualTo(NetlinkEvent.Change.DEL);
                    assertThat(event.link().name()).isEqualTo("nb-veth0");
                });
    }

    @Test
    void addressDumpSplitsIntoMessagesAndDone() throws Exception {
        List<NetlinkMessage> messages =
                NetlinkMessage.split(MemorySegment.ofArray(Captures.datagram("13-addr-dump.hex")));
        List<String> prefixes = new ArrayList<>();
        for (NetlinkMessage message : messages.subList(0, 3)) {
            prefixes.add(AddressCodec.decode(message).orElseThrow().toPrefixString());
        }

        assertThat(messages).as("messages of the address dump").hasSize(4);
        assertThat(prefixes).as("addresses of lo and nb-veth0")
                .containsExactly("127.0.0.1/8", "::1/128", "2001:db8::1/64");
        assertThat(messages.getFirst().flags() & Netlink.NLM_F_MULTI).as("NLM_F_MULTI")
                .isNotZero();
        assertThat(messages.getLast().type()).as("last message type")
                .isEqualTo(Netlink.NLMSG_DONE);
        assertThat(Acknowledgement.parseDone(messages.getLast()).error())
                .as("NLMSG_DONE result").isZero();
    }

    @Test
    void errorReplyCarriesEnoent() throws Exception {
        NetlinkMessage message = Captures.messages(
                "15-rule-del-missing-error.hex", Netlink.NLMSG_ERROR).getFirst();
        Acknowledgement acknowledgement = Acknowledgement.parseError(message);

        assertThat(acknowledgement.error()).as("error of RTM_DELRULE for absent rule")
                .isEqualTo(-Errno.ENOENT);
        assertThat(acknowledgement.kernelMessage()).as("extended ACK text").isNull();
    }
}
