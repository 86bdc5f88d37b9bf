package org.networkbroker.netlink;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 or IPv6 address of a link, from an RTM_NEWADDR or RTM_DELADDR message.
 *
 * @param ifindex the index of the link, {@code ifa_index}
 * @param family {@code INET} or {@code INET6}, from {@code ifa_family}
 * @param prefixLength the prefix length in bits, {@code ifa_prefixlen}
 * @param scope the {@code RT_SCOPE_*} scope of {@code ifa_scope}, see {@link Rtnetlink}
 * @param flags the {@code IFA_F_*} flags of {@code IFA_FLAGS}, or of the 8-bit
 *         {@code ifa_flags} when the kernel sent no {@code IFA_FLAGS}; see {@link IfAddr}
 * @param address the {@code IFA_ADDRESS}: the address itself, or the peer address of a
 *         point-to-point link
 * @param local the {@code IFA_LOCAL} address; the kernel sends it for IPv4 addresses, and
 *         for IPv6 only when a peer is configured
 * @param label the IPv4 label of {@code IFA_LABEL}, such as {@code "eth0:1"}
 * @param cacheInfo the lifetimes of {@code IFA_CACHEINFO}
 */
public record Address(
        int ifindex,
        StandardProtocolFamily family,
        int prefixLength,
        int scope,
        int flags,
        InetAddress address,
        Optional<InetAddress> local,
        Optional<String> label,
        Optional<AddressCacheInfo> cacheInfo) {

    /**
     * Creates an address and checks that the components fit the kernel's fields.
     *
     * @throws IllegalArgumentException if the family is not INET or INET6, an address does
     *         not belong to the family, or the prefix length or scope is out of range
     * @throws NullPointerException if a reference component is null
     */
    public Address {
        Requirements.requireIpFamily(family);
        Requirements.requirePrefixLength("prefixLength", prefixLength, family);
        Requirements.requireU8("scope", scope);
        Requirements.requireFamily("address", address, family);
        local.ifPresent(value -> Requirements.requireFamily("local", value, family));
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(cacheInfo, "cacheInfo");
    }

    /**
     * Creates a permanent address of global scope for an add or delete request. An IPv4
     * address also gets the same {@code IFA_LOCAL}, as {@code ip address add} sends it.
     *
     * @param ifindex the index of the link
     * @param address the address
     * @param prefixLength the prefix length in bits
     * @return the address with no flags, label or lifetimes
     * @throws IllegalArgumentException if the prefix length is out of range for the family
     */
    public static Address of(int ifindex, InetAddress address, int prefixLength) {
        StandardProtocolFamily family = Families.of(address);
        Optional<InetAddress> local = family == StandardProtocolFamily.INET
                ? Optional.of(address) : Optional.empty();
        return new Address(ifindex, family, prefixLength, Rtnetlink.RT_SCOPE_UNIVERSE, 0,
                address, local, Optional.empty(), Optional.empty());
    }

    /**
     * Returns a copy of this address with other flags.
     *
     * @param newFlags the {@code IFA_F_*} flags, for example {@code IFA_F_NODAD}
     * @return the copy
     */
    public Address withFlags(int newFlags) {
        return new Address(ifindex, family, prefixLength, scope, newFlags, address, local,
                label, cacheInfo);
    }

    /**
     * Formats the address with its prefix length, as {@code ip address} shows it.
     *
     * @return for example {@code "192.0.2.1/24"}
     */
    public String toPrefixString() {
        return AddressText.format(address) + "/" + prefixLength;
    }
}
