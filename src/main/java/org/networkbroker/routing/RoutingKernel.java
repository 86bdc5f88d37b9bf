package org.networkbroker.routing;

import java.util.List;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.RtnetlinkClient;
import org.networkbroker.netlink.Rule;

/**
 * The kernel requests that policy routing sends. {@link #of(RtnetlinkClient)} sends them to
 * the kernel, and unit tests use a fake.
 */
interface RoutingKernel {

    /** Dumps all links. */
    List<Link> dumpLinks() throws NetlinkException;

    /** Dumps all addresses. */
    List<Address> dumpAddresses() throws NetlinkException;

    /** Dumps the routes of all tables. */
    List<Route> dumpRoutes() throws NetlinkException;

    /** Dumps the IPv4 and IPv6 rules. */
    List<Rule> dumpRules() throws NetlinkException;

    /** Adds a rule; fails with EEXIST when an equal rule exists. */
    void addRule(Rule rule) throws NetlinkException;

    /** Deletes a rule; fails with ENOENT when no such rule exists. */
    void deleteRule(Rule rule) throws NetlinkException;

    /** Adds a route; fails with EEXIST when a route with the same key exists. */
    void addRoute(Route route) throws NetlinkException;

    /** Adds a route or replaces the one with the same key. */
    void replaceRoute(Route route) throws NetlinkException;

    /** Deletes a route; fails with ESRCH when no such route exists. */
    void deleteRoute(Route route) throws NetlinkException;

    /**
     * Returns a kernel that sends each request through a client.
     *
     * @param client the client, which stays open and owned by the caller
     * @return the kernel
     */
    static RoutingKernel of(RtnetlinkClient client) {
        return new ClientRoutingKernel(client);
    }
}
