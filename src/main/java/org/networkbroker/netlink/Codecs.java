package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.StandardProtocolFamily;

/** Field helpers that the address, route and rule codecs share. */
final class Codecs {

    private Codecs() {
    }

    /**
     * Checks a prefix length from a message against the address length of its family.
     *
     * @param offset offset of the field from the start of the message
     * @throws MalformedMessageException if the length is longer than the address
     */
    static int prefixLength(NetlinkMessage message, int length, StandardProtocolFamily family,
            String field, long offset) throws MalformedMessageException {
        int max = Families.addressLength(family) * Byte.SIZE;
        if (length > max) {
            throw new MalformedMessageException(message.typeName() + " field " + field + " is "
                    + length + ", expected at most " + max + " for " + family, offset);
        }
        return length;
    }

    /** Reads an unsigned byte. */
    static int u8(MemorySegment segment, long offset) {
        return Byte.toUnsignedInt(segment.get(JAVA_BYTE, offset));
    }

    /** Reads an unsigned 32-bit integer in native byte order. */
    static long u32(MemorySegment segment, long offset) {
        return Integer.toUnsignedLong(segment.get(JAVA_INT_UNALIGNED, offset));
    }

    /** Returns 32-bit integers in native byte order, back to back. */
    static byte[] u32Array(long... values) {
        byte[] bytes = new byte[values.length * Integer.BYTES];
        MemorySegment segment = MemorySegment.ofArray(bytes);
        for (int i = 0; i < values.length; i++) {
            segment.set(JAVA_INT_UNALIGNED, (long) i * Integer.BYTES, (int) values[i]);
        }
        return bytes;
    }
}
