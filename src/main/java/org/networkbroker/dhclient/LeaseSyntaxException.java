package org.networkbroker.dhclient;

/**
 * Thrown inside the parser when a statement does not follow the lease file grammar. The parser
 * catches it, records a {@link MalformedLease} and skips the statement or block.
 */
final class LeaseSyntaxException extends RuntimeException {

    private final int line;
    private final int column;

    /**
     * Creates the exception for a problem at a position.
     *
     * @param line the 1-based line of the problem
     * @param column the 1-based column of the problem
     * @param message what was expected and what was found
     */
    LeaseSyntaxException(int line, int column, String message) {
        // No stack trace: the parser uses this for recovery, and the position is in the fields.
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    /**
     * Creates the exception for a problem at a token.
     *
     * @param token the token where the problem is
     * @param message what was expected and what was found
     */
    LeaseSyntaxException(Token token, String message) {
        this(token.line(), token.column(), message);
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }
}
