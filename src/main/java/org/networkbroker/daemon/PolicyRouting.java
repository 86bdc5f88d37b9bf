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
 * The policy router of {@code RoutingPolicyRules=} with its own rtnetlink client, or nothing
 * when no link is listed. A failure to set it up is logged and leaves the rest of the broker
 * running.
 */
final class PolicyRouting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyRouting.class);

    private final RtnetlinkClient client;
    private final PolicyRouter router;

    private PolicyRouting(RtnetlinkClient client, PolicyRouter router) {
        this.client = client;
        this.router = router;
    }

    /**
     * Creates the router for the listed links.
     *
     * @param links the link names of {@code RoutingPolicyRules=}; empty turns routing off
     * @return the routing, inactive when no link is listed or the netlink socket fails
     */
    static PolicyRouting create(List<String> links) {
        if (links.isEmpty()) {
            return new PolicyRouting(null, null);
        }
        try {
            RtnetlinkClient client = RtnetlinkClient.open();
            return new PolicyRouting(client,
                    new PolicyRouter(client, Set.copyOf(links), GatewayHints.networkdLeases()));
        } catch (NetlinkException e) {
            log.error("cannot open a netlink socket for policy routing; RoutingPolicyRules stays"
                    + " off: {}", e.getMessage(), e);
            return new PolicyRouting(null, null);
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
    void start() {
        if (router == null) {
            return;
        }
        try {
            router.start();
        } catch (NetlinkException e) {
            log.error("policy routing failed to start; RoutingPolicyRules stays off: {}",
                    e.getMessage(), e);
        }
    }

    /** Stops reacting to events; the rules stay, and the next start removes stale ones. */
    @Override
    public void close() {
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
