package org.networkbroker.dhclient;

/**
 * The result of {@link LeaseFileParser#parse}: either a {@link LeaseFile} that was read to its
 * end, or an {@link IncompleteLeaseFile} that ends in the middle of a statement. Switch over it
 * with a pattern:
 *
 * <pre>{@code
 * switch (LeaseFileParser.parse(path)) {
 *     case LeaseFile file -> apply(file.effectiveLeases(Instant.now()));
 *     case IncompleteLeaseFile incomplete -> retryLater(incomplete.message());
 * }
 * }</pre>
 */
public sealed interface LeaseFileResult permits LeaseFile, IncompleteLeaseFile {

    /** {@return the file path, or the name that the caller gave to the parsed text} */
    String source();
}
