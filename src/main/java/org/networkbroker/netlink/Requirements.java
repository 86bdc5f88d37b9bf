package org.networkbroker.netlink;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;

/** Argument checks of the record constructors; each message names the bad value. */
final class Requirements {

    private Requirements() {
    }

    static void requireU8(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new IllegalArgumentException(
                    "invalid " + name + " " + value + ": expected 0 to 255");
        }
    }

    static void requireU32(String name, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(
                    "invalid " + name + " " + value + ": expected 0 to 4294967295");
        }
    }

    static void requirePrefixLength(String name, int length, StandardProtocolFamily family) {
        int max = Families.addressLength(family) * Byte.SIZE;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("invalid " + name + " " + length + " for "
                    + family + ": expected 0 to " + max);
        }
    }

    static void requireFamily(String name, InetAddress address, StandardProtocolFamily family) {
        if (Families.of(address) != family) {
            throw new IllegalArgumentException("invalid " + name + " " + AddressText.format(address)
                    + ": expected an address of family " + family);
        }
    }

    static void requireIpFamily(StandardProtocolFamily family) {
        if (family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException(
                    "invalid family " + family + ": expected INET or INET6");
        }
    }
}
