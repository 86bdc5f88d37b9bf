package org.networkbroker.bus;

/** A DBus method call that failed, was rejected by the service or timed out. */
public class BusCallException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param message what was called and what went wrong
     * @param cause the underlying failure, or null
     */
    public BusCallException(String message, Throwable cause) {
        super(message, cause);
    }
}
