package org.networkbroker.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.networkbroker.event.NetworkEvent.Origin;

class ManagerStateChangedTest {

    @Test
    void mergeLaterKeepsLatestValue() {
        ManagerStateChanged earlier = manager(Origin.SIGNAL,
                "OperationalState", "degraded", "OnlineState", "partial");
        ManagerStateChanged later = manager(Origin.SIGNAL,
                "OnlineState", "online", "AddressState", "routable");

        ManagerStateChanged merged = earlier.mergeLater(later);

        assertThat(merged.properties()).as("manager properties after the merge").containsExactly(
                Map.entry("OperationalState", "degraded"),
                Map.entry("OnlineState", "online"),
                Map.entry("AddressState", "routable"));
    }

    @Test
    void mergeLaterTakesLatestStates() {
        ManagerStateChanged earlier = new ManagerStateChanged(Map.of("OnlineState", "partial"),
                Map.of("OnlineState", "partial", "CarrierState", "carrier"), Origin.SIGNAL);
        ManagerStateChanged later = new ManagerStateChanged(Map.of("OnlineState", "online"),
                Map.of("OnlineState", "online"), Origin.SIGNAL);

        ManagerStateChanged merged = earlier.mergeLater(later);

        assertThat(merged.states()).as("manager states after the merge")
                .containsExactlyInAnyOrderEntriesOf(Map.of("OnlineState", "online",
                        "CarrierState", "carrier"));
    }

    @Test
    void mergeLaterPrefersSignalOrigin() {
        ManagerStateChanged replayed = manager(Origin.STARTUP_TRIGGER, "OnlineState", "offline");
        ManagerStateChanged signalled = manager(Origin.SIGNAL, "OnlineState", "online");

        assertThat(replayed.mergeLater(signalled).origin())
                .as("origin of a replayed manager event merged with a signal")
                .isEqualTo(Origin.SIGNAL);
    }

    @Test
    void constructorCopiesProperties() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("OnlineState", "online");
        ManagerStateChanged event = new ManagerStateChanged(source, Origin.SIGNAL);

        source.put("OnlineState", "offline");

        assertThat(event.properties().get("OnlineState"))
                .as("manager OnlineState after the source map changed").isEqualTo("online");
    }

    private static ManagerStateChanged manager(Origin origin, String... pairs) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.put(pairs[i], pairs[i + 1]);
        }
        return new ManagerStateChanged(properties, origin);
    }
}
