package org.networkbroker.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.networkbroker.event.NetworkEvent.Origin;

class LinkStateChangedTest {

    @Test
    void mergeLaterKeepsLatestValue() {
        LinkStateChanged earlier = link(2, Origin.SIGNAL,
                "OperationalState", "degraded", "CarrierState", "carrier");
        LinkStateChanged later = link(2, Origin.SIGNAL, "OperationalState", "routable");

        LinkStateChanged merged = earlier.mergeLater(later);

        assertThat(merged.properties().get("OperationalState"))
                .as("OperationalState of ifindex 2").isEqualTo("routable");
        assertThat(merged.properties().get("CarrierState"))
                .as("CarrierState of ifindex 2").isEqualTo("carrier");
    }

    @Test
    void mergeLaterKeepsPropertyOrder() {
        LinkStateChanged earlier = link(2, Origin.SIGNAL,
                "OperationalState", "degraded", "CarrierState", "carrier");
        LinkStateChanged later = link(2, Origin.SIGNAL,
                "AdministrativeState", "configured", "OperationalState", "routable");

        LinkStateChanged merged = earlier.mergeLater(later);

        assertThat(merged.properties().keySet()).as("property order of ifindex 2")
                .containsExactly("OperationalState", "CarrierState", "AdministrativeState");
        assertThat(merged.ifindex()).as("ifindex of the merged event").isEqualTo(2);
    }

    @Test
    void mergeLaterTakesLatestStates() {
        LinkStateChanged earlier = new LinkStateChanged(2,
                properties("CarrierState", "carrier"),
                properties("CarrierState", "carrier", "OnlineState", "partial"), Origin.SIGNAL);
        LinkStateChanged later = new LinkStateChanged(2,
                properties("OperationalState", "routable"),
                properties("CarrierState", "carrier", "OperationalState", "routable"),
                Origin.SIGNAL);

        LinkStateChanged merged = earlier.mergeLater(later);

        assertThat(merged.states()).as("states of ifindex 2 after the merge")
                .containsExactlyInAnyOrderEntriesOf(properties("CarrierState", "carrier",
                        "OnlineState", "partial", "OperationalState", "routable"));
    }

    @Test
    void mergeLaterPrefersSignalOrigin() {
        LinkStateChanged replayed = link(2, Origin.STARTUP_TRIGGER, "OperationalState", "off");
        LinkStateChanged signalled = link(2, Origin.SIGNAL, "OperationalState", "routable");

        assertThat(replayed.mergeLater(signalled).origin())
                .as("origin of a replayed event merged with a signal").isEqualTo(Origin.SIGNAL);
        assertThat(signalled.mergeLater(replayed).origin())
                .as("origin of a signal merged with a replayed event").isEqualTo(Origin.SIGNAL);
        assertThat(replayed.mergeLater(replayed).origin())
                .as("origin of two replayed events").isEqualTo(Origin.STARTUP_TRIGGER);
    }

    @Test
    void mergeLaterRejectsOtherLink() {
        LinkStateChanged eth0 = link(2, Origin.SIGNAL, "OperationalState", "routable");
        LinkStateChanged eth1 = link(3, Origin.SIGNAL, "OperationalState", "off");

        assertThatThrownBy(() -> eth0.mergeLater(eth1))
                .as("merging ifindex 3 into ifindex 2")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2")
                .hasMessageContaining("3");
    }

    @Test
    void constructorCopiesProperties() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("OperationalState", "routable");
        LinkStateChanged event = new LinkStateChanged(2, source, Origin.SIGNAL);

        source.put("OperationalState", "off");

        assertThat(event.properties().get("OperationalState"))
                .as("OperationalState of ifindex 2 after the source map changed")
                .isEqualTo("routable");
    }

    @Test
    void constructorAddsChangesToStates() {
        LinkStateChanged event = new LinkStateChanged(2,
                properties("OperationalState", "routable"),
                properties("OperationalState", "degraded", "CarrierState", "carrier"),
                Origin.SIGNAL);

        assertThat(event.states()).as("states of ifindex 2")
                .containsExactly(Map.entry("OperationalState", "routable"),
                        Map.entry("CarrierState", "carrier"));
    }

    @Test
    void constructorRejectsNonPositiveIfindex() {
        assertThatThrownBy(() -> new LinkStateChanged(0, Map.of(), Origin.SIGNAL))
                .as("event of ifindex 0")
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static LinkStateChanged link(int ifindex, Origin origin, String... pairs) {
        return new LinkStateChanged(ifindex, properties(pairs), origin);
    }

    private static Map<String, String> properties(String... pairs) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.put(pairs[i], pairs[i + 1]);
        }
        return properties;
    }
}
