package org.networkbroker.config;

/**
 * A configuration that cannot be used. The message names the file, the line when known, the
 * key and what was expected, and is meant to be shown to the administrator as it is.
 */
public class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The exit status for a configuration error, EX_CONFIG from sysexits.h. */
    public static final int EXIT_STATUS = 78;

    /**
     * Creates an exception with a complete message.
     *
     * @param message the message for the administrator
     */
    public ConfigException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a complete message and its cause.
     *
     * @param message the message for the administrator
     * @param cause the underlying failure
     */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
