package org.networkbroker.netlink;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * Layouts and field offsets of the kernel structs inside netlink messages.
 *
 * <p>All fields are in native byte order, as the kernel writes them. The layouts use unaligned
 * value layouts, because messages are also decoded from byte arrays (test captures), whose
 * segments guarantee no alignment. Every struct here is naturally aligned in C, so the
 * layouts need no padding members.
 */
final class Structs {

    /** Alignment of netlink messages and attributes: NLMSG_ALIGNTO and RTA_ALIGNTO. */
    static final int ALIGNTO = 4;

    /** {@code struct nlmsghdr} from {@code <linux/netlink.h>}. */
    static final StructLayout NLMSGHDR = MemoryLayout.structLayout(
            JAVA_INT_UNALIGNED.withName("nlmsg_len"),
            JAVA_SHORT_UNALIGNED.withName("nlmsg_type"),
            JAVA_SHORT_UNALIGNED.withName("nlmsg_flags"),
            JAVA_INT_UNALIGNED.withName("nlmsg_seq"),
            JAVA_INT_UNALIGNED.withName("nlmsg_pid"));
    static final long NLMSG_LEN = offset(NLMSGHDR, "nlmsg_len");
    static final long NLMSG_TYPE = offset(NLMSGHDR, "nlmsg_type");
    static final long NLMSG_FLAGS = offset(NLMSGHDR, "nlmsg_flags");
    static final long NLMSG_SEQ = offset(NLMSGHDR, "nlmsg_seq");
    static final long NLMSG_PID = offset(NLMSGHDR, "nlmsg_pid");
    static final int NLMSG_HDRLEN = (int) align(NLMSGHDR.byteSize());

    /**
     * {@code struct nlmsgerr} from {@code <linux/netlink.h>}: the error code, then the
     * request's header.
     */
    static final StructLayout NLMSGERR = MemoryLayout.structLayout(
            JAVA_INT_UNALIGNED.withName("error"),
            NLMSGHDR.withName("msg"));
    static final long NLMSGERR_ERROR = offset(NLMSGERR, "error");
    static final long NLMSGERR_MSG = offset(NLMSGERR, "msg");

    /**
     * {@code struct rtattr} from {@code <linux/rtnetlink.h>}, the same shape as
     * {@code struct nlattr}.
     */
    static final StructLayout RTATTR = MemoryLayout.structLayout(
            JAVA_SHORT_UNALIGNED.withName("rta_len"),
            JAVA_SHORT_UNALIGNED.withName("rta_type"));
    static final long RTA_LEN = offset(RTATTR, "rta_len");
    static final long RTA_TYPE = offset(RTATTR, "rta_type");
    static final int RTA_HDRLEN = (int) align(RTATTR.byteSize());

