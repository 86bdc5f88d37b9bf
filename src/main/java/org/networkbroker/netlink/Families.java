package org.networkbroker.netlink;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;

/** Conversions between {@link StandardProtocolFamily} and the kernel's AF_INET and AF_INET6. */
final class Families {

    /** AF_INET from {@code <sys/socket.h>}. */
    static final int AF_INET = 2;
    /** AF_INET6 from {@code <sys/socket.h>}. */
    static final int AF_INET6 = 10;

    private Families() {
    }

    /** Returns the family for an address family number, or null for families other than IP. */
    static StandardProtocolFamily of(int addressFamily) {
        return switch (addressFamily) {
            case AF_INET -> StandardProtocolFamily.INET;
            case AF_INET6 -> StandardProtocolFamily.INET6;
            default -> null;
        };
    }

    /** Returns AF_INET or AF_INET6. */
    static int number(StandardProtocolFamily family) {
        return switch (family) {
            case INET -> AF_INET;
            case INET6 -> AF_INET6;
            case UNIX -> throw new IllegalArgumentException(
                    "family UNIX is invalid here, expected INET or INET6");
        };
    }

    /** Returns the address length in bytes: 4 for INET, 16 for INET6. */
    static int addressLength(StandardProtocolFamily family) {
        return family == StandardProtocolFamily.INET6 ? 16 : 4;
    }

    /** Returns the family of an address. */
    static StandardProtocolFamily of(InetAddress address) {
        return address instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** Returns the all-zero address of a family: 0.0.0.0 or ::. */
    static InetAddress anyAddress(StandardProtocolFamily family) {
        return address(family, new byte[addressLength(family)]);
    }

    /**
     * Returns the address of a family from bytes in network order. An IPv6 address stays an
     * {@link Inet6Address} even when it is IPv4-mapped, where
     * {@link InetAddress#getByAddress(byte[])} would return an IPv4 address.
     *
     * @throws IllegalArgumentException if the length does not match the family
     */
    static InetAddress address(StandardProtocolFamily family, byte[] bytes) {
        if (bytes.length != addressLength(family)) {
            throw new IllegalArgumentException("address of family " + family + " has "
                    + bytes.length + " bytes, expected " + addressLength(family));
        }
        try {
            if (family == StandardProtocolFamily.INET6) {
                return Inet6Address.getByAddress(null, bytes, -1);
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError("a 4- or 16-byte address is always valid", e);
        }
    }
}
