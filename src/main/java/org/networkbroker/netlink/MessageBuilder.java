package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one netlink message: a {@code struct nlmsghdr}, a fixed family header and a list of
 * attributes, each padded to 4 bytes as NLMSG_ALIGN and RTA_ALIGN require.
 *
 * <p>Integers are written in native byte order and addresses in network byte order, as the
 * kernel expects them.
 */
final class MessageBuilder {

    private static final int MAX_ATTRIBUTE_LENGTH = 0xFFFF;

    private final int type;
    private byte[] buffer = new byte[256];
    private int length;

    /**
     * Starts a message with a header whose length and sequence number {@link #build} fills in.
     *
     * @param type the {@code nlmsg_type}, such as {@code RTM_NEWROUTE}
     * @param flags the {@code nlmsg_flags}, such as {@code NLM_F_REQUEST | NLM_F_ACK}
     */
    MessageBuilder(int type, int flags) {
        this.type = type;
        MemorySegment header = appendStruct(Structs.NLMSGHDR);
        header.set(JAVA_SHORT_UNALIGNED, Structs.NLMSG_TYPE, (short) type);
        header.set(JAVA_SHORT_UNALIGNED, Structs.NLMSG_FLAGS, (short) flags);
    }

    /** Returns the message type given to the constructor. */
    int type() {
        return type;
    }

    /**
     * Appends a zeroed, 4-byte aligned struct and returns a view of it to fill in at once.
     * The view is valid only until the next append, which may move the buffer.
     */
    MemorySegment appendStruct(MemoryLayout layout) {
        int start = reserve((int) Structs.align(layout.byteSize()));
        return MemorySegment.ofArray(buffer).asSlice(start, layout.byteSize());
    }

    /** Appends an attribute with a raw value. */
    void attribute(int type, byte[] value) {
        int start = beginAttribute(type);
        int valueStart = reserve((int) Structs.align(value.length));
        System.arraycopy(value, 0, buffer, valueStart, value.length);
        endAttribute(start, Structs.RTA_HDRLEN + value.length);
    }

    /** Appends an attribute with a u8 value. */
    void attributeU8(int type, int value) {
        attribute(type, new byte[] {(byte) value});
    }

    /** Appends an attribute with a u32 value in native byte order. */
    void attributeU32(int type, long value) {
        byte[] bytes = new byte[Integer.BYTES];
        MemorySegment.ofArray(bytes).set(JAVA_INT_UNALIGNED, 0, (int) value);
        attribute(type, bytes);
    }

    /** Appends an attribute with a NUL-terminated UTF-8 string. */
    void attributeString(int type, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        attribute(type, Arrays.copyOf(text, text.length + 1));
    }

    /** Appends an attribute with an address in network byte order. */
    void attributeAddress(int type, InetAddress address) {
        attribute(type, address.getAddress());
    }

    /**
     * Starts a nested attribute. Attributes appended until {@link #endNested} with the
     * returned offset become its value.
     */
    int beginNested(int type) {
        return beginAttribute(type);
    }

    /** Ends the nested attribute that starts at {@code start}. */
    void endNested(int start) {
        endAttribute(start, length - start);
    }

    /**
     * Returns the finished message with its length and sequence number set.
     *
     * @param sequence the {@code nlmsg_seq} that the kernel copies into its replies
     */
    byte[] build(int sequence) {
        MemorySegment header = MemorySegment.ofArray(buffer);
        header.set(JAVA_INT_UNALIGNED, Structs.NLMSG_LEN, length);
        header.set(JAVA_INT_UNALIGNED, Structs.NLMSG_SEQ, sequence);
        return Arrays.copyOf(buffer, length);
    }

    private int beginAttribute(int type) {
        int start = reserve(Structs.RTA_HDRLEN);
        MemorySegment.ofArray(buffer).set(JAVA_SHORT_UNALIGNED, start + Structs.RTA_TYPE,
                (short) type);
        return start;
    }

    private void endAttribute(int start, int attributeLength) {
        MemorySegment attribute = MemorySegment.ofArray(buffer).asSlice(start);
        if (attributeLength > MAX_ATTRIBUTE_LENGTH) {
            int type = Short.toUnsignedInt(attribute.get(JAVA_SHORT_UNALIGNED, Structs.RTA_TYPE));
            throw new IllegalArgumentException("attribute of type " + type + " has "
                    + attributeLength + " bytes, but rta_len holds at most "
                    + MAX_ATTRIBUTE_LENGTH);
        }
        attribute.set(JAVA_SHORT_UNALIGNED, Structs.RTA_LEN, (short) attributeLength);
    }

    private int reserve(int size) {
        int start = length;
        if (start + size > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, start + size));
        }
        Arrays.fill(buffer, start, start + size, (byte) 0);
        length = start + size;
        return start;
    }
}
