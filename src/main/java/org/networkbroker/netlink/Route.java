package org.networkbroker.netlink;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;

/**
 * An IPv4 or IPv6 route, from an RTM_NEWROUTE or RTM_DELROUTE message.
 *
 * <p>Multipath routes ({@code RTA_MULTIPATH}) are decoded without their next hops, so
 * {@code gateway} and {@code outputInterface} are empty for them.
 *
 * @param family {@code INET} or {@code INET6}, from {@code rtm_family}
 * @param destination the destination prefix of {@code RTA_DST}; the all-zero address of the
 *         family when the kernel sent none, as for a default route
 * @param destinationLength the prefix length of the destination, {@code rtm_dst_len}
 * @param gateway the next hop of {@code RTA_GATEWAY}, if any
 * @param outputInterface the index of the output link of {@code RTA_OIF}, or 0 for none
 * @param table the table id of {@code RTA_TABLE}, or of the 8-bit {@code rtm_table} when the
 *         kernel sent no {@code RTA_TABLE}; unsigned 32 bits
 * @param protocol the {@code RTPROT_*} value of {@code rtm_protocol}
 * @param scope the {@code RT_SCOPE_*} value of {@code rtm_scope}
 * @param type the {@code RTN_*} value of {@code rtm_type}
 * @param priority the metric of {@code RTA_PRIORITY}, or 0 when absent; unsigned 32 bits
 */
public record Route(
        StandardProtocolFamily family,
        InetAddress destination,
        int destinationLength,
        Optional<InetAddress> gateway,
        int outputInterface,
        long table,
        int protocol,
        int scope,
        int type,
        long priority) {

    /**
     * Creates a route and checks that the components fit the kernel's fields.
     *
     * @throws IllegalArgumentException if the family is not INET or INET6, an address does
     *         not belong to the family, or a number is out of range for its field
     * @throws NullPointerException if a reference component is null
     */
    public Route {
        Requirements.requireIpFamily(family);
        Requirements.requireFamily("destination", destination, family);
        Requirements.requirePrefixLength("destinationLength", destinationLength, family);
        gateway.ifPresent(value -> Requirements.requireFamily("gateway", value, family));
        Requirements.requireU32("table", table);
        Requirements.requireU8("protocol", protocol);
        Requirements.requireU8("scope", scope);
        Requirements.requireU8("type", type);
        Requirements.requireU32("priority", priority);
    }

    /**
     * Creates a unicast route for an add or delete request, with the defaults of
     * {@code ip route add}: protocol {@code RTPROT_BOOT}, scope {@code RT_SCOPE_UNIVERSE}
     * with a gateway and {@code RT_SCOPE_LINK} without one, and no metric.
     *
     * @param destination the destination prefix; its host bits must be zero, or the kernel
     *         rejects the request with EINVAL
     * @param destinationLength the prefix length in bits
     * @param gateway the next hop, or {@code null} for a route directly on the link
     * @param outputInterface the index of the output link, or 0 to let the kernel choose
     *         one from the gateway
     * @param table the table id, for example 10002 or {@link Rtnetlink#RT_TABLE_MAIN}
     * @return the route
     * @throws IllegalArgumentException if a value is out of range, or the gateway belongs to
     *         another family than the destination
     */
    public static Route unicast(InetAddress destination, int destinationLength,
            InetAddress gateway, int outputInterface, long table) {
        int scope = gateway == null ? Rtnetlink.RT_SCOPE_LINK : Rtnetlink.RT_SCOPE_UNIVERSE;
        return new Route(Families.of(destination), destination, destinationLength,
                Optional.ofNullable(gateway), outputInterface, table, Rtnetlink.RTPROT_BOOT,
                scope, Rtnetlink.RTN_UNICAST, 0);
    }

    /**
     * Formats the route in the words of {@code ip route}, with the ifindex after
     * {@code dev} because the record has no link name.
     *
     * @return for example {@code "198.51.100.0/24 via 192.0.2.254 dev 3 table 10002"}
     */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append(AddressText.format(destination)).append('/').append(destinationLength);
        gateway.ifPresent(value -> text.append(" via ").append(AddressText.format(value)));
        if (outputInterface != 0) {
            text.append(" dev ").append(outputInterface);
        }
        text.append(" table ").append(table);
        if (priority != 0) {
            text.append(" metric ").append(priority);
        }
        return text.toString();
    }
}
