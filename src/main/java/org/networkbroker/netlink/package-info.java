/**
 * Rtnetlink for network-broker: reads and changes links, addresses, routes and routing rules
 * of the Linux kernel, and reports their changes as events.
 *
 * <p>{@link org.networkbroker.netlink.RtnetlinkClient} sends requests (dumps, add and delete)
 * and {@link org.networkbroker.netlink.NetlinkMonitor} delivers
 * {@link org.networkbroker.netlink.NetlinkEvent} records from the kernel's multicast groups.
 * Both talk to a NETLINK_ROUTE socket through Foreign Function &amp; Memory downcalls. This is
 * the only package that uses {@code java.lang.foreign}: callers see records and exceptions,
 * never a {@code MemorySegment}.
 *
 * <p>Failed system calls and requests that the kernel rejects raise
 * {@link org.networkbroker.netlink.ErrnoException}. Messages that cannot be decoded raise
 * {@link org.networkbroker.netlink.MalformedMessageException}. Both extend
 * {@link org.networkbroker.netlink.NetlinkException}. Constants keep their kernel names and
 * live in classes named after their header: {@link org.networkbroker.netlink.Netlink},
 * {@link org.networkbroker.netlink.Rtnetlink}, {@link org.networkbroker.netlink.IfLink},
 * {@link org.networkbroker.netlink.IfAddr} and {@link org.networkbroker.netlink.FibRules}.
 *
 * <p>Sockets belong to the network namespace of the thread that opens them.
 */
package org.networkbroker.netlink;
