package org.networkbroker.netlink;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A network link (interface) from an RTM_NEWLINK or RTM_DELLINK message.
 *
 * @param ifindex the interface index, {@code ifi_index}
 * @param name the interface name, {@code IFLA_IFNAME}
 * @param flags the {@code IFF_*} flags of {@code ifi_flags}, see {@link IfLink}
 * @param mtu the MTU in bytes, {@code IFLA_MTU}, or 0 when the kernel sent none
 * @param address the link-layer address, {@code IFLA_ADDRESS}, if the link has one
 * @param operationalState the state of {@code IFLA_OPERSTATE}, UNKNOWN when absent
 * @param alternativeNames the {@code IFLA_ALT_IFNAME} names in {@code IFLA_PROP_LIST}, in
 *         kernel order
 * @param kind the link type of {@code IFLA_LINKINFO}/{@code IFLA_INFO_KIND}, such as
 *         {@code "veth"}; empty for links without one, such as loopback or physical links
 */
public record Link(
        int ifindex,
        String name,
        int flags,
        int mtu,
        Optional<HardwareAddress> address,
        OperationalState operationalState,
        List<String> alternativeNames,
        Optional<String> kind) {

    /**
     * Creates a link and checks that no component is null.
     *
     * @throws NullPointerException if a reference component is null
     */
    public Link {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(operationalState, "operationalState");
        alternativeNames = List.copyOf(alternativeNames);
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Returns whether the link is administratively up.
     *
     * @return whether {@code IFF_UP} is set
     */
    public boolean isUp() {
        return (flags & IfLink.IFF_UP) != 0;
    }

    /**
     * Returns whether the driver reports a carrier.
     *
     * @return whether {@code IFF_LOWER_UP} is set
     */
    public boolean isLowerUp() {
        return (flags & IfLink.IFF_LOWER_UP) != 0;
    }
}
