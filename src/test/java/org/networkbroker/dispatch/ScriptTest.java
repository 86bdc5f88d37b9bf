package org.networkbroker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScriptTest {

    @ParameterizedTest
    @ValueSource(strings = {"50-vpn-nowait", "50-vpn-nowait.sh", "-nowait"})
    void noWaitForNowaitSuffix(String name) {
        Script script = new Script(name, Path.of("/etc/network-broker/routable.d", name));

        assertThat(script.noWait()).as("noWait of script %s", name).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"50-vpn", "nowait-50", "50-nowaiter", "50-vpnnowait", "50-nowait-x",
        "50-vpn.nowait", ".nowait", "50-vpn-NOWAIT"})
    void noWaitFalseForOtherNames(String name) {
        Script script = new Script(name, Path.of("/etc/network-broker/routable.d", name));

        assertThat(script.noWait()).as("noWait of script %s", name).isFalse();
    }
}
