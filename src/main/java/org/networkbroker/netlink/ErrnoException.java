package org.networkbroker.netlink;

import java.util.Optional;

import org.networkbroker.system.Errno;

/**
 * Signals a failed system call on a netlink socket, or a request that the kernel rejected with
 * a negative error code in {@code NLMSG_ERROR} or {@code NLMSG_DONE}.
 *
 * <p>Both cases carry the same facts: the call or message type that failed, the errno value,
 * its symbolic name and text, and the request it was part of. Callers branch on
 * {@link #errno()}, for example {@code e.errno() == Errno.ENOENT}.
 */
public final class ErrnoException extends NetlinkException {

    private final String call;
    private final int errno;
    private final String request;
    private final String kernelMessage;

    /**
     * Creates an exception for a failed call.
     *
     * @param call the system call ({@code "sendto"}) or the kernel message type
     *         ({@code "RTM_DELRULE"}) that failed
     * @param errno the positive errno value
     * @param request what the caller was doing, for example
     *         {@code "delete rule from 192.0.2.1/32 lookup 10002"}
     * @param kernelMessage the text of the kernel's extended ACK ({@code NLMSGERR_ATTR_MSG}),
     *         or {@code null} when the kernel sent none
     */
    public ErrnoException(String call, int errno, String request, String kernelMessage) {
        super(formatMessage(call, errno, request, kernelMessage), null);
        this.call = call;
        this.errno = errno;
        this.request = request;
        this.kernelMessage = kernelMessage;
    }

    private static String formatMessage(
            String call, int errno, String request, String kernelMessage) {
        String text = call + " failed for " + request + ": " + Errno.name(errno)
                + " (" + Errno.description(errno) + ")";
        if (kernelMessage == null) {
            return text;
        }
        return text + ", kernel reports: " + kernelMessage;
    }

    /**
     * Returns the system call or kernel message type that failed.
     *
     * @return for example {@code "recvmsg"} or {@code "RTM_NEWROUTE"}
     */
    public String call() {
        return call;
    }

    /**
     * Returns the errno value.
     *
     * @return a positive errno value, comparable with the constants in {@link Errno}
     */
    public int errno() {
        return errno;
    }

    /**
     * Returns the symbolic name of the errno value.
     *
     * @return for example {@code "ENOENT"}, or {@code "errno 200"} for an unknown value
     */
    public String errnoName() {
        return Errno.name(errno);
    }

    /**
     * Returns the C library's text for the errno value.
     *
     * @return for example {@code "No such file or directory"}
     */
    public String description() {
        return Errno.description(errno);
    }

    /**
     * Returns the request that failed.
     *
     * @return a short description of the request
     */
    public String request() {
        return request;
    }

    /**
     * Returns the kernel's explanation of the error, when it sent one.
     *
     * @return the {@code NLMSGERR_ATTR_MSG} text of the extended ACK, if present
     */
    public Optional<String> kernelMessage() {
        return Optional.ofNullable(kernelMessage);
    }
}
