package org.networkbroker.netlink;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.networkbroker.system.Errno;

/**
 * Reads the kernel's replies to one request until the NLMSG_DONE that ends a dump or the
 * NLMSG_ERROR that acknowledges or rejects a request. Replies to earlier requests, such as
 * those that arrived after a receive timeout, are skipped by their sequence number.
 */
final class ReplyCollector {

    private static final Logger log = LoggerFactory.getLogger(ReplyCollector.class);

    /**
     * The replies to a request, without the final NLMSG_DONE or NLMSG_ERROR.
     *
     * @param messages the data messages in kernel order
     * @param interrupted whether a message had NLM_F_DUMP_INTR set, so the dump may have
     *         missed or repeated objects
     */
    record Replies(List<NetlinkMessage> messages, boolean interrupted) {
    }

    private final NetlinkSocket socket;
    private final int sequence;
    private final String call;
    private final String request;
    private final Duration timeout;

    /**
     * Creates a collector for one request.
     *
     * @param sequence the request's nlmsg_seq
     * @param call the request's message type name, for errors
     * @param request the request description, for errors
     * @param timeout the socket's receive timeout, for the error when it expires
     */
    ReplyCollector(NetlinkSocket socket, int sequence, String call, String request,
            Duration timeout) {
        this.socket = socket;
        this.sequence = sequence;
        this.call = call;
        this.request = request;
        this.timeout = timeout;
    }

    /**
     * Receives datagrams until the request is finished.
     *
     * @throws ErrnoException if receiving fails, or the kernel reports an error code
     * @throws MalformedMessageException if a reply is malformed
     */
    Replies collect() throws NetlinkException {
        List<NetlinkMessage> messages = new ArrayList<>();
        boolean interrupted = false;
        while (true) {
            for (NetlinkMessage message : NetlinkMessage.split(receive())) {
                if (message.sequence() != sequence || message.portId() != socket.portId()) {
                    log.debug("skipped netlink reply to another request type={} seq={}"
                            + " expected={}", message.typeName(), message.sequence(), sequence);
                    continue;
                }
                interrupted |= (message.flags() & Netlink.NLM_F_DUMP_INTR) != 0;
                switch (message.type()) {
                    case Netlink.NLMSG_ERROR -> {
                        check(Acknowledgement.parseError(message));
                        return new Replies(messages, interrupted);
                    }
                    case Netlink.NLMSG_DONE -> {
                        check(Acknowledgement.parseDone(message));
                        return new Replies(messages, interrupted);
                    }
                    case Netlink.NLMSG_NOOP -> log.trace("skipped NLMSG_NOOP seq={}", sequence);
                    default -> messages.add(message);
                }
            }
        }
    }

    private MemorySegment receive() throws ErrnoException {
        try {
            return socket.receive(request);
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EAGAIN) {
                throw e;
            }
            ErrnoException timedOut = new ErrnoException(e.call(), e.errno(), request
                    + ", timed out after " + timeout.toSeconds() + " s waiting for the kernel's"
                    + " reply", null);
            timedOut.initCause(e);
            throw timedOut;
        }
    }

    private void check(Acknowledgement acknowledgement) throws ErrnoException {
        if (acknowledgement.error() != 0) {
            throw new ErrnoException(call, -acknowledgement.error(), request,
                    acknowledgement.kernelMessage());
        }
    }
}
