package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.util.Optional;

/** Encodes and decodes links: {@code struct ifinfomsg} and IFLA_* attributes. */
final class LinkCodec {

    private LinkCodec() {
    }

    /**
     * Decodes an RTM_NEWLINK or RTM_DELLINK message.
     *
     * @throws MalformedMessageException if the message is truncated, an attribute length is
     *         wrong, or {@code IFLA_IFNAME} is missing
     */
    static Link decode(NetlinkMessage message) throws MalformedMessageException {
        MemorySegment header = message.fixedHeader(Structs.IFINFOMSG, "struct ifinfomsg");
        Attributes attributes = message.attributes(Structs.IFINFOMSG);
        String name = attributes.string(IfLink.IFLA_IFNAME).orElseThrow(() ->
                new MalformedMessageException(message.typeName() + " has no IFLA_IFNAME",
                        Structs.NLMSG_HDRLEN));
        int operationalState = attributes.u8(IfLink.IFLA_OPERSTATE, "IFLA_OPERSTATE")
                .orElse(IfLink.IF_OPER_UNKNOWN);
        Attributes properties = attributes.nested(IfLink.IFLA_PROP_LIST, "IFLA_PROP_LIST");
        Attributes linkInfo = attributes.nested(IfLink.IFLA_LINKINFO, "IFLA_LINKINFO");
        return new Link(
                header.get(JAVA_INT_UNALIGNED, Structs.IFI_INDEX),
                name,
                header.get(JAVA_INT_UNALIGNED, Structs.IFI_FLAGS),
                (int) attributes.u32(IfLink.IFLA_MTU, "IFLA_MTU").orElse(0),
                attributes.bytes(IfLink.IFLA_ADDRESS).map(HardwareAddress::new),
                OperationalState.of(operationalState),
                properties.strings(IfLink.IFLA_ALT_IFNAME),
                linkInfo.string(IfLink.IFLA_INFO_KIND));
    }

    /** Encodes a link with every attribute that the {@link Link} record has. */
    static MessageBuilder encode(int type, int flags, Link link) {
        MessageBuilder builder = header(type, flags, link.ifindex(), link.flags());
        builder.attributeString(IfLink.IFLA_IFNAME, link.name());
        if (link.mtu() != 0) {
            builder.attributeU32(IfLink.IFLA_MTU, Integer.toUnsignedLong(link.mtu()));
        }
        link.address().ifPresent(
                address -> builder.attribute(IfLink.IFLA_ADDRESS, address.bytes()));
        builder.attributeU8(IfLink.IFLA_OPERSTATE, link.operationalState().value());
        if (!link.alternativeNames().isEmpty()) {
            int properties = builder.beginNested(IfLink.IFLA_PROP_LIST);
            link.alternativeNames().forEach(
                    name -> builder.attributeString(IfLink.IFLA_ALT_IFNAME, name));
            builder.endNested(properties);
        }
        link.kind().ifPresent(kind -> {
            int linkInfo = builder.beginNested(IfLink.IFLA_LINKINFO);
            builder.attributeString(IfLink.IFLA_INFO_KIND, kind);
            builder.endNested(linkInfo);
        });
        return builder;
    }

    /** Encodes an RTM_GETLINK request for one link, or for all links with NLM_F_DUMP. */
    static MessageBuilder request(int flags, int ifindex) {
        return header(Rtnetlink.RTM_GETLINK, flags, ifindex, 0);
    }

    private static MessageBuilder header(int type, int flags, int ifindex, int linkFlags) {
        MessageBuilder builder = new MessageBuilder(type, flags);
        MemorySegment header = builder.appendStruct(Structs.IFINFOMSG);
        header.set(JAVA_INT_UNALIGNED, Structs.IFI_INDEX, ifindex);
        header.set(JAVA_INT_UNALIGNED, Structs.IFI_FLAGS, linkFlags);
        return builder;
    }
}
