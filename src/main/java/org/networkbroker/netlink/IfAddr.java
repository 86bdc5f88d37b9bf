package org.networkbroker.netlink;

/**
 * Constants of {@code <linux/if_addr.h>}: address attributes and flags, with their kernel
 * names and values.
 */
public final class IfAddr {

    /**
     * Address attribute: prefix address, or the peer address of a point-to-point link.
     */
    public static final int IFA_ADDRESS = 1;
    /** Address attribute: local address. */
    public static final int IFA_LOCAL = 2;
    /** Address attribute: IPv4 label, NUL-terminated. */
    public static final int IFA_LABEL = 3;
    /** Address attribute: broadcast address. */
    public static final int IFA_BROADCAST = 4;
    /** Address attribute: lifetimes and timestamps, {@code struct ifa_cacheinfo}. */
    public static final int IFA_CACHEINFO = 6;
    /** Address attribute: 32-bit flags, which replace the 8-bit {@code ifa_flags}. */
    public static final int IFA_FLAGS = 8;

    /** Address flag: secondary IPv4 address, or temporary IPv6 address. */
    public static final int IFA_F_SECONDARY = 0x01;
    /** Address flag: no duplicate address detection. */
    public static final int IFA_F_NODAD = 0x02;
    /** Address flag: duplicate address detection failed. */
    public static final int IFA_F_DADFAILED = 0x08;
    /** Address flag: preferred lifetime expired. */
    public static final int IFA_F_DEPRECATED = 0x20;
    /** Address flag: duplicate address detection still runs. */
    public static final int IFA_F_TENTATIVE = 0x40;
    /** Address flag: configured, not learned. */
    public static final int IFA_F_PERMANENT = 0x80;
    /** Address flag: add no prefix route for the address. */
    public static final int IFA_F_NOPREFIXROUTE = 0x200;

    /**
     * Lifetime value in {@code struct ifa_cacheinfo} that means forever. The kernel defines
     * it in {@code <net/addrconf.h>}, which is not part of the user-space headers.
     */
    public static final long INFINITY_LIFE_TIME = 0xFFFF_FFFFL;

    private IfAddr() {
    }
}
