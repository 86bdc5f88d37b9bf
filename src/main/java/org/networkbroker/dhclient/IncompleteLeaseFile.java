package org.networkbroker.dhclient;

import java.util.Objects;

/**
 * A lease file that ends inside a block, a statement or a quoted string, as a file does while
 * dhclient is still writing it. It gives no leases at all, so that a caller never applies part
 * of a file. Read the file again later.
 *
 * @param source the file path, or the name that the caller gave to the parsed text
 * @param line the 1-based line where the file ends
 * @param column the 1-based column where the file ends, counted in characters
 * @param reason where the file ends, for example "inside the lease block that starts at line 20"
 */
public record IncompleteLeaseFile(String source, int line, int column, String reason)
        implements LeaseFileResult {

    /**
     * Creates the record.
     *
     * @throws NullPointerException if {@code source} or {@code reason} is null
     */
    public IncompleteLeaseFile {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@return a message for a log line that names the file, the position and what to do} */
    public String message() {
        return "incomplete lease file " + source + ": it ends at line " + line + " column "
                + column + ", " + reason
                + "; dhclient may still be writing it, so read it again later";
    }
}
