package org.networkbroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.event.LinkProperties;

/**
 * Runs the real broker jar against a real systemd-networkd and real scripts in a throwaway
 * namespace, and checks what the scripts recorded.
 */
@Timeout(120)
class NetworkdEndToEndIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPTS = "/etc/network-broker";
    private static final String CONFIG = SCRIPTS + "/network-broker.toml";

    private Sandbox sandbox;
    private NetworkdSetup network;
    private ScriptRecords records;
    private BrokerProcess broker;

    @BeforeEach
    void startSandbox() throws IOException {
        sandbox = Sandbox.start();
        network = new NetworkdSetup(sandbox);
        records = new ScriptRecords(sandbox.root().resolve("records"));
    }

    @AfterEach
    void stopSandbox() throws IOException {
        if (broker != null) {
            broker.close();
        }
        sandbox.close();
    }

    private void record(String state, String name) throws IOException {
        sandbox.writeFile(SCRIPTS + "/" + state + ".d/" + name, records.recorder(name), "0755");
    }

    @Test
    void dhcpLeaseReachesRoutableAndConfiguredScripts() throws IOException {
        record("routable", "50-record");
        record("configured", "50-record");
        broker = BrokerProcess.start(sandbox);

        network.dhcpPair("srv0", "dhcp0");

        int routable = records.await(run -> run.equals("50-record routable dhcp0"),
                EVENT_TIMEOUT);
        int configured = records.await(run -> run.equals("50-record configured dhcp0"),
                EVENT_TIMEOUT);
        String leased = network.ipv4Address("dhcp0");
        String ifindex = Integer.toString(network.ifindex("dhcp0"));
        for (int run : List.of(routable, configured)) {
            Map<String, String> env = records.environment(run);
            assertThat(env.get("LINK")).as("LINK of run %d", run).isEqualTo("dhcp0");
            assertThat(env.get("LINKIFINDEX")).as("LINKIFINDEX of run %d", run)
                    .isEqualTo(ifindex);
            assertThat(env.get("DHCP_LEASE")).as("DHCP_LEASE of run %d", run)
                    .contains("ADDRESS=" + leased)
                    .contains("ROUTER=" + NetworkdSetup.SERVER_ADDRESS);
            assertThat(env.get("DHCP4_ADDRESS")).as("DHCP4_ADDRESS of run %d", run)
                    .isEqualTo(leased);
            assertThat(env.get("DHCP4_ROUTER")).as("DHCP4_ROUTER of run %d", run)
                    .isEqualTo(NetworkdSetup.SERVER_ADDRESS);
            assertThat(env.get("DHCP4_DNS")).as("DHCP4_DNS of run %d", run)
                    .isEqualTo(NetworkdSetup.DNS_ADDRESS);
            assertThat(env.get("ADDR")).as("ADDR of run %d", run).isEqualTo(leased);
        }
        Map<String, String> routableEnv = records.environment(routable);
        assertThat(routableEnv.get("OperationalState")).as("OperationalState of dhcp0")
                .isEqualTo("routable");
        assertThat(routableEnv.get("STATE")).as("STATE of dhcp0").isEqualTo("routable");
        assertThat(routableEnv).as("state variables of dhcp0, a link created after start-up")
                .containsKeys(LinkProperties.LINK.toArray(String[]::new));
        assertThat(routableEnv.get("CarrierState")).as("CarrierState of routable dhcp0")
                .isEqualTo("carrier");
        assertThat(records.environment(configured).get("AdministrativeState"))
                .as("AdministrativeState of dhcp0").isEqualTo("configured");
    }

    @Test
    void staticLinkWithoutLeaseRunsScripts() throws IOException {
        record("routable", "50-record");
        broker = BrokerProcess.start(sandbox);

        network.staticPair("left0", "192.168.88.1/24", "right0", "192.168.88.2/24");

        int run = records.await(line -> line.equals("50-record routable left0"), EVENT_TIMEOUT);
        Map<String, String> env = records.environment(run);
        assertThat(env.get("ADDR")).as("ADDR of left0").isEqualTo("192.168.88.1");
        assertThat(env).as("environment of left0, which has no lease")
                .doesNotContainKey("DHCP_LEASE")
                .doesNotContainKey("DHCP4_ADDRESS");
    }

    @Test
    void linkFlapRunsNoCarrierThenRoutable() throws IOException {
        record("routable", "50-record");
        record("no-carrier", "50-record");
        broker = BrokerProcess.start(sandbox);
        network.dhcpPair("srv0", "dhcp0");
        int firstRoutable = records.await(run -> run.equals("50-record routable dhcp0"),
                EVENT_TIMEOUT);

        sandbox.exec("ip", "link", "set", "srv0", "down");
        int noCarrier = records.awaitAfter(firstRoutable,
                run -> run.equals("50-record no-carrier dhcp0"), EVENT_TIMEOUT);
        sandbox.exec("ip", "link", "set", "srv0", "up");
        records.awaitAfter(noCarrier, run -> run.equals("50-record routable dhcp0"),
                EVENT_TIMEOUT);

        List<String> dhcp0Runs = records.runs().stream()
                .filter(run -> run.endsWith(" dhcp0"))
                .toList();
        assertThat(dhcp0Runs).as("runs of dhcp0 from the lease to after the flap")
                .containsSubsequence("50-record routable dhcp0", "50-record no-carrier dhcp0",
                        "50-record routable dhcp0");
    }

    @Test
    void linksFilterExcludesPrefixName() throws IOException {
        sandbox.writeFile(CONFIG, """
                [Network]
                Links="nb10"
                """, "0644");
        record("routable", "50-record");
        broker = BrokerProcess.start(sandbox, "--log-level", "debug");

        network.staticPair("nb1", "192.168.88.1/24", "peer1", "192.168.88.2/24");
        network.staticPair("nb10", "192.168.99.1/24", "peer10", "192.168.99.2/24");

        records.await(run -> run.equals("50-record routable nb10"), EVENT_TIMEOUT);
        broker.awaitLog(line -> line.contains("event of excluded link link=nb1 ")
                && line.contains("OperationalState=routable"), EVENT_TIMEOUT);
        assertThat(records.runs()).as("runs; only nb10 is in Links=")
                .containsOnly("50-record routable nb10");
    }

    @Test
    void unsafeScriptsSkippedWithOneWarning() throws IOException {
        sandbox.writeFile(SCRIPTS + "/routable.d/10-not-executable",
                records.recorder("10-not-executable"), "0644");
        sandbox.writeFile(SCRIPTS + "/routable.d/20-group-writable",
                records.recorder("20-group-writable"), "0775");
        record("routable", "50-record");
        broker = BrokerProcess.start(sandbox);

        network.staticPair("left0", "192.168.88.1/24", "right0", "192.168.88.2/24");
        records.await(run -> run.equals("50-record routable left0"), EVENT_TIMEOUT);
        records.await(run -> run.equals("50-record routable right0"), EVENT_TIMEOUT);

        assertThat(records.runs()).as("runs of routable.d")
                .containsOnly("50-record routable left0", "50-record routable right0");
        List<String> warnings = broker.lines().stream()
                .filter(line -> line.contains("WARN script skipped"))
                .toList();
        assertThat(warnings).as("warnings for 10-not-executable, once for two events")
                .filteredOn(line -> line.contains("10-not-executable"))
                .singleElement().asString().contains("not executable");
        assertThat(warnings).as("warnings for 20-group-writable, once for two events")
                .filteredOn(line -> line.contains("20-group-writable"))
                .singleElement().asString().contains("writable by group or others");
    }

    @Test
    void hungScriptKilledAtTimeoutNextRuns() throws IOException {
        sandbox.writeFile(CONFIG, """
                [System]
                ScriptTimeoutSec=2
                """, "0644");
        Path pidFile = sandbox.root().resolve("hung.pid");
        sandbox.writeFile(SCRIPTS + "/routable.d/10-hang", """
                #!/bin/sh
                [ "$2" = left0 ] || exit 0
                sleep 1000 &
                echo $! > %s
                wait
                """.formatted(pidFile), "0755");
        record("routable", "50-record");
        broker = BrokerProcess.start(sandbox);

        network.staticPair("left0", "192.168.88.1/24", "right0", "192.168.88.2/24");
        records.await(run -> run.equals("50-record routable left0"), EVENT_TIMEOUT);

        String timedOut = broker.awaitLog(line -> line.contains("script timed out")
                && line.contains("script=10-hang"), EVENT_TIMEOUT);
        assertThat(timedOut).as("timeout warning").contains("link=left0").contains("timeout=2s");
        String sleeper = Files.readString(pidFile).strip();
        assertThat(awaitGone(sleeper)).as("pids in the sandbox after the timeout, where the"
                + " hung script's child %s was", sleeper).doesNotContain(sleeper);
    }

    /** Waits until a pid is gone from the sandbox, and returns the pids then left. */
    private List<String> awaitGone(String pid) throws IOException {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (true) {
            List<String> pids = sandbox.exec("ps", "-e", "-o", "pid=", "-o", "stat=").lines()
                    .map(String::strip)
                    .filter(line -> !line.endsWith("Z"))
                    .map(line -> line.split("\\s+")[0])
                    .toList();
            if (!pids.contains(pid) || System.nanoTime() > deadline) {
                return pids;
            }
            pause();
        }
    }

    @Test
    void startupTriggersReplayCurrentStates() throws IOException {
        record("routable", "50-record");
        record("configured", "50-record");
        record("manager", "50-record");
        network.dhcpPair("srv0", "dhcp0");
        network.awaitState("dhcp0", "routable", "configured", EVENT_TIMEOUT);

        broker = BrokerProcess.start(sandbox, "--run-startup-triggers");

        int routable = records.await(run -> run.equals("50-record routable dhcp0"),
                EVENT_TIMEOUT);
        records.await(run -> run.equals("50-record configured dhcp0"), EVENT_TIMEOUT);
        records.await(run -> run.equals("50-record routable srv0"), EVENT_TIMEOUT);
        records.await(run -> run.startsWith("50-record routable none"), EVENT_TIMEOUT);
        Map<String, String> env = records.environment(routable);
        assertThat(env.get("DHCP4_ROUTER")).as("DHCP4_ROUTER of the replayed dhcp0 state")
                .isEqualTo(NetworkdSetup.SERVER_ADDRESS);
        assertThat(env).as("state variables of the replayed dhcp0 state")
                .containsKeys(LinkProperties.LINK.toArray(String[]::new));
        assertThat(env.get("AdministrativeState")).as("AdministrativeState of replayed dhcp0")
                .isEqualTo("configured");
        assertThat(env.get("AddressState")).as("AddressState of replayed dhcp0")
                .isEqualTo("routable");
        assertThat(records.runs()).as("runs; lo is excluded without Links=")
                .noneMatch(run -> run.endsWith(" lo"));
    }

    @Test
    void managerScriptsRunOnManagerChanges() throws IOException {
        record("manager", "50-record");
        broker = BrokerProcess.start(sandbox);

        network.staticPair("left0", "192.168.88.1/24", "right0", "192.168.88.2/24");

        int run = records.await(line -> line.equals("50-record routable none"), EVENT_TIMEOUT);
        Map<String, String> env = records.environment(run);
        assertThat(env.get("STATE")).as("STATE of manager.d").isEqualTo("routable");
        assertThat(env.get("OperationalState")).as("OperationalState of manager.d")
                .isEqualTo("routable");
        assertThat(env).as("manager environment has no link").doesNotContainKey("LINK");
    }

    @Test
    void sigtermStopsWithExitZero() throws IOException {
        broker = BrokerProcess.start(sandbox);

        int status = broker.stop(Duration.ofSeconds(30));

        assertThat(status).as("exit status after SIGTERM").isZero();
        assertThat(broker.lines()).as("broker output").anyMatch(line -> line.contains("stopped"));
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
