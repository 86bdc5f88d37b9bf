package org.networkbroker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateNameTest {

    /** States of systemd 252 (operational, carrier, address, online, setup) and manager, routes. */
    @ParameterizedTest
    @ValueSource(strings = {
        "missing", "off", "no-carrier", "dormant", "degraded-carrier", "carrier", "degraded",
        "enslaved", "routable", "partial", "online", "offline", "pending", "initialized",
        "configuring", "configured", "unmanaged", "failed", "linger", "manager", "routes",
    })
    void isValidAcceptsSystemdStates(String state) {
        assertThat(StateName.isValid(state)).as("state \"%s\"", state).isTrue();
    }

    @Test
    void isValidAcceptsMaximumLength() {
        String state = "a".repeat(StateName.MAX_LENGTH);

        assertThat(StateName.isValid(state)).as("state of %d letters", StateName.MAX_LENGTH)
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "../../bin", "..", ".", "Routable", "ROUTABLE", "", "-x", "a/b", "/routable",
        "a.b", "routable.d", "a b", "a_b", "a\0b", "a\nb", "rout4ble", "4routable",
        "routäble", "ｒoutable",
    })
    void isValidRejectsUnsafeNames(String state) {
        assertThat(StateName.isValid(state)).as("state \"%s\"", state).isFalse();
    }

    @Test
    void isValidRejectsOverlongName() {
        String state = "a".repeat(StateName.MAX_LENGTH + 1);

        assertThat(StateName.isValid(state)).as("state of %d letters", state.length())
                .isFalse();
    }

    @Test
    void isValidRejectsTenKilobytes() {
        String state = "routable-".repeat(10 * 1024 / 9 + 1);

        assertThat(StateName.isValid(state)).as("state of %d characters", state.length())
                .isFalse();
    }

    @Test
    void isValidRejectsNull() {
        assertThat(StateName.isValid(null)).as("null state").isFalse();
    }
}
