package org.networkbroker.netlink;

import java.util.Objects;
import org.networkbroker.netlink.NetlinkEvent.Change;

/**
 * A routing rule that the kernel announced as added, changed or removed.
 *
 * @param change {@code NEW} for RTM_NEWRULE, {@code DEL} for RTM_DELRULE
 * @param rule the rule as the message describes it
 */
public record RuleEvent(Change change, Rule rule) implements NetlinkEvent {

    /**
     * Creates an event.
     *
     * @throws NullPointerException if a component is null
     */
    public RuleEvent {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(rule, "rule");
    }
}
