package org.networkbroker.networkd;

import java.util.Map;

/**
 * The state properties of one networkd object as a {@code GetAll} reply reported them.
 *
 * @param properties the string properties by name
 * @param serial the serial number networkd gave the reply; it orders the reply among
 *        networkd's signals, which are numbered by the same counter
 */
record PropertySnapshot(Map<String, String> properties, long serial) {

    PropertySnapshot {
        properties = Map.copyOf(properties);
    }
}
