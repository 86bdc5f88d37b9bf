package org.networkbroker.event;

import java.util.Map;
import java.util.Optional;

/**
 * Looks up what an event does not carry: a link's name and its current state. Implemented by
 * the event source, called by the dispatcher on the link's own worker, never on the thread
 * that reads the bus.
 */
public interface LinkDirectory {

    /**
     * Returns the name of a link, refreshing a cached list when the ifindex is not in it.
     *
     * @param ifindex the link's ifindex
     * @return the name, or empty when no such link exists
     */
    Optional<String> linkName(int ifindex);

    /**
     * Returns the current state properties of a link.
     *
     * @param ifindex the link's ifindex
     * @return the properties by name; empty when the link is gone or the source cannot tell
     */
    Map<String, String> linkProperties(int ifindex);

    /**
     * Returns the current state properties of the whole host.
     *
     * @return the manager's properties by name; empty when the source cannot tell
     */
    Map<String, String> managerProperties();
}
