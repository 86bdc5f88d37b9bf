package org.networkbroker.dhclient;

import java.util.Objects;

/**
 * A lease block or other statement that the parser skipped because it does not follow the lease
 * file grammar or has an invalid value.
 *
 * @param source the file path, or the name that the caller gave to the parsed text
 * @param line the 1-based line of the problem
 * @param column the 1-based column of the problem, counted in characters
 * @param message what was expected and what was found, and what was skipped, for example
 *         {@code invalid fixed-address: expected an IPv4 address in dotted-quad form, found
 *         "192.0.2.300"; skipped the lease block that starts at line 1}
 */
public record MalformedLease(String source, int line, int column, String message) {

    /**
     * Creates the record.
     *
     * @throws NullPointerException if {@code source} or {@code message} is null
     */
    public MalformedLease {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    /** Returns the problem as {@code source:line:column: message}, the form compilers use. */
    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + message;
    }
}
