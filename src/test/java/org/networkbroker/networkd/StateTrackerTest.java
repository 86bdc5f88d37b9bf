package org.networkbroker.networkd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StateTrackerTest {

    @Test
    void linkStatesCombineSnapshotAndSignal() {
        StateTracker tracker = new StateTracker();
        tracker.applyLink(2, Map.of("OperationalState", "degraded", "CarrierState", "carrier",
                "OnlineState", "partial"), 10);
        tracker.applyLink(2, Map.of("OperationalState", "routable"), 11);

        assertThat(tracker.linkStates(2)).as("known states of ifindex 2")
                .containsExactly(Map.entry("OperationalState", "routable"),
                        Map.entry("CarrierState", "carrier"),
                        Map.entry("OnlineState", "partial"));
    }

    @Test
    void linkStatesIgnoreOlderMessage() {
        StateTracker tracker = new StateTracker();
        tracker.applyLink(2, Map.of("OperationalState", "routable"), 11);

        Map<String, String> changed = tracker.applyLink(2,
                Map.of("OperationalState", "degraded"), 10);

        assertThat(changed).as("changes reported by an older message").isEmpty();
        assertThat(tracker.linkStates(2)).as("known states of ifindex 2")
                .containsExactly(Map.entry("OperationalState", "routable"));
    }

    @Test
    void linkStatesOfUnknownLinkAreEmpty() {
        StateTracker tracker = new StateTracker();
        tracker.applyLink(2, Map.of("OperationalState", "routable"), 1);
        tracker.retainLinks(Set.of(3));

        assertThat(tracker.linkStates(2)).as("states of a link that is gone").isEmpty();
        assertThat(tracker.linkStates(7)).as("states of a link never seen").isEmpty();
    }

    @Test
    void newSenderKeepsValues() {
        StateTracker tracker = new StateTracker();
        Map<String, String> states = new LinkedHashMap<>();
        states.put("AdministrativeState", "configured");
        states.put("OperationalState", "routable");
        tracker.applyLink(2, states, 500);
        tracker.newSender();

        Map<String, String> changed = tracker.applyLink(2,
                Map.of("OperationalState", "no-carrier"), 3);

        assertThat(changed).as("changes from the new sender's first signal")
                .containsExactly(Map.entry("OperationalState", "no-carrier"));
        assertThat(tracker.linkStates(2)).as("known states of ifindex 2")
                .containsExactly(Map.entry("AdministrativeState", "configured"),
                        Map.entry("OperationalState", "no-carrier"));
    }

    @Test
    void forgottenLinkStartsAnew() {
        StateTracker tracker = new StateTracker();
        tracker.applyLink(2, Map.of("OperationalState", "routable"), 5);
        tracker.forgetLink(2, 7);

        Map<String, String> changed = tracker.applyLink(2,
                Map.of("OperationalState", "routable"), 9);

        assertThat(changed).as("changes reported for a new link with a reused ifindex")
                .containsExactly(Map.entry("OperationalState", "routable"));
    }

    @Test
    void snapshotOlderThanForgetDropped() {
        StateTracker tracker = new StateTracker();
        tracker.applyLink(2, Map.of("AdministrativeState", "configured"), 5);
        tracker.beginSnapshot();
        tracker.forgetLink(2, 7);

        Map<String, String> changed = tracker.applyLink(2,
                Map.of("AdministrativeState", "configured"), 6);
        tracker.endSnapshot();

        assertThat(changed).as("changes from a reply sent before link 2 went away").isEmpty();
        assertThat(tracker.linkStates(2)).as("states of link 2 after the old reply").isEmpty();
    }

    @Test
    void forgetSerialClearedAfterSnapshot() {
        StateTracker tracker = new StateTracker();
        tracker.beginSnapshot();
        tracker.forgetLink(2, 7);
        tracker.endSnapshot();

        Map<String, String> changed = tracker.applyLink(2,
                Map.of("AdministrativeState", "configured"), 3);

        assertThat(changed).as("changes of link 2 after the snapshot ended")
                .containsExactly(Map.entry("AdministrativeState", "configured"));
    }

    @Test
    void managerStatesFollowReports() {
        StateTracker tracker = new StateTracker();
        tracker.applyManager(Map.of("OnlineState", "partial", "OperationalState", "degraded"),
                4);
        tracker.applyManager(Map.of("OnlineState", "online"), 6);

        assertThat(tracker.managerStates()).as("known manager states")
                .containsExactly(Map.entry("OperationalState", "degraded"),
                        Map.entry("OnlineState", "online"));
    }
}
