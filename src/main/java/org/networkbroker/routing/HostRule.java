package org.networkbroker.routing;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.networkbroker.netlink.AddressText;
import org.networkbroker.netlink.FibRules;
import org.networkbroker.netlink.Rule;

/**
 * A rule of the form that policy routing adds: {@code from ADDRESS/32 lookup TABLE} or
 * {@code to ADDRESS/32 lookup TABLE}, with /128 for IPv6. The priority is not part of it, so
 * a rule of this form that another program or an earlier version added counts as present.
 *
 * @param selector whether the rule matches the source or the destination address
 * @param address the host address of the rule
 * @param table the table that the rule looks up
 */
record HostRule(Selector selector, InetAddress address, long table) {

    /** The part of a packet that the rule matches, named as in {@code ip rule}. */
    enum Selector {
        /** The rule matches the source address. */
        FROM,
        /** The rule matches the destination address. */
        TO;

        /** Returns the word of {@code ip rule}: {@code from} or {@code to}. */
        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Creates a host rule.
     *
     * @throws NullPointerException if the selector or address is null
     */
    HostRule {
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(address, "address");
    }

    /**
     * Recognizes a rule of this form.
     *
     * <p>NOTE: the {@link Rule} record has no input or output interface, firewall mark or
     * port ranges, so a rule that adds such a selector to this form is recognized too.
     *
     * @param rule a rule from a dump or an event
     * @return the host rule, or empty for any other action or prefix combination
     */
    static Optional<HostRule> of(Rule rule) {
        if (rule.action() != FibRules.FR_ACT_TO_TBL) {
            return Optional.empty();
        }
        int hostLength = hostPrefixLength(rule.family());
        if (rule.sourceLength() == hostLength && rule.destinationLength() == 0) {
            return Optional.of(new HostRule(Selector.FROM, rule.source(), rule.table()));
        }
        if (rule.destinationLength() == hostLength && rule.sourceLength() == 0) {
            return Optional.of(new HostRule(Selector.TO, rule.destination(), rule.table()));
        }
        return Optional.empty();
    }

    /**
     * Builds the kernel rule with the priority that policy routing uses.
     *
     * @return {@code from ADDRESS/32 lookup TABLE priority 32765} or its {@code to} form
     */
    Rule toRule() {
        int hostLength = hostPrefixLength(family());
        return switch (selector) {
            case FROM -> Rule.fromSource(address, hostLength, table, PolicyTables.RULE_PRIORITY);
            case TO -> Rule.toDestination(address, hostLength, table,
                    PolicyTables.RULE_PRIORITY);
        };
    }

    /** Returns INET or INET6, from the address. */
    StandardProtocolFamily family() {
        return address instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Returns the address as {@code ip} shows it. */
    String addressText() {
        return AddressText.format(address);
    }

    private static int hostPrefixLength(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET6 ? 128 : 32;
    }
}
