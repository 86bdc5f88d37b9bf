package org.networkbroker.netlink;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A link-layer address as the kernel reports it in {@code IFLA_ADDRESS}: 6 bytes for
 * Ethernet, other lengths for other link types (4 for an IPv4 tunnel, for example).
 *
 * @param bytes the address bytes; the record keeps its own copy
 */
public record HardwareAddress(byte[] bytes) {

    /**
     * Creates an address from a copy of the bytes.
     *
     * @param bytes the address bytes
     * @throws NullPointerException if {@code bytes} is null
     */
    public HardwareAddress {
        bytes = bytes.clone();
    }

    /**
     * Returns a copy of the address bytes.
     *
     * @return the bytes, in the order the kernel sent them
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Compares the address bytes.
     *
     * @param other the object to compare with
     * @return whether {@code other} is a hardware address with equal bytes
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof HardwareAddress address && Arrays.equals(bytes, address.bytes);
    }

    /**
     * Returns a hash of the address bytes.
     *
     * @return the hash code
     */
    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /**
     * Formats the address as colon-separated lower-case hex, as {@code ip link} shows it.
     *
     * @return for example {@code "02:00:5e:10:00:01"}
     */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
