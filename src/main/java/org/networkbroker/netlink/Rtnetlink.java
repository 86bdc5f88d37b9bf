package org.networkbroker.netlink;

/**
 * Constants of {@code <linux/rtnetlink.h>}: message types, route attributes, route types,
 * protocols, scopes, tables and multicast groups, with their kernel names and values.
 */
public final class Rtnetlink {

    /** Message type: new or changed link. */
    public static final int RTM_NEWLINK = 16;
    /** Message type: removed link. */
    public static final int RTM_DELLINK = 17;
    /** Message type: link request. */
    public static final int RTM_GETLINK = 18;
    /** Message type: new or changed address. */
    public static final int RTM_NEWADDR = 20;
    /** Message type: removed address. */
    public static final int RTM_DELADDR = 21;
    /** Message type: address request. */
    public static final int RTM_GETADDR = 22;
    /** Message type: new or changed route. */
    public static final int RTM_NEWROUTE = 24;
    /** Message type: removed route. */
    public static final int RTM_DELROUTE = 25;
    /** Message type: route request. */
    public static final int RTM_GETROUTE = 26;
    /** Message type: new routing rule. */
    public static final int RTM_NEWRULE = 32;
    /** Message type: removed routing rule. */
    public static final int RTM_DELRULE = 33;
    /** Message type: routing rule request. */
    public static final int RTM_GETRULE = 34;

    /** Route attribute: destination address. */
    public static final int RTA_DST = 1;
    /** Route attribute: source address of a source-specific route. */
    public static final int RTA_SRC = 2;
    /** Route attribute: output interface index. */
    public static final int RTA_OIF = 4;
    /** Route attribute: gateway address. */
    public static final int RTA_GATEWAY = 5;
    /** Route attribute: priority, also called metric. */
    public static final int RTA_PRIORITY = 6;
    /** Route attribute: preferred source address. */
    public static final int RTA_PREFSRC = 7;
    /** Route attribute: 32-bit table id, which replaces the 8-bit {@code rtm_table}. */
    public static final int RTA_TABLE = 15;

    /** Route type: unknown. */
    public static final int RTN_UNSPEC = 0;
    /** Route type: gateway or direct route. */
    public static final int RTN_UNICAST = 1;
    /** Route type: local address. */
    public static final int RTN_LOCAL = 2;
    /** Route type: broadcast address, accepted locally. */
    public static final int RTN_BROADCAST = 3;
    /** Route type: multicast route. */
    public static final int RTN_MULTICAST = 5;
    /** Route type: drop silently. */
    public static final int RTN_BLACKHOLE = 6;
    /** Route type: drop with a destination unreachable error. */
    public static final int RTN_UNREACHABLE = 7;
    /** Route type: drop with an administratively prohibited error. */
    public static final int RTN_PROHIBIT = 8;
    /** Route type: continue the lookup in the next rule. */
    public static final int RTN_THROW = 9;

    /** Route protocol: unknown. */
    public static final int RTPROT_UNSPEC = 0;
    /** Route protocol: installed by the kernel. */
    public static final int RTPROT_KERNEL = 2;
    /** Route protocol: installed during boot, the default of {@code ip route add}. */
    public static final int RTPROT_BOOT = 3;
    /** Route protocol: installed by the administrator. */
    public static final int RTPROT_STATIC = 4;
    /** Route protocol: installed from router advertisements. */
    public static final int RTPROT_RA = 9;
    /** Route protocol: installed by a DHCP client. */
    public static final int RTPROT_DHCP = 16;

    /** Scope: everywhere. */
    public static final int RT_SCOPE_UNIVERSE = 0;
    /** Scope: within the site (IPv6). */
    public static final int RT_SCOPE_SITE = 200;
    /** Scope: on the attached link. */
    public static final int RT_SCOPE_LINK = 253;
    /** Scope: on this host. */
    public static final int RT_SCOPE_HOST = 254;
    /** Scope: nowhere, the destination does not exist. */
    public static final int RT_SCOPE_NOWHERE = 255;

    /** Table: unspecified. */
    public static final int RT_TABLE_UNSPEC = 0;
    /** Table: {@code default}. */
    public static final int RT_TABLE_DEFAULT = 253;
    /** Table: {@code main}. */
    public static final int RT_TABLE_MAIN = 254;
    /** Table: {@code local}. */
    public static final int RT_TABLE_LOCAL = 255;

    /** Multicast group: link changes. */
    public static final int RTNLGRP_LINK = 1;
    /** Multicast group: IPv4 address changes. */
    public static final int RTNLGRP_IPV4_IFADDR = 5;
    /** Multicast group: IPv4 route changes. */
    public static final int RTNLGRP_IPV4_ROUTE = 7;
    /** Multicast group: IPv4 routing rule changes. */
    public static final int RTNLGRP_IPV4_RULE = 8;
    /** Multicast group: IPv6 address changes. */
    public static final int RTNLGRP_IPV6_IFADDR = 9;
    /** Multicast group: IPv6 route changes. */
    public static final int RTNLGRP_IPV6_ROUTE = 11;
    /** Multicast group: IPv6 routing rule changes. */
    public static final int RTNLGRP_IPV6_RULE = 19;

    private Rtnetlink() {
    }

    /**
     * Returns the kernel name of an rtnetlink or netlink control message type.
     *
     * @param type the {@code nlmsg_type} value
     * @return for example {@code "RTM_NEWLINK"}, or {@code "type N"} for other values
     */
    public static String messageTypeName(int type) {
        return switch (type) {
            case Netlink.NLMSG_NOOP -> "NLMSG_NOOP";
            case Netlink.NLMSG_ERROR -> "NLMSG_ERROR";
            case Netlink.NLMSG_DONE -> "NLMSG_DONE";
            case Netlink.NLMSG_OVERRUN -> "NLMSG_OVERRUN";
            case RTM_NEWLINK -> "RTM_NEWLINK";
            case RTM_DELLINK -> "RTM_DELLINK";
            case RTM_GETLINK -> "RTM_GETLINK";
            case RTM_NEWADDR -> "RTM_NEWADDR";
            case RTM_DELADDR -> "RTM_DELADDR";
            case RTM_GETADDR -> "RTM_GETADDR";
            case RTM_NEWROUTE -> "RTM_NEWROUTE";
            case RTM_DELROUTE -> "RTM_DELROUTE";
            case RTM_GETROUTE -> "RTM_GETROUTE";
            case RTM_NEWRULE -> "RTM_NEWRULE";
            case RTM_DELRULE -> "RTM_DELRULE";
            case RTM_GETRULE -> "RTM_GETRULE";
            default -> "type " + type;
        };
    }
}
