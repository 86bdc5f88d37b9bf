package org.networkbroker.dispatch;

import java.util.Optional;
import java.util.Set;

/**
 * Decides which links' events run scripts: the names of {@code [Network] Links=}, compared
 * exactly, or every link except the loopback {@code lo} when that key is unset.
 */
public final class LinkFilter {

    private static final String LOOPBACK = "lo";

    private final Optional<Set<String>> names;

    /**
     * Creates a filter.
     *
     * @param names the accepted link names, or empty to accept all links but {@code lo}
     */
    public LinkFilter(Optional<Set<String>> names) {
        this.names = names.map(Set::copyOf);
    }

    /**
     * Returns whether events of a link run scripts.
     *
     * @param link the link's name
     * @return true when the link is listed, or when no list is set and it is not {@code lo}
     */
    public boolean accepts(String link) {
        return names.map(set -> set.contains(link)).orElse(!LOOPBACK.equals(link));
    }

    /**
     * Returns whether events of routes without an output link, such as blackhole routes, run
     * scripts: only when {@code Links=} is unset, since they belong to no listed link.
     *
     * @return true when no link list is set
     */
    public boolean acceptsUnboundRoutes() {
        return names.isEmpty();
    }

    @Override
    public String toString() {
        return names.map(set -> "links " + set).orElse("all links except lo");
    }
}
