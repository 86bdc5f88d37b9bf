package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checks the byte layout of encoded messages: lengths, padding and byte order. */
class MessageBuilderTest {

    private static int u16(byte[] bytes, int offset) {
        return Short.toUnsignedInt(MemorySegment.ofArray(bytes).get(JAVA_SHORT_UNALIGNED, offset));
    }

    private static int u32(byte[] bytes, int offset) {
        return MemorySegment.ofArray(bytes).get(JAVA_INT_UNALIGNED, offset);
    }

    @Test
    void stringAttributeIsPaddedToFourBytes() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST);
        builder.appendStruct(Structs.IFINFOMSG);
        builder.attributeString(IfLink.IFLA_IFNAME, "eth0");
        builder.attributeU32(IfLink.IFLA_MTU, 1500);
        byte[] message = builder.build(7);

        assertThat(u32(message, 0)).as("nlmsg_len").isEqualTo(16 + 16 + 12 + 8);
        assertThat(u16(message, 4)).as("nlmsg_type").isEqualTo(Rtnetlink.RTM_NEWLINK);
        assertThat(u32(message, 8)).as("nlmsg_seq").isEqualTo(7);
        assertThat(u16(message, 32)).as("rta_len of IFLA_IFNAME, NUL included").isEqualTo(9);
        assertThat(Arrays.copyOfRange(message, 36, 44)).as("IFLA_IFNAME value and padding")
                .containsExactly('e', 't', 'h', '0', 0, 0, 0, 0);
        assertThat(u16(message, 44)).as("rta_len of IFLA_MTU").isEqualTo(8);
        assertThat(u16(message, 46)).as("rta_type of IFLA_MTU").isEqualTo(IfLink.IFLA_MTU);
        assertThat(u32(message, 48)).as("IFLA_MTU value in native order").isEqualTo(1500);
    }

    @Test
    void nestedAttributeCoversItsChildren() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST);
        builder.appendStruct(Structs.IFINFOMSG);
        int linkInfo = builder.beginNested(IfLink.IFLA_LINKINFO);
        builder.attributeString(IfLink.IFLA_INFO_KIND, "veth");
        builder.endNested(linkInfo);
        byte[] message = builder.build(1);

        assertThat(u16(message, 32)).as("rta_len of IFLA_LINKINFO").isEqualTo(4 + 12);
        assertThat(u16(message, 36)).as("rta_len of IFLA_INFO_KIND").isEqualTo(9);
        assertThat(u32(message, 0)).as("nlmsg_len").isEqualTo(48);
    }

    @Test
    void addressesAreInNetworkOrder() throws Exception {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWROUTE, Netlink.NLM_F_REQUEST);
        builder.appendStruct(Structs.RTMSG);
        builder.attributeAddress(Rtnetlink.RTA_DST, InetAddress.getByName("198.51.100.7"));
        byte[] message = builder.build(1);

        assertThat(Arrays.copyOfRange(message, 32, 36)).as("RTA_DST 198.51.100.7")
                .containsExactly(198, 51, 100, 7);
    }

    @Test
    void oversizedAttributeIsRejected() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, Netlink.NLM_F_REQUEST);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.attribute(IfLink.IFLA_IFNAME, new byte[70_000]))
                .withMessageContaining("at most 65535");
    }

    @Test
    void deleteRuleRequestMatchesCapturedRequest() throws Exception {
        // The kernel copied the request of tools/capture-rtnetlink into its NLMSG_ERROR reply,
        // after struct nlmsghdr (16 bytes) and the error code (4 bytes).
        byte[] error = Captures.rawMessages("15-rule-del-missing-error.hex").getFirst();
        byte[] captured = Arrays.copyOfRange(error, 20, 20 + u32(error, 20));
        Rule rule = new Rule(StandardProtocolFamily.INET, InetAddress.getByName("203.0.113.9"),
                32, InetAddress.getByName("0.0.0.0"), 0, 10002, 0, FibRules.FR_ACT_TO_TBL);

        byte[] encoded = RuleCodec.encode(Rtnetlink.RTM_DELRULE,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK, rule).build(1);

        assertThat(encoded).as("RTM_DELRULE from 203.0.113.9/32 lookup 10002")
                .containsExactly(captured);
    }

    @Test
    void largeTableGoesOnlyIntoRtaTable() throws Exception {
        Route route = Route.unicast(InetAddress.getByName("198.51.100.0"), 24,
                InetAddress.getByName("192.0.2.254"), 3, 10002);
        byte[] message = RouteCodec.encode(Rtnetlink.RTM_NEWROUTE, Netlink.NLM_F_REQUEST, route)
                .build(1);
        Route decoded = RouteCodec.decode(
                NetlinkMessage.split(MemorySegment.ofArray(message)).getFirst()).orElseThrow();

        assertThat(Byte.toUnsignedInt(message[16 + (int) Structs.RTM_TABLE]))
                .as("rtm_table for table 10002").isEqualTo(Rtnetlink.RT_TABLE_UNSPEC);
        assertThat(decoded.table()).as("table of 198.51.100.0/24 after decode").isEqualTo(10002);
    }
}
