package org.networkbroker.dhclient;

/**
 * Thrown inside the parser when the file ends inside a block, a statement or a string, as it does
 * when dhclient is still writing it. The parser turns it into an {@link IncompleteLeaseFile}.
 */
final class IncompleteInputException extends RuntimeException {

    private final int line;
    private final int column;

    /**
     * Creates the exception.
     *
     * @param line the 1-based line where the file ends
     * @param column the 1-based column where the file ends
     * @param reason which construct the file ends in, for example "inside the lease block that
     *         starts at line 3"
     */
    IncompleteInputException(int line, int column, String reason) {
        super(reason, null, false, false);
        this.line = line;
        this.column = column;
    }

    int line() {
        return line;
    }

    int column() {
        return column;
    }
}
