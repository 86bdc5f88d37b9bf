package org.networkbroker.daemon;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.networkbroker.netlink.NetlinkEvent;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.netlink.RtnetlinkClient;
import org.networkbroker.routing.GatewayHints;
import org.networkbroker.routing.PolicyRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy router of {@code RoutingPolicyRules=} with its own rtnetlink client. It always
 * listens to the kernel's messages, so a reload can turn it on, but it starts changing rules
 * only once a link is listed: with none listed it must not touch tables that other software
 * may use. A failure to set it up is logged and leaves the rest of the broker running.
 */
final class PolicyRouting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyRouting.class);

    private final RtnetlinkClient client;
    private final PolicyRouter router;
    private List<String> links;
    private boolean started;

    private PolicyRouting(RtnetlinkClient client, PolicyRouter router, List<String> links) {
        this.client = client;
        this.router = router;
        this.links = List.copyOf(links);
    }

    /**
     * Creates the router for the listed links.
     *
     * @param links the link names of {@code RoutingPolicyRules=}; empty keeps routing off
     * @return the routing, inactive for good when the netlink socket fails
     */
    static PolicyRouting create(List<String> links) {
        try {
            RtnetlinkClient client = RtnetlinkClient.open();
            return new PolicyRouting(client,
                    new PolicyRouter(client, Set.copyOf(links), GatewayHints.networkdLeases()),
                    links);
        } catch (NetlinkException e) {
            log.error("cannot open a netlink socket for policy routing; RoutingPolicyRules stays"
                    + " off: {}", e.getMessage(), e);
            return new PolicyRouting(null, null, links);
        }
    }

    /**
     * Returns the listeners the kernel source must feed.
     *
     * @return the router's event handler, or none
     */
    List<Consumer<NetlinkEvent>> listeners() {
        return router == null ? List.of() : List.of(router::onEvent);
    }

    /** Applies the rules for the current addresses, after the kernel source started. */
    synchronized void start() {
        if (router == null || links.isEmpty() || started) {
            return;
        }
        try {
            router.start();
            started = true;
        } catch (NetlinkException e) {
            log.error("policy routing failed to start; RoutingPolicyRules stays off: {}",
                    e.getMessage(), e);
        }
    }

    /**
     * Applies a reloaded {@code RoutingPolicyRules=}: rules for new links, none for dropped
     * ones, and a start when the first link is listed.
     *
     * @param reloaded the new link names
     */
    synchronized void setLinks(List<String> reloaded) {
        links = List.copyOf(reloaded);
        if (router == null) {
            if (!links.isEmpty()) {
                log.warn("RoutingPolicyRules={} ignored: no netlink socket for policy routing",
                        links);
            }
            return;
        }
        router.setLinks(Set.copyOf(links));
        start();
    }

    /** Stops reacting to events; the rules stay, and the next start removes stale ones. */
    @Override
    public synchronized void close() {
        if (router != null) {
            router.close();
            try {
                client.close();
            } catch (NetlinkException e) {
                log.debug("closing the policy routing netlink socket failed", e);
            }
        }
    }
}
