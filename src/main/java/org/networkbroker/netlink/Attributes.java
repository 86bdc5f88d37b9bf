package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The attributes ({@code struct rtattr}) of one message or of one nested attribute, checked
 * for consistent lengths when parsed, with typed getters that check each value's length.
 *
 * <p>Attribute types are compared without the NLA_F_NESTED and NLA_F_NET_BYTEORDER bits.
 * When a type occurs more than once, the getters return the last one, as the kernel's
 * nla_parse does. Offsets in exceptions count from the start of the netlink message.
 */
final class Attributes {

    /** NLA_TYPE_MASK from {@code <linux/netlink.h>}: the type bits of nla_type. */
    private static final int NLA_TYPE_MASK = 0x3FFF;

    private record Entry(int type, long offset, long valueOffset, long valueLength) {
    }

    private final MemorySegment message;
    private final String messageName;
    private final List<Entry> entries;

    private Attributes(MemorySegment message, String messageName, List<Entry> entries) {
        this.message = message;
        this.messageName = messageName;
        this.entries = entries;
    }

    /**
     * Parses the attributes between two offsets of a message, as RTA_OK and RTA_NEXT walk
     * them.
     *
     * @param message the whole netlink message
     * @param messageName the message type name for error messages, such as RTM_NEWLINK
     * @param start offset of the first attribute
     * @param end offset after the last attribute
     * @throws MalformedMessageException if an attribute header is cut short, or an
     *         {@code rta_len} is shorter than the header or runs past {@code end}
     */
    static Attributes parse(MemorySegment message, String messageName, long start, long end)
            throws MalformedMessageException {
        List<Entry> entries = new ArrayList<>();
        long offset = start;
        while (offset < end) {
            long remaining = end - offset;
            if (remaining < Structs.RTA_HDRLEN) {
                throw new MalformedMessageException(messageName + " ends with " + remaining
                        + " bytes, fewer than the 4 of struct rtattr", offset);
            }
            int length = Short.toUnsignedInt(
                    message.get(JAVA_SHORT_UNALIGNED, offset + Structs.RTA_LEN));
            int type = Short.toUnsignedInt(
                    message.get(JAVA_SHORT_UNALIGNED, offset + Structs.RTA_TYPE));
            if (length < Structs.RTA_HDRLEN || length > remaining) {
                throw new MalformedMessageException(messageName + " attribute of type "
                        + (type & NLA_TYPE_MASK) + " has rta_len " + length + ", expected 4 to "
                        + remaining + " (the bytes left in its container)", offset);
            }
            entries.add(new Entry(type & NLA_TYPE_MASK, offset, offset + Structs.RTA_HDRLEN,
                    length - Structs.RTA_HDRLEN));
            offset += Math.min(Structs.align(length), remaining);
        }
        return new Attributes(message, messageName, entries);
    }

    /** Returns whether an attribute of the type is present. */
    boolean has(int type) {
        return find(type) != null;
    }

    /** Returns the attributes nested in an attribute, or none when it is absent. */
    Attributes nested(int type, String name) throws MalformedMessageException {
        Entry entry = find(type);
        if (entry == null) {
            return new Attributes(message, messageName, List.of());
        }
        return parse(message, messageName + " " + name, entry.valueOffset(),
                entry.valueOffset() + entry.valueLength());
    }

    /** Returns a u8 attribute. */
    OptionalInt u8(int type, String name) throws MalformedMessageException {
        Entry entry = find(type);
        if (entry == null) {
            return OptionalInt.empty();
        }
        requireLength(entry, name, Byte.BYTES);
        return OptionalInt.of(Byte.toUnsignedInt(message.get(JAVA_BYTE, entry.valueOffset())));
    }

    /** Returns a u32 attribute in native byte order, as an unsigned value. */
    OptionalLong u32(int type, String name) throws MalformedMessageException {
        Entry entry = find(type);
        if (entry == null) {
            return OptionalLong.empty();
        }
        requireLength(entry, name, Integer.BYTES);
        return OptionalLong.of(Integer.toUnsignedLong(
                message.get(JAVA_INT_UNALIGNED, entry.valueOffset())));
    }

    /** Returns a string attribute, up to its first NUL byte. */
    Optional<String> string(int type) {
        Entry entry = find(type);
        return entry == null ? Optional.empty() : Optional.of(string(entry));
    }

    /** Returns the strings of every attribute of the type, in message order. */
    List<String> strings(int type) {
        List<String> values = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.type() == type) {
                values.add(string(entry));
            }
        }
        return List.copyOf(values);
    }

    /** Returns an address attribute whose length must match the family. */
    Optional<InetAddress> address(int type, String name, StandardProtocolFamily family)
            throws MalformedMessageException {
        Entry entry = find(type);
        if (entry == null) {
            return Optional.empty();
        }
        int expected = Families.addressLength(family);
        if (entry.valueLength() != expected) {
            throw new MalformedMessageException(messageName + " attribute " + name + " has "
                    + entry.valueLength() + " bytes, expected " + expected + " for "
                    + family, entry.offset());
        }
        return Optional.of(Families.address(family, bytes(entry)));
    }

    /** Returns the raw value of an attribute. */
    Optional<byte[]> bytes(int type) {
        Entry entry = find(type);
        return entry == null ? Optional.empty() : Optional.of(bytes(entry));
    }

    /**
     * Returns the value of an attribute that contains a struct, at least {@code size} bytes long.
     */
    Optional<MemorySegment> struct(int type, String name, long size)
            throws MalformedMessageException {
        Entry entry = find(type);
        if (entry == null) {
            return Optional.empty();
        }
        requireLength(entry, name, size);
        return Optional.of(message.asSlice(entry.valueOffset(), size));
    }

    private Entry find(int type) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).type() == type) {
                return entries.get(i);
            }
        }
        return null;
    }

    private void requireLength(Entry entry, String name, long size)
            throws MalformedMessageException {
        if (entry.valueLength() < size) {
            throw new MalformedMessageException(messageName + " attribute " + name + " has "
                    + entry.valueLength() + " bytes, expected at least " + size, entry.offset());
        }
    }

    private byte[] bytes(Entry entry) {
        return message.asSlice(entry.valueOffset(), entry.valueLength()).toArray(JAVA_BYTE);
    }

    private String string(Entry entry) {
        byte[] value = bytes(entry);
        int end = 0;
        while (end < value.length && value[end] != 0) {
            end++;
        }
        return new String(value, 0, end, StandardCharsets.UTF_8);
    }
}
