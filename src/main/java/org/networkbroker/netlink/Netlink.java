package org.networkbroker.netlink;

/**
 * Constants of {@code <linux/netlink.h>} that the rtnetlink layer uses, with their kernel
 * names and values.
 */
public final class Netlink {

    /** Protocol number of the routing family of netlink sockets. */
    public static final int NETLINK_ROUTE = 0;

    /** Message type: nothing, to be ignored. */
    public static final int NLMSG_NOOP = 0x1;
    /** Message type: error or, with error code 0, acknowledgement. */
    public static final int NLMSG_ERROR = 0x2;
    /** Message type: end of a multi-part dump. */
    public static final int NLMSG_DONE = 0x3;
    /** Message type: data lost. */
    public static final int NLMSG_OVERRUN = 0x4;

    /** Flag: the message is a request. */
    public static final int NLM_F_REQUEST = 0x01;
    /** Flag: part of a multi-part message that ends with {@code NLMSG_DONE}. */
    public static final int NLM_F_MULTI = 0x02;
    /** Flag: the kernel replies with an acknowledgement or an error. */
    public static final int NLM_F_ACK = 0x04;
    /** Flag: the dump was inconsistent because the object list changed during it. */
    public static final int NLM_F_DUMP_INTR = 0x10;
    /** Flag of GET requests: return all matching objects. */
    public static final int NLM_F_DUMP = 0x100 | 0x200;
    /** Flag of NEW requests: replace an existing object that has the same key. */
    public static final int NLM_F_REPLACE = 0x100;
    /** Flag of NEW requests: fail with EEXIST if the object exists. */
    public static final int NLM_F_EXCL = 0x200;
    /** Flag of NEW requests: create the object if it does not exist. */
    public static final int NLM_F_CREATE = 0x400;
    /** Flag of {@code NLMSG_ERROR}: the request was not copied into the error message. */
    public static final int NLM_F_CAPPED = 0x100;
    /** Flag of {@code NLMSG_ERROR}: extended ACK attributes follow. */
    public static final int NLM_F_ACK_TLVS = 0x200;

    /** Attribute of an extended ACK: the kernel's error text. */
    public static final int NLMSGERR_ATTR_MSG = 1;
    /** Attribute of an extended ACK: offset of the rejected attribute in the request. */
    public static final int NLMSGERR_ATTR_OFFS = 2;

    /** Socket option level of netlink sockets. */
    public static final int SOL_NETLINK = 270;
    /** Socket option: join a multicast group. */
    public static final int NETLINK_ADD_MEMBERSHIP = 1;
    /** Socket option: do not copy the request into error messages. */
    public static final int NETLINK_CAP_ACK = 10;
    /** Socket option: add extended ACK attributes to error messages. */
    public static final int NETLINK_EXT_ACK = 11;

    private Netlink() {
    }
}
