package org.networkbroker.kernel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;

import org.networkbroker.netlink.Rtnetlink;
import org.networkbroker.system.InterfaceAddresses;

/** Text forms of kernel values, as scripts and the JSON description show them. */
public final class KernelNames {

    private KernelNames() {
    }

    /**
     * Formats an address: dotted decimal, or RFC 5952 text for IPv6.
     *
     * @param address the address
     * @return its text form without zone
     */
    public static String text(InetAddress address) {
        return address instanceof Inet6Address
                ? InterfaceAddresses.formatIpv6(address.getAddress())
                : address.getHostAddress();
    }

    /**
     * Names an address family.
     *
     * @param family INET or INET6
     * @return {@code ipv4} or {@code ipv6}
     */
    public static String family(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET6 ? "ipv6" : "ipv4";
    }

    /**
     * Names an {@code RT_SCOPE_*} value of {@code <linux/rtnetlink.h>} as ip(8) does.
     *
     * @param scope the scope number
     * @return {@code global}, {@code site}, {@code link}, {@code host}, {@code nowhere}, or
     *         the number for other values
     */
    public static String scope(int scope) {
        return switch (scope) {
            case Rtnetlink.RT_SCOPE_UNIVERSE -> "global";
            case Rtnetlink.RT_SCOPE_SITE -> "site";
            case Rtnetlink.RT_SCOPE_LINK -> "link";
            case Rtnetlink.RT_SCOPE_HOST -> "host";
            case Rtnetlink.RT_SCOPE_NOWHERE -> "nowhere";
            default -> Integer.toString(scope);
        };
    }
}
