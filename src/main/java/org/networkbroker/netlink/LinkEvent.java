package org.networkbroker.netlink;

import java.util.Objects;
import org.networkbroker.netlink.NetlinkEvent.Change;

/**
 * A link that the kernel announced as added, changed or removed.
 *
 * @param change {@code NEW} for RTM_NEWLINK, {@code DEL} for RTM_DELLINK
 * @param link the link as the message describes it
 */
public record LinkEvent(Change change, Link link) implements NetlinkEvent {

    /**
     * Creates an event.
     *
     * @throws NullPointerException if a component is null
     */
    public LinkEvent {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(link, "link");
    }
}
