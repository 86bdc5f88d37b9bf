package org.networkbroker.dispatch;

import java.util.Map;
import java.util.Optional;

/** Describes a link as one JSON object, for the {@code JSON} variable of link scripts. */
public interface LinkDescriptions {

    /**
     * Describes a link.
     *
     * @param ifindex the link's ifindex
     * @param name the link's name
     * @param states the link's current networkd states by property name
     * @return the JSON text, or empty when the link cannot be described
     */
    Optional<String> describe(int ifindex, String name, Map<String, String> states);
}
