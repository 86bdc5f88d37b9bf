package org.networkbroker.netlink;

import java.util.Objects;
import org.networkbroker.netlink.NetlinkEvent.Change;

/**
 * A route that the kernel announced as added, changed or removed.
 *
 * @param change {@code NEW} for RTM_NEWROUTE, {@code DEL} for RTM_DELROUTE
 * @param route the route as the message describes it
 */
public record RouteEvent(Change change, Route route) implements NetlinkEvent {

    /**
     * Creates an event.
     *
     * @throws NullPointerException if a component is null
     */
    public RouteEvent {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(route, "route");
    }
}
