package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;

/** Encodes and decodes addresses: {@code struct ifaddrmsg} and IFA_* attributes. */
final class AddressCodec {

    private AddressCodec() {
    }

    /**
     * Decodes an RTM_NEWADDR or RTM_DELADDR message.
     *
     * @return the address, or empty for a family other than IPv4 and IPv6
     * @throws MalformedMessageException if the message is truncated, an attribute length is
     *         wrong, the prefix length is too long, or {@code IFA_ADDRESS} is missing
     */
    static Optional<Address> decode(NetlinkMessage message) throws MalformedMessageException {
        MemorySegment header = message.fixedHeader(Structs.IFADDRMSG, "struct ifaddrmsg");
        StandardProtocolFamily family = Families.of(Codecs.u8(header, Structs.IFA_FAMILY));
        if (family == null) {
            return Optional.empty();
        }
        Attributes attributes = message.attributes(Structs.IFADDRMSG);
        InetAddress address = attributes.address(IfAddr.IFA_ADDRESS, "IFA_ADDRESS", family)
                .orElseThrow(() -> new MalformedMessageException(
                        message.typeName() + " has no IFA_ADDRESS", Structs.NLMSG_HDRLEN));
        int flags = (int) attributes.u32(IfAddr.IFA_FLAGS, "IFA_FLAGS")
                .orElse(Codecs.u8(header, Structs.IFA_FLAGS_U8));
        return Optional.of(new Address(
                header.get(JAVA_INT_UNALIGNED, Structs.IFA_INDEX),
                family,
                Codecs.prefixLength(message, Codecs.u8(header, Structs.IFA_PREFIXLEN), family,
                        "ifa_prefixlen", Structs.NLMSG_HDRLEN + Structs.IFA_PREFIXLEN),
                Codecs.u8(header, Structs.IFA_SCOPE),
                flags,
                address,
                attributes.address(IfAddr.IFA_LOCAL, "IFA_LOCAL", family),
                attributes.string(IfAddr.IFA_LABEL),
                cacheInfo(attributes)));
    }

    private static Optional<AddressCacheInfo> cacheInfo(Attributes attributes)
            throws MalformedMessageException {
        Optional<MemorySegment> value = attributes.struct(IfAddr.IFA_CACHEINFO,
                "IFA_CACHEINFO", Structs.IFA_CACHEINFO.byteSize());
        return value.map(info -> new AddressCacheInfo(
                Codecs.u32(info, Structs.IFA_PREFERED),
                Codecs.u32(info, Structs.IFA_VALID),
                Codecs.u32(info, Structs.IFA_CSTAMP),
                Codecs.u32(info, Structs.IFA_TSTAMP)));
    }

    /** Encodes an address with every attribute that the {@link Address} record has. */
    static MessageBuilder encode(int type, int flags, Address address) {
        MessageBuilder builder = new MessageBuilder(type, flags);
        MemorySegment header = builder.appendStruct(Structs.IFADDRMSG);
        header.set(JAVA_BYTE, Structs.IFA_FAMILY, (byte) Families.number(address.family()));
        header.set(JAVA_BYTE, Structs.IFA_PREFIXLEN, (byte) address.prefixLength());
        header.set(JAVA_BYTE, Structs.IFA_FLAGS_U8, (byte) address.flags());
        header.set(JAVA_BYTE, Structs.IFA_SCOPE, (byte) address.scope());
        header.set(JAVA_INT_UNALIGNED, Structs.IFA_INDEX, address.ifindex());
        builder.attributeAddress(IfAddr.IFA_ADDRESS, address.address());
        address.local().ifPresent(local -> builder.attributeAddress(IfAddr.IFA_LOCAL, local));
        address.label().ifPresent(label -> builder.attributeString(IfAddr.IFA_LABEL, label));
        address.cacheInfo().ifPresent(info -> builder.attribute(IfAddr.IFA_CACHEINFO,
                Codecs.u32Array(info.preferredLifetime(), info.validLifetime(),
                        info.createdTimestamp(), info.updatedTimestamp())));
        builder.attributeU32(IfAddr.IFA_FLAGS, Integer.toUnsignedLong(address.flags()));
        return builder;
    }

    /** Encodes an RTM_GETADDR dump request for all families. */
    static MessageBuilder dumpRequest() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_GETADDR,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        builder.appendStruct(Structs.IFADDRMSG);
        return builder;
    }
}
