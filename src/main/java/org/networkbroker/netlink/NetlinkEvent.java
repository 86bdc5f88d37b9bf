package org.networkbroker.netlink;

/**
 * An event that {@link NetlinkMonitor} delivers: a changed link, address, route or rule, or
 * an {@link Overrun} after the kernel dropped events.
 */
public sealed interface NetlinkEvent
        permits LinkEvent, AddressEvent, RouteEvent, RuleEvent, Overrun {

    /** The kind of change, from the message type. */
    enum Change {
        /** RTM_NEWLINK, RTM_NEWADDR, RTM_NEWROUTE or RTM_NEWRULE: added or changed. */
        NEW,
        /** RTM_DELLINK, RTM_DELADDR, RTM_DELROUTE or RTM_DELRULE: removed. */
        DEL
    }
}
