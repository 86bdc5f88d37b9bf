package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.net.StandardProtocolFamily;
import java.util.Optional;

/** Encodes and decodes routing rules: {@code struct fib_rule_hdr} and FRA_* attributes. */
final class RuleCodec {

    private RuleCodec() {
    }

    /**
     * Decodes an RTM_NEWRULE or RTM_DELRULE message.
     *
     * @return the rule, or empty for a family other than IPv4 and IPv6, such as the
     *         multicast routing families that a dump for all families also returns
     * @throws MalformedMessageException if the message is truncated, an attribute length is
     *         wrong, or a prefix length is too long
     */
    static Optional<Rule> decode(NetlinkMessage message) throws MalformedMessageException {
        MemorySegment header = message.fixedHeader(Structs.FIB_RULE_HDR, "struct fib_rule_hdr");
        StandardProtocolFamily family = Families.of(Codecs.u8(header, Structs.FRH_FAMILY));
        if (family == null) {
            return Optional.empty();
        }
        Attributes attributes = message.attributes(Structs.FIB_RULE_HDR);
        return Optional.of(new Rule(
                family,
                attributes.address(FibRules.FRA_SRC, "FRA_SRC", family)
                        .orElse(Families.anyAddress(family)),
                Codecs.prefixLength(message, Codecs.u8(header, Structs.FRH_SRC_LEN), family,
                        "src_len", Structs.NLMSG_HDRLEN + Structs.FRH_SRC_LEN),
                attributes.address(FibRules.FRA_DST, "FRA_DST", family)
                        .orElse(Families.anyAddress(family)),
                Codecs.prefixLength(message, Codecs.u8(header, Structs.FRH_DST_LEN), family,
                        "dst_len", Structs.NLMSG_HDRLEN + Structs.FRH_DST_LEN),
                attributes.u32(FibRules.FRA_TABLE, "FRA_TABLE")
                        .orElse(Codecs.u8(header, Structs.FRH_TABLE)),
                attributes.u32(FibRules.FRA_PRIORITY, "FRA_PRIORITY").orElse(0),
                Codecs.u8(header, Structs.FRH_ACTION)));
    }

    /**
     * Encodes a rule with every attribute that the {@link Rule} record has. Priority 0 and
     * table 0 are left out, so the kernel treats them as unspecified.
     */
    static MessageBuilder encode(int type, int flags, Rule rule) {
        MessageBuilder builder = new MessageBuilder(type, flags);
        MemorySegment header = builder.appendStruct(Structs.FIB_RULE_HDR);
        header.set(JAVA_BYTE, Structs.FRH_FAMILY, (byte) Families.number(rule.family()));
        header.set(JAVA_BYTE, Structs.FRH_DST_LEN, (byte) rule.destinationLength());
        header.set(JAVA_BYTE, Structs.FRH_SRC_LEN, (byte) rule.sourceLength());
        header.set(JAVA_BYTE, Structs.FRH_TABLE, (byte) RouteCodec.shortTable(rule.table()));
        header.set(JAVA_BYTE, Structs.FRH_ACTION, (byte) rule.action());
        if (rule.sourceLength() != 0 || !rule.source().isAnyLocalAddress()) {
            builder.attributeAddress(FibRules.FRA_SRC, rule.source());
        }
        if (rule.destinationLength() != 0 || !rule.destination().isAnyLocalAddress()) {
            builder.attributeAddress(FibRules.FRA_DST, rule.destination());
        }
        if (rule.priority() != 0) {
            builder.attributeU32(FibRules.FRA_PRIORITY, rule.priority());
        }
        if (rule.table() != 0) {
            builder.attributeU32(FibRules.FRA_TABLE, rule.table());
        }
        return builder;
    }

    /** Encodes an RTM_GETRULE dump request for one family. */
    static MessageBuilder dumpRequest(StandardProtocolFamily family) {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_GETRULE,
                Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP);
        MemorySegment header = builder.appendStruct(Structs.FIB_RULE_HDR);
        header.set(JAVA_BYTE, Structs.FRH_FAMILY, (byte) Families.number(family));
        return builder;
    }
}
