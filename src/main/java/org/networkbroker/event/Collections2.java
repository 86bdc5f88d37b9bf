package org.networkbroker.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Copies that keep insertion order, which {@link Map#copyOf} does not. */
final class Collections2 {

    private Collections2() {
    }

    static Map<String, String> orderedCopy(Map<String, String> source) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
