package org.networkbroker.system;

import java.io.IOException;

/**
 * A failed Linux system call outside netlink, with the call's name, its errno and the C
 * library's text for it. Netlink requests fail with
 * {@link org.networkbroker.netlink.ErrnoException}, which adds the request and the kernel's
 * own message.
 */
public class SystemCallException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    /**
     * Creates an exception for a failed call.
     *
     * @param call the system call and, where useful, its arguments, for example
     *        {@code kill(-1234, SIGKILL)}
     * @param errno the error number the call left in {@code errno}
     */
    public SystemCallException(String call, int errno) {
        super(call + " failed: " + Errno.name(errno) + " (" + Errno.description(errno) + ")");
        this.call = call;
        this.errno = errno;
    }

    /**
     * Returns the failed call as given to the constructor.
     *
     * @return the call's description
     */
    public String call() {
        return call;
    }

    /**
     * Returns the error number.
     *
     * @return the errno value, for example 3 for ESRCH
     */
    public int errno() {
        return errno;
    }
}
