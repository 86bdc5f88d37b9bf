package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Checks that each kind of malformed message raises MalformedMessageException with its offset. */
class MalformedMessageTest {

    /** Offset of the first attribute after struct nlmsghdr and struct ifinfomsg. */
    private static final int ATTRIBUTES = 32;

    private static byte[] linkMessage() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0);
        builder.appendStruct(Structs.IFINFOMSG);
        builder.attributeString(IfLink.IFLA_IFNAME, "eth0");
        builder.attributeU32(IfLink.IFLA_MTU, 1500);
        return builder.build(1);
    }

    private static void setU16(byte[] bytes, int offset, int value) {
        MemorySegment.ofArray(bytes).set(JAVA_SHORT_UNALIGNED, offset, (short) value);
    }

    private static void setU32(byte[] bytes, int offset, int value) {
        MemorySegment.ofArray(bytes).set(JAVA_INT_UNALIGNED, offset, value);
    }

    private static NetlinkMessage single(byte[] bytes) throws MalformedMessageException {
        return NetlinkMessage.split(MemorySegment.ofArray(bytes)).getFirst();
    }

    @Test
    void datagramShorterThanHeader() {
        assertThatThrownBy(() -> NetlinkMessage.split(MemorySegment.ofArray(new byte[10])))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("fewer than the 16 of struct nlmsghdr")
                .extracting("offset").isEqualTo(0L);
    }

    @Test
    void nlmsgLenShorterThanHeader() {
        byte[] message = linkMessage();
        setU32(message, 0, 8);

        assertThatThrownBy(() -> NetlinkMessage.split(MemorySegment.ofArray(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("nlmsg_len is 8");
    }

    @Test
    void secondMessageCutShort() {
        byte[] first = linkMessage();
        byte[] datagram = Arrays.copyOf(first, first.length * 2 - 4);
        System.arraycopy(first, 0, datagram, first.length, first.length - 4);

        assertThatThrownBy(() -> NetlinkMessage.split(MemorySegment.ofArray(datagram)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("nlmsg_len is " + first.length)
                .extracting("offset").isEqualTo((long) first.length);
    }

    @Test
    void fixedHeaderCutShort() {
        byte[] message = Arrays.copyOf(linkMessage(), 24);
        setU32(message, 0, 24);

        assertThatThrownBy(() -> LinkCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("RTM_NEWLINK has 8 bytes after struct nlmsghdr")
                .hasMessageContaining("16 of struct ifinfomsg")
                .extracting("offset").isEqualTo(16L);
    }

    @Test
    void attributeLengthShorterThanHeader() {
        byte[] message = linkMessage();
        setU16(message, ATTRIBUTES, 2);

        assertThatThrownBy(() -> LinkCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("rta_len 2")
                .extracting("offset").isEqualTo((long) ATTRIBUTES);
    }

    @Test
    void attributeLengthPastMessageEnd() {
        byte[] message = linkMessage();
        setU16(message, ATTRIBUTES + 12, 200);

        assertThatThrownBy(() -> LinkCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("attribute of type 4 has rta_len 200, expected 4 to 8")
                .extracting("offset").isEqualTo((long) ATTRIBUTES + 12);
    }

    @Test
    void trailingBytesShorterThanAttributeHeader() {
        byte[] message = Arrays.copyOf(linkMessage(), linkMessage().length + 2);
        setU32(message, 0, message.length);

        assertThatThrownBy(() -> LinkCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("ends with 2 bytes, fewer than the 4 of struct rtattr");
    }

    @Test
    void mtuAttributeTooShort() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0);
        builder.appendStruct(Structs.IFINFOMSG);
        builder.attributeString(IfLink.IFLA_IFNAME, "eth0");
        builder.attribute(IfLink.IFLA_MTU, new byte[2]);
        byte[] message = builder.build(1);

        assertThatThrownBy(() -> LinkCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("IFLA_MTU has 2 bytes, expected at least 4")
                .extracting("offset").isEqualTo((long) ATTRIBUTES + 12);
    }

    @Test
    void linkWithoutName() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0);
        builder.appendStruct(Structs.IFINFOMSG);
        byte[] message = builder.build(1);

        assertThatThrownBy(() -> LinkCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("RTM_NEWLINK has no IFLA_IFNAME");
    }

    @Test
    void nestedAttributeLengthPastContainer() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0);
        builder.appendStruct(Structs.IFINFOMSG);
        builder.attributeString(IfLink.IFLA_IFNAME, "eth0");
        int linkInfo = builder.beginNested(IfLink.IFLA_LINKINFO);
        builder.attributeString(IfLink.IFLA_INFO_KIND, "veth");
        builder.endNested(linkInfo);
        byte[] message = builder.build(1);
        setU16(message, ATTRIBUTES + 12 + 4, 40);

        assertThatThrownBy(() -> LinkCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("RTM_NEWLINK IFLA_LINKINFO attribute of type 1")
                .extracting("offset").isEqualTo((long) ATTRIBUTES + 16);
    }

    @Test
    void ipv4AddressOfSixteenBytes() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWROUTE, 0);
        MemorySegment header = builder.appendStruct(Structs.RTMSG);
        header.set(JAVA_BYTE, Structs.RTM_FAMILY,
                (byte) Families.AF_INET);
        builder.attribute(Rtnetlink.RTA_GATEWAY, new byte[16]);
        byte[] message = builder.build(1);

        assertThatThrownBy(() -> RouteCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("RTA_GATEWAY has 16 bytes, expected 4 for INET")
                .extracting("offset").isEqualTo(16L + 12);
    }

    @Test
    void prefixLengthLongerThanAddress() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWROUTE, 0);
        MemorySegment header = builder.appendStruct(Structs.RTMSG);
        header.set(JAVA_BYTE, Structs.RTM_FAMILY,
                (byte) Families.AF_INET);
        header.set(JAVA_BYTE, Structs.RTM_DST_LEN, (byte) 33);
        byte[] message = builder.build(1);

        assertThatThrownBy(() -> RouteCodec.decode(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("rtm_dst_len is 33, expected at most 32 for INET")
                .extracting("offset").isEqualTo(17L);
    }

    @Test
    void errorMessageShorterThanNlmsgerr() {
        MessageBuilder builder = new MessageBuilder(Netlink.NLMSG_ERROR, 0);
        builder.attributeU32(0, 0);
        byte[] message = builder.build(1);

        assertThatThrownBy(() -> Acknowledgement.parseError(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("fewer than the 20 of struct nlmsgerr");
    }

    @Test
    void errorMessageWithPositiveCode() {
        byte[] message = Captures.rawMessages("15-rule-del-missing-error.hex").getFirst();
        setU32(message, 16, 5);

        assertThatThrownBy(() -> Acknowledgement.parseError(single(message)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("error code is 5");
    }

    @Test
    void unknownFamilyIsSkippedNotMalformed() throws Exception {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWROUTE, 0);
        MemorySegment header = builder.appendStruct(Structs.RTMSG);
        header.set(JAVA_BYTE, Structs.RTM_FAMILY, (byte) 28);
        builder.attribute(Rtnetlink.RTA_DST, new byte[] {0, 1, 0x41, 0});

        assertThat(RouteCodec.decode(single(builder.build(1)))).as("AF_MPLS route").isEmpty();
    }

    @Test
    void unknownAttributesAreSkipped() throws Exception {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0);
        builder.appendStruct(Structs.IFINFOMSG);
        builder.attribute(999, new byte[] {1, 2, 3});
        builder.attributeString(IfLink.IFLA_IFNAME, "eth0");

        assertThat(LinkCodec.decode(single(builder.build(1))).name())
                .as("name after unknown attribute").isEqualTo("eth0");
    }
}