    /** {@code struct ifinfomsg} from {@code <linux/rtnetlink.h>}. */
    static final StructLayout IFINFOMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifi_family"),
            JAVA_BYTE.withName("__ifi_pad"),
            JAVA_SHORT_UNALIGNED.withName("ifi_type"),
            JAVA_INT_UNALIGNED.withName("ifi_index"),
            JAVA_INT_UNALIGNED.withName("ifi_flags"),
            JAVA_INT_UNALIGNED.withName("ifi_change"));
    static final long IFI_FAMILY = offset(IFINFOMSG, "ifi_family");
    static final long IFI_TYPE = offset(IFINFOMSG, "ifi_type");
    static final long IFI_INDEX = offset(IFINFOMSG, "ifi_index");
    static final long IFI_FLAGS = offset(IFINFOMSG, "ifi_flags");
    static final long IFI_CHANGE = offset(IFINFOMSG, "ifi_change");

    /** {@code struct ifaddrmsg} from {@code <linux/if_addr.h>}. */
    static final StructLayout IFADDRMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("ifa_family"),
            JAVA_BYTE.withName("ifa_prefixlen"),
            JAVA_BYTE.withName("ifa_flags"),
            JAVA_BYTE.withName("ifa_scope"),
            JAVA_INT_UNALIGNED.withName("ifa_index"));
    static final long IFA_FAMILY = offset(IFADDRMSG, "ifa_family");
    static final long IFA_PREFIXLEN = offset(IFADDRMSG, "ifa_prefixlen");
    static final long IFA_FLAGS_U8 = offset(IFADDRMSG, "ifa_flags");
    static final long IFA_SCOPE = offset(IFADDRMSG, "ifa_scope");
    static final long IFA_INDEX = offset(IFADDRMSG, "ifa_index");

    /** {@code struct ifa_cacheinfo} from {@code <linux/if_addr.h>}. */
    static final StructLayout IFA_CACHEINFO = MemoryLayout.structLayout(
            JAVA_INT_UNALIGNED.withName("ifa_prefered"),
            JAVA_INT_UNALIGNED.withName("ifa_valid"),
            JAVA_INT_UNALIGNED.withName("cstamp"),
            JAVA_INT_UNALIGNED.withName("tstamp"));
    static final long IFA_PREFERED = offset(IFA_CACHEINFO, "ifa_prefered");
    static final long IFA_VALID = offset(IFA_CACHEINFO, "ifa_valid");
    static final long IFA_CSTAMP = offset(IFA_CACHEINFO, "cstamp");
    static final long IFA_TSTAMP = offset(IFA_CACHEINFO, "tstamp");

    /** {@code struct rtmsg} from {@code <linux/rtnetlink.h>}. */
    static final StructLayout RTMSG = MemoryLayout.structLayout(
            JAVA_BYTE.withName("rtm_family"),
            JAVA_BYTE.withName("rtm_dst_len"),
            JAVA_BYTE.withName("rtm_src_len"),
            JAVA_BYTE.withName("rtm_tos"),
            JAVA_BYTE.withName("rtm_table"),
            JAVA_BYTE.withName("rtm_protocol"),
            JAVA_BYTE.withName("rtm_scope"),
            JAVA_BYTE.withName("rtm_type"),
            JAVA_INT_UNALIGNED.withName("rtm_flags"));
    static final long RTM_FAMILY = offset(RTMSG, "rtm_family");
    static final long RTM_DST_LEN = offset(RTMSG, "rtm_dst_len");
    static final long RTM_TABLE = offset(RTMSG, "rtm_table");
    static final long RTM_PROTOCOL = offset(RTMSG, "rtm_protocol");
    static final long RTM_SCOPE = offset(RTMSG, "rtm_scope");
    static final long RTM_TYPE = offset(RTMSG, "rtm_type");

    /** {@code struct fib_rule_hdr} from {@code <linux/fib_rules.h>}. */
    static final StructLayout FIB_RULE_HDR = MemoryLayout.structLayout(
            JAVA_BYTE.withName("family"),
            JAVA_BYTE.withName("dst_len"),
            JAVA_BYTE.withName("src_len"),
            JAVA_BYTE.withName("tos"),
            JAVA_BYTE.withName("table"),
            JAVA_BYTE.withName("res1"),
            JAVA_BYTE.withName("res2"),
            JAVA_BYTE.withName("action"),
            JAVA_INT_UNALIGNED.withName("flags"));
    static final long FRH_FAMILY = offset(FIB_RULE_HDR, "family");
    static final long FRH_DST_LEN = offset(FIB_RULE_HDR, "dst_len");
    static final long FRH_SRC_LEN = offset(FIB_RULE_HDR, "src_len");
    static final long FRH_TABLE = offset(FIB_RULE_HDR, "table");
    static final long FRH_ACTION = offset(FIB_RULE_HDR, "action");

    private Structs() {
    }

    /** Rounds a length up to the next multiple of 4, as NLMSG_ALIGN and RTA_ALIGN do. */
    static long align(long length) {
        return (length + ALIGNTO - 1) & ~(ALIGNTO - 1);
    }

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }
}
