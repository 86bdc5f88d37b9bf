package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * The result code of an NLMSG_ERROR or NLMSG_DONE message, with the kernel's error text from
 * the extended ACK attributes when present.
 *
 * @param error 0 for success, else a negative errno value
 * @param kernelMessage the NLMSGERR_ATTR_MSG text, or null
 */
record Acknowledgement(int error, String kernelMessage) {

    /**
     * Decodes an NLMSG_ERROR message: {@code struct nlmsgerr}, then the request's payload
     * unless NLM_F_CAPPED is set or the error is 0, then NLMSGERR_ATTR_* attributes if
     * NLM_F_ACK_TLVS is set.
     *
     * @throws MalformedMessageException if the message is shorter than struct nlmsgerr, its
     *         error code is positive or its attributes are malformed
     */
    static Acknowledgement parseError(NetlinkMessage message) throws MalformedMessageException {
        message.fixedHeader(Structs.NLMSGERR, "struct nlmsgerr");
        int error = message.bytes().get(JAVA_INT_UNALIGNED,
                Structs.NLMSG_HDRLEN + Structs.NLMSGERR_ERROR);
        long attributesStart = Structs.NLMSG_HDRLEN + Structs.NLMSGERR.byteSize();
        if ((message.flags() & Netlink.NLM_F_CAPPED) == 0 && error != 0) {
            long requestLength = Integer.toUnsignedLong(message.bytes().get(JAVA_INT_UNALIGNED,
                    Structs.NLMSG_HDRLEN + Structs.NLMSGERR_MSG + Structs.NLMSG_LEN));
            attributesStart += Structs.align(Math.max(requestLength - Structs.NLMSG_HDRLEN, 0));
        }
        return new Acknowledgement(requireErrorCode(message, error, Structs.NLMSG_HDRLEN),
                kernelMessage(message, attributesStart));
    }

    /**
     * Decodes an NLMSG_DONE message: an int result code, then NLMSGERR_ATTR_* attributes if
     * NLM_F_ACK_TLVS is set. A message without the result code counts as success.
     *
     * @throws MalformedMessageException if its error code is positive or its attributes are
     *         malformed
     */
    static Acknowledgement parseDone(NetlinkMessage message) throws MalformedMessageException {
        long start = Structs.NLMSG_HDRLEN;
        if (message.bytes().byteSize() < start + Integer.BYTES) {
            return new Acknowledgement(0, null);
        }
        int error = message.bytes().get(JAVA_INT_UNALIGNED, start);
        return new Acknowledgement(requireErrorCode(message, error, start),
                kernelMessage(message, start + Integer.BYTES));
    }

    private static int requireErrorCode(NetlinkMessage message, int error, long offset)
            throws MalformedMessageException {
        if (error > 0) {
            throw new MalformedMessageException(message.typeName() + " error code is " + error
                    + ", expected 0 or a negative errno value", offset);
        }
        return error;
    }

    private static String kernelMessage(NetlinkMessage message, long start)
            throws MalformedMessageException {
        long end = message.bytes().byteSize();
        if ((message.flags() & Netlink.NLM_F_ACK_TLVS) == 0 || start >= end) {
            return null;
        }
        Attributes attributes = Attributes.parse(message.bytes(), message.typeName(), start, end);
        return attributes.string(Netlink.NLMSGERR_ATTR_MSG).orElse(null);
    }
}
