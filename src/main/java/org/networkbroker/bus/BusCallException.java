package org.networkbroker.bus;

/** A DBus method call that failed, was rejected by the service or timed out. */
public class BusCallException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String errorName;

    /**
     * Creates an exception for a call that got no reply.
     *
     * @param message what was called and what went wrong
     * @param cause the underlying failure, or null
     */
    public BusCallException(String message, Throwable cause) {
        this(message, null, cause);
    }

    /**
     * Creates an exception for a call the service answered with a DBus error.
     *
     * @param message what was called and what went wrong
     * @param errorName the DBus error name, such as
     *        {@code org.freedesktop.DBus.Error.AccessDenied}, or null when there was no reply
     * @param cause the underlying failure, or null
     */
    public BusCallException(String message, String errorName, Throwable cause) {
        super(message, cause);
        this.errorName = errorName;
    }

    /**
     * Returns the DBus error name of the service's reply.
     *
     * @return the error name, or empty when the call got no reply
     */
    public java.util.Optional<String> errorName() {
        return java.util.Optional.ofNullable(errorName);
    }
}
