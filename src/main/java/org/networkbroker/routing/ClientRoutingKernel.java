package org.networkbroker.routing;

import java.util.List;
import java.util.Objects;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.RtnetlinkClient;
import org.networkbroker.netlink.Rule;

/**
 * Sends the requests of policy routing through an rtnetlink client.
 *
 * @param client the client, owned by the caller
 */
record ClientRoutingKernel(RtnetlinkClient client) implements RoutingKernel {

    /**
     * Creates the kernel access.
     *
     * @throws NullPointerException if the client is null
     */
    ClientRoutingKernel {
        Objects.requireNonNull(client, "client");
    }

    @Override
    public List<Link> dumpLinks() throws NetlinkException {
        return client.dumpLinks();
    }

    @Override
    public List<Address> dumpAddresses() throws NetlinkException {
        return client.dumpAddresses();
    }

    @Override
    public List<Route> dumpRoutes() throws NetlinkException {
        return client.dumpRoutes();
    }

    @Override
    public List<Rule> dumpRules() throws NetlinkException {
        return client.dumpRules();
    }

    @Override
    public void addRule(Rule rule) throws NetlinkException {
        client.addRule(rule);
    }

    @Override
    public void deleteRule(Rule rule) throws NetlinkException {
        client.deleteRule(rule);
    }

    @Override
    public void addRoute(Route route) throws NetlinkException {
        client.addRoute(route);
    }

    @Override
    public void replaceRoute(Route route) throws NetlinkException {
        client.replaceRoute(route);
    }

    @Override
    public void deleteRoute(Route route) throws NetlinkException {
        client.deleteRoute(route);
    }
}
