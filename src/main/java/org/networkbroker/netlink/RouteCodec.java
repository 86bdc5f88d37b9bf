package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;

/** Encodes and decodes routes: {@code struct rtmsg} and RTA_* attributes. */
final class RouteCodec {

    private RouteCodec() {
    }

    /**
     * Decodes an RTM_NEWROUTE or RTM_DELROUTE message.
     *
     * @return the route, or empty for a family other than IPv4 and IPv6, such as MPLS or the
     *         multicast routing families
     * @throws MalformedMessageException if the message is truncated, an attribute length is
     *         wrong, or the destination prefix length is too long
     */
    static Optional<Route> decode(NetlinkMessage message) throws MalformedMessageException {
        MemorySegment header = message.fixedHeader(Structs.RTMSG, "struct rtmsg");
        StandardProtocolFamily family = Families.of(Codecs.u8(header, Structs.RTM_FAMILY));
        if (family == null) {
            return Optional.empty();
        }
        Attributes attributes = message.attributes(Structs.RTMSG);
        InetAddress destination = attributes.address(Rtnetlink.RTA_DST, "RTA_DST", family)
                .orElse(Families.anyAddress(family));
        return Optional.of(new Route(
                family,
                destination,
                Codecs.prefixLength(message, Codecs.u8(header, Structs.RTM_DST_LEN), family,
                        "rtm_dst_len", Structs.NLMSG_HDRLEN + Structs.RTM_DST_LEN),
                attributes.address(Rtnetlink.RTA_GATEWAY, "RTA_GATEWAY", family),
                (int) attributes.u32(Rtnetlink.RTA_OIF, "RTA_OIF").orElse(0),
                attributes.u32(Rtnetlink.RTA_TABLE, "RTA_TABLE")
                        .orElse(Codecs.u8(header, Structs.RTM_TABLE)),
                Codecs.u8(header, Structs.RTM_PROTOCOL),
                Codecs.u8(header, Structs.RTM_SCOPE),
                Codecs.u8(header, Structs.RTM_TYPE),
                attributes.u32(Rtnetlink.RTA_PRIORITY, "RTA_PRIORITY").orElse(0)));
    }

    /**
     * Encodes a route with every attribute that the {@link Route} record has. A table above
     * 255 goes only into RTA_TABLE, with {@code rtm_table} set to RT_TABLE_UNSPEC, as
     * iproute2 does.
     */
    static MessageBuilder encode(int type, int flags, Route route) {
        MessageBuilder builder = new MessageBuilder(type, flags);
        MemorySegment header = builder.appendStruct(Structs.RTMSG);
        header.set(JAVA_BYTE, Structs.RTM_FAMILY, (byte) Families.number(route.family()));
        header.set(JAVA_BYTE, Structs.RTM_DST_LEN, (byte) route.destinationLength());
        header.set(JAVA_BYTE, Structs.RTM_TABLE, (byte) shortTable(route.table()));
        header.set(JAVA_BYTE, Structs.RTM_PROTOCOL, (byte) route.protocol());
        header.set(JAVA_BYTE, Structs.RTM_SCOPE, (byte) route.scope());
        header.set(JAVA_BYTE, Structs.RTM_TYPE, (byte) route.type());
        if (route.destinationLength() != 0 || !route.destination().isAnyLocalAddress()) {
            builder.attributeAddress(Rtnetlink.RTA_DST, route.destination());
        }
        route.gateway().ifPresent(
                gateway -> builder.attributeAddress(Rtnetlink.RTA_GATEWAY, gateway));
        if (route.outputInterface() != 0) {
            builder.attributeU32(Rtnetlink.RTA_OIF,
                    Integer.toUnsignedLong(route.outputInterface()));
        }
        if (route.priority() != 0) {
            builder.attributeU32(Rtnetlink.RTA_PRIORITY, route.priority());
        }
        builder.attributeU32(Rtnetlink.RTA_TABLE, route.table());
        return builder;
    }

    /** Encodes an RTM_GETROUTE dump request for all families and tables. */
    static MessageBuilder dumpRequest() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_GETROUTE,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        builder.appendStruct(Structs.RTMSG);
        return builder;
    }

    /** Returns the table for an 8-bit table field: itself below 256, else RT_TABLE_UNSPEC. */
    static int shortTable(long table) {
        return table < 256 ? (int) table : Rtnetlink.RT_TABLE_UNSPEC;
    }
}
