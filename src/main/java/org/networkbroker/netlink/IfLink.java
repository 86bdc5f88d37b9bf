package org.networkbroker.netlink;

/**
 * Constants of {@code <linux/if_link.h>} (link attributes, operational states) and of
 * {@code <linux/if.h>} (link flags), with their kernel names and values.
 */
public final class IfLink {

    /** Link attribute: link-layer address. */
    public static final int IFLA_ADDRESS = 1;
    /** Link attribute: link-layer broadcast address. */
    public static final int IFLA_BROADCAST = 2;
    /** Link attribute: interface name, NUL-terminated. */
    public static final int IFLA_IFNAME = 3;
    /** Link attribute: MTU, u32. */
    public static final int IFLA_MTU = 4;
    /** Link attribute: operational state as in RFC 2863, u8. */
    public static final int IFLA_OPERSTATE = 16;
    /** Link attribute: nested link type information. */
    public static final int IFLA_LINKINFO = 18;
    /** Link attribute: nested list of link properties. */
    public static final int IFLA_PROP_LIST = 52;
    /** Link attribute inside {@code IFLA_PROP_LIST}: one alternative name. */
    public static final int IFLA_ALT_IFNAME = 53;
    /** Attribute inside {@code IFLA_LINKINFO}: link type, such as {@code "veth"}. */
    public static final int IFLA_INFO_KIND = 1;

    /** Operational state: unknown. */
    public static final int IF_OPER_UNKNOWN = 0;
    /** Operational state: not present. */
    public static final int IF_OPER_NOTPRESENT = 1;
    /** Operational state: down. */
    public static final int IF_OPER_DOWN = 2;
    /** Operational state: down because a lower layer is down. */
    public static final int IF_OPER_LOWERLAYERDOWN = 3;
    /** Operational state: in test mode. */
    public static final int IF_OPER_TESTING = 4;
    /** Operational state: waiting for an external event. */
    public static final int IF_OPER_DORMANT = 5;
    /** Operational state: up. */
    public static final int IF_OPER_UP = 6;

    /** Link flag: administratively up. */
    public static final int IFF_UP = 0x1;
    /** Link flag: broadcast address valid. */
    public static final int IFF_BROADCAST = 0x2;
    /** Link flag: loopback link. */
    public static final int IFF_LOOPBACK = 0x8;
    /** Link flag: point-to-point link. */
    public static final int IFF_POINTOPOINT = 0x10;
    /** Link flag: operational state is up. */
    public static final int IFF_RUNNING = 0x40;
    /** Link flag: no ARP protocol. */
    public static final int IFF_NOARP = 0x80;
    /** Link flag: supports multicast. */
    public static final int IFF_MULTICAST = 0x1000;
    /** Link flag: the driver signals that layer 1 is up. */
    public static final int IFF_LOWER_UP = 0x10000;

    private IfLink() {
    }
}
