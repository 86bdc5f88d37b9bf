package org.networkbroker.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Formats addresses as {@code ip} shows them. IPv6 addresses follow RFC 5952: lower-case hex
 * without leading zeros, the longest run of two or more zero groups (the first, when runs
 * tie) replaced by {@code ::}, and IPv4-mapped addresses as {@code ::ffff:192.0.2.1}.
 * {@link InetAddress#getHostAddress()} writes every group.
 */
public final class AddressText {

    private static final int GROUPS = 8;

    private AddressText() {
    }

    /**
     * Formats an address as {@code ip} shows it.
     *
     * @param address an IPv4 or IPv6 address
     * @return for example {@code 192.0.2.1} or {@code 2001:db8::1}, without a zone
     */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        if (isIpv4Mapped(bytes)) {
            return "::ffff:" + (bytes[12] & 0xFF) + "." + (bytes[13] & 0xFF) + "."
                    + (bytes[14] & 0xFF) + "." + (bytes[15] & 0xFF);
        }
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        int[] run = longestZeroRun(groups);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < GROUPS; i++) {
            if (i == run[0]) {
                text.append("::");
                i += run[1] - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    /** Returns the start and length of the longest run of at least two zero groups. */
    private static int[] longestZeroRun(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        int start = 0;
        while (start < GROUPS) {
            int end = start;
            while (end < GROUPS && groups[end] == 0) {
                end++;
            }
            if (end - start > bestLength) {
                bestStart = start;
                bestLength = end - start;
            }
            start = end + 1;
        }
        return new int[] {bestStart, bestLength};
    }
}
