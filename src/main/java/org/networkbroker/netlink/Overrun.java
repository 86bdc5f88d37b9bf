package org.networkbroker.netlink;

/**
 * Signals that the kernel dropped events because the monitor's socket buffer was full
 * (ENOBUFS), or that it sent NLMSG_OVERRUN. The events after it arrive as usual, but state
 * built from earlier events may be stale: dump links, addresses, routes and rules again.
 */
public record Overrun() implements NetlinkEvent {
}
