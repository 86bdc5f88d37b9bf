package org.networkbroker.netlink;

/**
 * Signals a netlink message that is truncated or whose lengths do not fit together, so it
 * cannot be decoded. The message names the part that is malformed and its byte offset.
 */
public final class MalformedMessageException extends NetlinkException {

    private final long offset;

    /**
     * Creates an exception for a malformed part of a message.
     *
     * @param problem what is malformed, for example
     *         {@code "attribute IFLA_MTU has 2 bytes, expected 4"}
     * @param offset byte offset of the malformed part, counted from the start of the
     *         netlink message (its {@code struct nlmsghdr}), or from the start of the datagram
     *         when the message header itself is malformed
     */
    public MalformedMessageException(String problem, long offset) {
        super("malformed netlink message at offset " + offset + ": " + problem, null);
        this.offset = offset;
    }

    /**
     * Returns the byte offset of the malformed part.
     *
     * @return the offset given to the constructor
     */
    public long offset() {
        return offset;
    }
}
