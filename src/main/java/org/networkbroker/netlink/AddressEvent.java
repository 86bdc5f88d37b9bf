package org.networkbroker.netlink;

import java.util.Objects;
import org.networkbroker.netlink.NetlinkEvent.Change;

/**
 * An address that the kernel announced as added, changed or removed.
 *
 * @param change {@code NEW} for RTM_NEWADDR, {@code DEL} for RTM_DELADDR
 * @param address the address as the message describes it
 */
public record AddressEvent(Change change, Address address) implements NetlinkEvent {

    /**
     * Creates an event.
     *
     * @throws NullPointerException if a component is null
     */
    public AddressEvent {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(address, "address");
    }
}
