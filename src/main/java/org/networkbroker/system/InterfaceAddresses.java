package org.networkbroker.system;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The IP addresses of one link, as the JDK reads them from the kernel of the broker's network
 * namespace.
 *
 * @param ipv4 IPv4 addresses in dotted decimal, in the kernel's order
 * @param ipv6 IPv6 addresses in RFC 5952 text form without zone, in the kernel's order
 */
public record InterfaceAddresses(List<String> ipv4, List<String> ipv6) {

    /** Addresses of a link that has none, or that no longer exists. */
    public static final InterfaceAddresses NONE = new InterfaceAddresses(List.of(), List.of());

    /** Copies both lists. */
    public InterfaceAddresses {
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
    }

    /**
     * Reads the addresses of a link.
     *
     * @param ifindex the link's ifindex
     * @return its addresses, or {@link #NONE} when the link does not exist
     * @throws SocketException if the kernel cannot be asked
     */
    public static InterfaceAddresses of(int ifindex) throws SocketException {
        NetworkInterface link = NetworkInterface.getByIndex(ifindex);
        if (link == null) {
            return NONE;
        }
        List<String> ipv4 = new ArrayList<>();
        List<String> ipv6 = new ArrayList<>();
        for (InetAddress address : Collections.list(link.getInetAddresses())) {
            if (address instanceof Inet4Address) {
                ipv4.add(address.getHostAddress());
            } else if (address instanceof Inet6Address) {
                ipv6.add(formatIpv6(address.getAddress()));
            }
        }
        // The JDK lists the most recently added address first; the kernel's order is the
        // reverse, and scripts expect the primary address first.
        Collections.reverse(ipv4);
        Collections.reverse(ipv6);
        return new InterfaceAddresses(ipv4, ipv6);
    }

    /**
     * Formats a 16-byte IPv6 address as RFC 5952 recommends: lower-case hex, no leading
     * zeros, and the first longest run of two or more zero groups written as {@code ::}.
     *
     * @param bytes the address in network byte order
     * @return the text form, without zone
     * @throws IllegalArgumentException if {@code bytes} is not 16 bytes long
     */
    public static String formatIpv6(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("invalid IPv6 address length " + bytes.length
                    + ": expected 16 bytes");
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
