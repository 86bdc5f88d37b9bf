package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink message cut from a datagram, with the fields of its {@code struct nlmsghdr}.
 *
 * @param type the {@code nlmsg_type}
 * @param flags the {@code nlmsg_flags}
 * @param sequence the {@code nlmsg_seq}
 * @param portId the {@code nlmsg_pid}
 * @param bytes the whole message, header included, {@code nlmsg_len} bytes long
 */
record NetlinkMessage(int type, int flags, int sequence, int portId, MemorySegment bytes) {

    /**
     * Cuts a datagram into its messages, as NLMSG_OK and NLMSG_NEXT walk it.
     *
     * @throws MalformedMessageException if a header is cut short or its {@code nlmsg_len}
     *         is shorter than the header or longer than the rest of the datagram
     */
    static List<NetlinkMessage> split(MemorySegment datagram) throws MalformedMessageException {
        List<NetlinkMessage> messages = new ArrayList<>();
        long offset = 0;
        while (offset < datagram.byteSize()) {
            long remaining = datagram.byteSize() - offset;
            if (remaining < Structs.NLMSG_HDRLEN) {
                throw new MalformedMessageException("datagram ends with " + remaining
                        + " bytes, fewer than the 16 of struct nlmsghdr", offset);
            }
            long length = Integer.toUnsignedLong(
                    datagram.get(JAVA_INT_UNALIGNED, offset + Structs.NLMSG_LEN));
            if (length < Structs.NLMSG_HDRLEN || length > remaining) {
                throw new MalformedMessageException("nlmsg_len is " + length + ", expected 16 to "
                        + remaining + " (the bytes left in the datagram)", offset);
            }
            messages.add(of(datagram.asSlice(offset, length)));
            offset += Math.min(Structs.align(length), remaining);
        }
        return messages;
    }

    private static NetlinkMessage of(MemorySegment bytes) {
        return new NetlinkMessage(
                Short.toUnsignedInt(bytes.get(JAVA_SHORT_UNALIGNED, Structs.NLMSG_TYPE)),
                Short.toUnsignedInt(bytes.get(JAVA_SHORT_UNALIGNED, Structs.NLMSG_FLAGS)),
                bytes.get(JAVA_INT_UNALIGNED, Structs.NLMSG_SEQ),
                bytes.get(JAVA_INT_UNALIGNED, Structs.NLMSG_PID),
                bytes);
    }

    /** Returns the kernel name of the message type, such as {@code RTM_NEWLINK}. */
    String typeName() {
        return Rtnetlink.messageTypeName(type);
    }

    /**
     * Returns the family header that follows {@code struct nlmsghdr}.
     *
     * @param layout the layout of the family header, such as {@code struct rtmsg}
     * @param structName the C name of the struct, for the error message
     * @throws MalformedMessageException if the message is too short to contain the struct
     */
    MemorySegment fixedHeader(MemoryLayout layout, String structName)
            throws MalformedMessageException {
        long available = bytes.byteSize() - Structs.NLMSG_HDRLEN;
        if (available < layout.byteSize()) {
            throw new MalformedMessageException(typeName() + " has " + available
                    + " bytes after struct nlmsghdr, fewer than the " + layout.byteSize()
                    + " of " + structName, Structs.NLMSG_HDRLEN);
        }
        return bytes.asSlice(Structs.NLMSG_HDRLEN, layout.byteSize());
    }

    /**
     * Parses the attributes that follow the family header.
     *
     * @param layout the layout of the family header, whose aligned size they start after
     * @throws MalformedMessageException if an attribute length does not fit
     */
    Attributes attributes(MemoryLayout layout) throws MalformedMessageException {
        long start = Structs.NLMSG_HDRLEN + Structs.align(layout.byteSize());
        return Attributes.parse(bytes, typeName(), Math.min(start, bytes.byteSize()),
                bytes.byteSize());
    }
}
