package org.networkbroker.event;

import java.util.Objects;
import java.util.Optional;

/**
 * A link that appeared, was renamed or disappeared.
 *
 * @param ifindex the link's ifindex
 * @param linkName its name, the new one after a rename
 * @param change {@code ADDED}, {@code RENAMED} or {@code REMOVED}
 * @param oldName the name before a rename
 * @param origin where the event came from
 */
public record LinkChanged(int ifindex, String linkName, Change change, Optional<String> oldName,
        Origin origin) implements KernelEvent {

    /** Checks that no component is null. */
    public LinkChanged {
        Objects.requireNonNull(linkName, "linkName");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(oldName, "oldName");
        Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Object identity() {
        return "link";
    }
}
