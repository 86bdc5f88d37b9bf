package org.networkbroker.netlink;

import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.networkbroker.system.Errno;

/**
 * Sends rtnetlink requests and returns the kernel's replies as records: dumps of links,
 * addresses, routes and rules, and changes of routes, rules and addresses.
 *
 * <p>The client owns one NETLINK_ROUTE socket, which belongs to the network namespace of the
 * thread that calls {@link #open()}. Its methods are synchronized, so one request runs at a
 * time. Each reply must arrive within 10 seconds, or the request fails with EAGAIN. The kernel
 * replies within milliseconds, so the timeout only guards against a lost reply.
 */
public final class RtnetlinkClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RtnetlinkClient.class);
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);
    private static final int DUMP_ATTEMPTS = 3;
    private static final int CREATE_FLAGS = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK
            | Netlink.NLM_F_CREATE | Netlink.NLM_F_EXCL;
    private static final int REPLACE_FLAGS = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK
            | Netlink.NLM_F_CREATE | Netlink.NLM_F_REPLACE;
    private static final int DELETE_FLAGS = Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK;

    private final NetlinkSocket socket;
    private int sequence;

    private RtnetlinkClient(NetlinkSocket socket) {
        this.socket = socket;
    }

    /**
     * Opens a client in the calling thread's network namespace.
     *
     * @return the client; close it to release its socket
     * @throws ErrnoException if the socket cannot be opened or configured
     */
    public static RtnetlinkClient open() throws ErrnoException {
        NetlinkSocket socket = NetlinkSocket.forRequests();
        try {
            // Extended ACKs (Linux 4.12 and later) add the kernel's reason to errors. Capped
            // ACKs (Linux 4.3 and later) leave out the copy of the request.
            enableOptional(socket, Netlink.NETLINK_EXT_ACK, "NETLINK_EXT_ACK");
            enableOptional(socket, Netlink.NETLINK_CAP_ACK, "NETLINK_CAP_ACK");
            socket.setReceiveTimeout(REPLY_TIMEOUT);
            return new RtnetlinkClient(socket);
        } catch (ErrnoException | RuntimeException e) {
            try {
                socket.close();
            } catch (ErrnoException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
    }

    // Replies decode with or without these options, so an older kernel only loses detail.
    private static void enableOptional(NetlinkSocket socket, int option, String name)
            throws ErrnoException {
        try {
            socket.setOption(Netlink.SOL_NETLINK, option, 1, "enable " + name);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOPROTOOPT) {
                throw e;
            }
            log.debug("kernel lacks netlink socket option option={}", name);
        }
    }

    /**
     * Dumps all links.
     *
     * @return the links in kernel order, loopback included
     * @throws NetlinkException if the request fails or a reply is malformed
     */
    public synchronized List<Link> dumpLinks() throws NetlinkException {
        List<Link> links = new ArrayList<>();
        for (NetlinkMessage message : dump(
                () -> LinkCodec.request(Netlink.NLM_F_REQUEST | Netlink.NLM_F_DUMP, 0),
                "dump links")) {
            if (message.type() == Rtnetlink.RTM_NEWLINK) {
                links.add(LinkCodec.decode(message));
            }
        }
        return links;
    }

    /**
     * Gets one link by its index.
     *
     * @param ifindex the interface index
     * @return the link, or empty when the kernel reports ENODEV
     * @throws NetlinkException if the request fails otherwise or the reply is malformed
     */
    public synchronized Optional<Link> getLink(int ifindex) throws NetlinkException {
        List<NetlinkMessage> replies;
        try {
            replies = exchange(LinkCodec.request(Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK,
                    ifindex), "get link ifindex=" + ifindex).messages();
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw e;
        }
        for (NetlinkMessage message : replies) {
            if (message.type() == Rtnetlink.RTM_NEWLINK) {
                return Optional.of(LinkCodec.decode(message));
            }
        }
        return Optional.empty();
    }

    /**
     * Dumps all IPv4 and IPv6 addresses of all links.
     *
     * @return the addresses in kernel order
     * @throws NetlinkException if the request fails or a reply is malformed
     */
    public synchronized List<Address> dumpAddresses() throws NetlinkException {
        List<Address> addresses = new ArrayList<>();
        for (NetlinkMessage message : dump(AddressCodec::dumpRequest, "dump addresses")) {
            if (message.type() == Rtnetlink.RTM_NEWADDR) {
                AddressCodec.decode(message).ifPresent(addresses::add);
            }
        }
        return addresses;
    }

    /**
     * Dumps the IPv4 and IPv6 routes of all tables, the local table included.
     *
     * @return the routes in kernel order
     * @throws NetlinkException if the request fails or a reply is malformed
     */
    public synchronized List<Route> dumpRoutes() throws NetlinkException {
        List<Route> routes = new ArrayList<>();
        for (NetlinkMessage message : dump(RouteCodec::dumpRequest, "dump routes")) {
            if (message.type() == Rtnetlink.RTM_NEWROUTE) {
                RouteCodec.decode(message).ifPresent(routes::add);
            }
        }
        return routes;
    }

    /**
     * Dumps the IPv4 and IPv6 routes of one table. The kernel sends all routes, and this
     * method keeps those of the table.
     *
     * @param table the table id, for example 10002 or {@link Rtnetlink#RT_TABLE_MAIN}
     * @return the routes of the table in kernel order
     * @throws NetlinkException if the request fails or a reply is malformed
     */
    public synchronized List<Route> dumpRoutes(long table) throws NetlinkException {
        return dumpRoutes().stream().filter(route -> route.table() == table).toList();
    }

    /**
     * Dumps the IPv4 and IPv6 routing rules, one family after the other. A dump for all
     * families at once would also return the rules of the multicast routing families.
     *
     * @return the IPv4 rules, then the IPv6 rules, each in priority order; no IPv6 rules when
     *         the kernel has no IPv6
     * @throws NetlinkException if the request fails or a reply is malformed
     */
    public synchronized List<Rule> dumpRules() throws NetlinkException {
        List<Rule> rules = new ArrayList<>();
        for (StandardProtocolFamily family : List.of(StandardProtocolFamily.INET,
                StandardProtocolFamily.INET6)) {
            for (NetlinkMessage message : dumpRules(family)) {
                if (message.type() == Rtnetlink.RTM_NEWRULE) {
                    RuleCodec.decode(message).ifPresent(rules::add);
                }
            }
        }
        return rules;
    }

    private List<NetlinkMessage> dumpRules(StandardProtocolFamily family)
            throws NetlinkException {
        try {
            return dump(() -> RuleCodec.dumpRequest(family), "dump " + family + " rules");
        } catch (ErrnoException e) {
            // NOTE: a kernel without IPv6 rejects the IPv6 rule dump with EAFNOSUPPORT
            // (fib_nl_dumprule in net/core/fib_rules.c). No test runs on such a kernel.
            if (e.errno() != Errno.EAFNOSUPPORT) {
                throw e;
            }
            log.debug("kernel has no {} routing rules error=\"{}\"", family, e.getMessage());
            return List.of();
        }
    }

    /**
     * Adds a route. Fails if an equal route exists (NLM_F_EXCL).
     *
     * @param route the route, for example from {@link Route#unicast}
     * @throws ErrnoException if the kernel rejects the route, for example with EEXIST
     * @throws NetlinkException if the reply is malformed
     */
    public synchronized void addRoute(Route route) throws NetlinkException {
        exchange(RouteCodec.encode(Rtnetlink.RTM_NEWROUTE, CREATE_FLAGS, route),
                "add route " + route.describe());
    }

    /**
     * Adds a route, or replaces the route that has the same key (NLM_F_REPLACE). The key is
     * the table, destination prefix and metric, and for IPv4 also the TOS. So a route with a
     * new gateway replaces the old one in one step, with no moment without a route.
     *
     * @param route the route, for example from {@link Route#unicast}
     * @throws ErrnoException if the kernel rejects the route, for example with ENETUNREACH
     *         when the gateway is not reachable through the output link
     * @throws NetlinkException if the reply is malformed
     */
    public synchronized void replaceRoute(Route route) throws NetlinkException {
        exchange(RouteCodec.encode(Rtnetlink.RTM_NEWROUTE, REPLACE_FLAGS, route),
                "replace route " + route.describe());
    }

    /**
     * Deletes the route that matches the given one.
     *
     * @param route the route to delete
     * @throws ErrnoException if the kernel rejects the request, with ESRCH or ENOENT when
     *         no such route exists
     * @throws NetlinkException if the reply is malformed
     */
    public synchronized void deleteRoute(Route route) throws NetlinkException {
        exchange(RouteCodec.encode(Rtnetlink.RTM_DELROUTE, DELETE_FLAGS, route),
                "delete route " + route.describe());
    }

    /**
     * Adds a routing rule. Fails if an equal rule exists (NLM_F_EXCL).
     *
     * @param rule the rule, for example from {@link Rule#fromSource}
     * @throws ErrnoException if the kernel rejects the rule, for example with EEXIST
     * @throws NetlinkException if the reply is malformed
     */
    public synchronized void addRule(Rule rule) throws NetlinkException {
        exchange(RuleCodec.encode(Rtnetlink.RTM_NEWRULE, CREATE_FLAGS, rule),
                "add rule " + rule.describe());
    }

    /**
     * Deletes the first routing rule that matches the given one.
     *
     * @param rule the rule to delete
     * @throws ErrnoException if the kernel rejects the request, with ENOENT when no such
     *         rule exists
     * @throws NetlinkException if the reply is malformed
     */
    public synchronized void deleteRule(Rule rule) throws NetlinkException {
        exchange(RuleCodec.encode(Rtnetlink.RTM_DELRULE, DELETE_FLAGS, rule),
                "delete rule " + rule.describe());
    }

    /**
     * Adds an address to a link. Fails if the link has it already (NLM_F_EXCL).
     *
     * @param address the address, for example from {@link Address#of}
     * @throws ErrnoException if the kernel rejects the address, for example with EEXIST
     * @throws NetlinkException if the reply is malformed
     */
    public synchronized void addAddress(Address address) throws NetlinkException {
        exchange(AddressCodec.encode(Rtnetlink.RTM_NEWADDR, CREATE_FLAGS, address),
                "add address " + address.toPrefixString() + " ifindex=" + address.ifindex());
    }

    /**
     * Deletes an address from a link.
     *
     * @param address the address to delete
     * @throws ErrnoException if the kernel rejects the request, with EADDRNOTAVAIL when the
     *         link has no such address
     * @throws NetlinkException if the reply is malformed
     */
    public synchronized void deleteAddress(Address address) throws NetlinkException {
        exchange(AddressCodec.encode(Rtnetlink.RTM_DELADDR, DELETE_FLAGS, address),
                "delete address " + address.toPrefixString() + " ifindex=" + address.ifindex());
    }

    /**
     * Closes the socket. Later requests fail with IllegalStateException.
     *
     * @throws ErrnoException if close fails
     */
    @Override
    public synchronized void close() throws ErrnoException {
        socket.close();
    }

    @FunctionalInterface
    private interface RequestFactory {
        MessageBuilder create();
    }

    private List<NetlinkMessage> dump(RequestFactory request, String description)
            throws NetlinkException {
        for (int attempt = 1; attempt <= DUMP_ATTEMPTS; attempt++) {
            ReplyCollector.Replies replies = exchange(request.create(), description);
            if (!replies.interrupted()) {
                return replies.messages();
            }
            log.debug("dump interrupted by a concurrent change request=\"{}\" attempt={}",
                    description, attempt);
        }
        throw new NetlinkException(description + " failed: the kernel flagged the dump as "
                + "inconsistent (NLM_F_DUMP_INTR) " + DUMP_ATTEMPTS + " times in a row, "
                + "because the objects kept changing; retry later", null);
    }

    private ReplyCollector.Replies exchange(MessageBuilder builder, String request)
            throws NetlinkException {
        int expected = ++sequence;
        socket.send(builder.build(expected), request);
        String call = Rtnetlink.messageTypeName(builder.type());
        return new ReplyCollector(socket, expected, call, request, REPLY_TIMEOUT).collect();
    }
}
