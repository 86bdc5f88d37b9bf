package org.networkbroker.netlink;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;

/**
 * An IPv4 or IPv6 routing policy rule, from an RTM_NEWRULE or RTM_DELRULE message.
 *
 * @param family {@code INET} or {@code INET6}, from the {@code family} of
 *         {@code struct fib_rule_hdr}
 * @param source the source prefix of {@code FRA_SRC}; the all-zero address of the family
 *         when absent, which matches every source
 * @param sourceLength the prefix length of the source, {@code src_len}
 * @param destination the destination prefix of {@code FRA_DST}; the all-zero address when
 *         absent
 * @param destinationLength the prefix length of the destination, {@code dst_len}
 * @param table the table id of {@code FRA_TABLE}, or of the 8-bit {@code table} when the
 *         kernel sent no {@code FRA_TABLE}; unsigned 32 bits
 * @param priority the priority of {@code FRA_PRIORITY}, also called preference; 0 when
 *         absent. In an add request, 0 lets the kernel choose the priority.
 * @param action the {@code FR_ACT_*} action, see {@link FibRules}
 */
public record Rule(
        StandardProtocolFamily family,
        InetAddress source,
        int sourceLength,
        InetAddress destination,
        int destinationLength,
        long table,
        long priority,
        int action) {

    /**
     * Creates a rule and checks that the components fit the kernel's fields.
     *
     * @throws IllegalArgumentException if the family is not INET or INET6, an address does
     *         not belong to the family, or a number is out of range for its field
     * @throws NullPointerException if a reference component is null
     */
    public Rule {
        Requirements.requireIpFamily(family);
        Requirements.requireFamily("source", source, family);
        Requirements.requirePrefixLength("sourceLength", sourceLength, family);
        Requirements.requireFamily("destination", destination, family);
        Requirements.requirePrefixLength("destinationLength", destinationLength, family);
        Requirements.requireU32("table", table);
        Requirements.requireU32("priority", priority);
        Requirements.requireU8("action", action);
    }

    /**
     * Creates the rule {@code from SOURCE/LENGTH lookup TABLE}, with any destination.
     *
     * @param source the source prefix
     * @param sourceLength the prefix length of the source in bits
     * @param table the table to look the route up in
     * @param priority the rule priority, or 0 to let the kernel choose one on add
     * @return the rule with action {@code FR_ACT_TO_TBL}
     * @throws IllegalArgumentException if a value is out of range
     */
    public static Rule fromSource(InetAddress source, int sourceLength, long table,
            long priority) {
        StandardProtocolFamily family = Families.of(source);
        return new Rule(family, source, sourceLength, Families.anyAddress(family), 0, table,
                priority, FibRules.FR_ACT_TO_TBL);
    }

    /**
     * Creates the rule {@code from all to DESTINATION/LENGTH lookup TABLE}.
     *
     * @param destination the destination prefix
     * @param destinationLength the prefix length of the destination in bits
     * @param table the table to look the route up in
     * @param priority the rule priority, or 0 to let the kernel choose one on add
     * @return the rule with action {@code FR_ACT_TO_TBL}
     * @throws IllegalArgumentException if a value is out of range
     */
    public static Rule toDestination(InetAddress destination, int destinationLength, long table,
            long priority) {
        StandardProtocolFamily family = Families.of(destination);
        return new Rule(family, Families.anyAddress(family), 0, destination, destinationLength,
                table, priority, FibRules.FR_ACT_TO_TBL);
    }

    /**
     * Formats the rule in the words of {@code ip rule}.
     *
     * @return for example {@code "from 192.0.2.1/32 lookup 10002 priority 1000"}
     */
    public String describe() {
        StringBuilder text = new StringBuilder("from ");
        text.append(sourceLength == 0 ? "all" : AddressText.format(source) + "/" + sourceLength);
        if (destinationLength != 0) {
            text.append(" to ").append(AddressText.format(destination))
                    .append('/').append(destinationLength);
        }
        if (action == FibRules.FR_ACT_TO_TBL) {
            text.append(" lookup ").append(table);
        } else {
            text.append(" action ").append(action);
        }
        if (priority != 0) {
            text.append(" priority ").append(priority);
        }
        return text.toString();
    }
}
