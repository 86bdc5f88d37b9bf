package org.networkbroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs network-broker status, check and trigger against a real systemd-networkd in the
 * sandbox, without a running daemon.
 */
@Timeout(120)
class CommandsIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPTS = "/etc/network-broker";
    private static final String CONFIG = SCRIPTS + "/network-broker.toml";

    private Sandbox sandbox;
    private NetworkdSetup network;
    private ScriptRecords records;

    @BeforeEach
    void startSandbox() throws IOException {
        sandbox = Sandbox.start();
        network = new NetworkdSetup(sandbox);
        records = new ScriptRecords(sandbox.root().resolve("records"));
        sandbox.writeFile(SCRIPTS + "/routable.d/50-record", records.recorder("50-record"),
                "0755");
        sandbox.writeFile(SCRIPTS + "/routable.d/60-plain", "#!/bin/sh\n", "0644");
        network.staticPair("left0", "192.168.88.1/24", "right0", "192.168.88.2/24");
        network.awaitState("left0", "routable", "configured", EVENT_TIMEOUT);
    }

    @AfterEach
    void stopSandbox() throws IOException {
        sandbox.close();
    }

    private Sandbox.Result broker(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(BrokerProcess.jarCommand());
        command.addAll(List.of(arguments));
        return sandbox.run(command);
    }

    @Test
    void statusListsLinksAndScripts() throws IOException {
        Sandbox.Result status = broker("status");

        assertThat(status.exit()).as("exit status of status:\n%s", status.output()).isZero();
        int ifindex = network.ifindex("left0");
        assertThat(status.output()).as("status output")
                .containsPattern("\\s" + ifindex + "\\s+left0\\s+routable\\s+configured\\s+run")
                .contains("run   /etc/network-broker/routable.d/50-record")
                .contains("skip  /etc/network-broker/routable.d/60-plain: not executable by"
                        + " its owner (mode 0644)");
    }

    @Test
    void statusJsonHasLinksAndSkips() throws IOException {
        Sandbox.Result status = broker("status", "--json");

        assertThat(status.exit()).as("exit status of status --json").isZero();
        JsonNode report = JsonMapper.builder().build().readTree(status.output());
        JsonNode left = null;
        for (JsonNode link : report.get("links")) {
            if (link.get("name").asString().equals("left0")) {
                left = link;
            }
        }
        assertThat(left).as("left0 in %s", status.output()).isNotNull();
        assertThat(left.get("ifindex").asInt()).as("ifindex of left0")
                .isEqualTo(network.ifindex("left0"));
        assertThat(left.get("operationalState").asString()).as("operational state of left0")
                .isEqualTo("routable");
        assertThat(left.get("setupState").asString()).as("setup state of left0")
                .isEqualTo("configured");
        JsonNode routable = null;
        for (JsonNode state : report.get("states")) {
            if (state.get("state").asString().equals("routable")) {
                routable = state;
            }
        }
        assertThat(routable).as("routable.d in %s", status.output()).isNotNull();
        assertThat(routable.get("scripts").get(0).get("name").asString())
                .as("script of routable.d").isEqualTo("50-record");
        assertThat(routable.get("skipped").get(0).get("reason").asString())
                .as("skip reason of 60-plain").startsWith("not executable");
    }

    @Test
    void checkReportsEachProblem() throws IOException {
        sandbox.writeFile(CONFIG, "[System]\nScriptTimeoutSec=0\n", "0644");
        sandbox.exec("mkdir", "-p", SCRIPTS + "/Routable.d");
        sandbox.exec("ln", "-s", "dormant.d", SCRIPTS + "/dormant.d");

        Sandbox.Result check = broker("check");

        assertThat(check.exit()).as("exit status of check:\n%s", check.output()).isEqualTo(1);
        assertThat(check.output().lines().toList()).as("problems").containsExactly(
                CONFIG + ":2: invalid ScriptTimeoutSec 0 in [System]: expected a whole number"
                        + " of seconds from 1 to 86400",
                SCRIPTS + "/dormant.d: never runs: expected a folder, found an entry whose"
                        + " type is unreadable: Too many levels of symbolic links or unable to"
                        + " access attributes of symbolic link",
                SCRIPTS + "/Routable.d: never runs: the name is not a state name of the form"
                        + " [a-z][a-z-]* followed by .d",
                SCRIPTS + "/routable.d/60-plain: skipped: not executable by its owner (mode"
                        + " 0644)");
    }

    @Test
    void checkPassesCleanSetup() throws IOException {
        sandbox.exec("rm", SCRIPTS + "/routable.d/60-plain");

        Sandbox.Result check = broker("check");

        assertThat(check.exit()).as("exit status of check:\n%s", check.output()).isZero();
    }

    @Test
    void triggerDryRunListsEnvironment() throws IOException {
        Sandbox.Result dry = broker("trigger", "--link", "left0", "--state", "routable",
                "--dry-run");

        assertThat(dry.exit()).as("exit status of trigger --dry-run:\n%s", dry.output())
                .isZero();
        assertThat(dry.output()).as("dry run output")
                .contains("/etc/network-broker/routable.d/50-record routable left0")
                .contains("  LINK=left0")
                .contains("  LINKIFINDEX=" + network.ifindex("left0"))
                .contains("  OperationalState=routable")
                .contains("  ADDR=192.168.88.1");
        assertThat(records.runs()).as("runs after a dry run").isEmpty();
    }

    @Test
    void triggerRunsScriptsLikeAnEvent() throws IOException {
        Sandbox.Result trigger = broker("trigger", "--link", "left0", "--state", "routable");

        assertThat(trigger.exit()).as("exit status of trigger:\n%s", trigger.output()).isZero();
        int run = records.await(line -> line.equals("50-record routable left0"), EVENT_TIMEOUT);
        Map<String, String> env = records.environment(run);
        assertThat(env.get("STATE")).as("STATE of the triggered run").isEqualTo("routable");
        assertThat(env.get("IP_ADDRS")).as("IP_ADDRS of the triggered run")
                .isEqualTo("192.168.88.1");
        assertThat(trigger.output()).as("trigger output")
                .contains("script finished link=left0");
    }

    @Test
    void triggerRejectsExcludedLink() throws IOException {
        sandbox.writeFile(CONFIG, "[Network]\nLinks=\"right0\"\n", "0644");

        Sandbox.Result trigger = broker("trigger", "--link", "left0", "--state", "routable");

        assertThat(trigger.exit()).as("exit status for an excluded link").isEqualTo(1);
        assertThat(trigger.output()).as("trigger output").contains("excluded by [Network]"
                + " Links=");
        assertThat(records.runs()).as("runs for an excluded link").isEmpty();
    }

    @Test
    void triggerRejectsUnknownLink() throws IOException {
        Sandbox.Result trigger = broker("trigger", "--link", "nosuch0", "--state", "routable");

        assertThat(trigger.exit()).as("exit status for an unknown link").isEqualTo(1);
        assertThat(trigger.output()).as("trigger output").contains("\"nosuch0\" not found");
    }
}
