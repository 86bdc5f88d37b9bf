package org.networkbroker.netlink;

import java.io.IOException;

/**
 * Base type of the checked exceptions of the rtnetlink layer: a failed system call or kernel
 * request ({@link ErrnoException}) and a message that cannot be decoded
 * ({@link MalformedMessageException}).
 */
public class NetlinkException extends IOException {

    /**
     * Creates an exception with a message and an optional cause.
     *
     * @param message what failed, on which value
     * @param cause the underlying failure, or {@code null}
     */
    public NetlinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
