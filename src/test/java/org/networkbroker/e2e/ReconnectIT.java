package org.networkbroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Restarts the system bus and systemd-networkd under a running broker and checks that a state
 * change that happened while the broker could not see it runs its scripts once, and that
 * states that did not change run nothing again.
 */
@Timeout(120)
class ReconnectIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPTS = "/etc/network-broker";

    private Sandbox sandbox;
    private NetworkdSetup network;
    private ScriptRecords records;
    private BrokerProcess broker;

    @BeforeEach
    void startSandbox() throws IOException {
        sandbox = Sandbox.start();
        network = new NetworkdSetup(sandbox);
        records = new ScriptRecords(sandbox.root().resolve("records"));
        for (String state : List.of("routable", "no-carrier")) {
            sandbox.writeFile(SCRIPTS + "/" + state + ".d/50-record",
                    records.recorder("50-record"), "0755");
        }
    }

    @AfterEach
    void stopSandbox() throws IOException {
        if (broker != null) {
            broker.close();
        }
        sandbox.close();
    }

    @Test
    void busRestartRunsMissedChangeOnce() throws IOException {
        broker = BrokerProcess.start(sandbox);
        network.staticLinkWithUnmanagedPeer("left0", "192.168.88.1/24", "right0");
        int routable = records.await(run -> run.equals("50-record routable left0"),
                EVENT_TIMEOUT);

        // A real dbus.service restart takes networkd down with it; networkd 252 does not
        // reconnect by itself, so systemd would restart it too.
        sandbox.stopBus();
        sandbox.stopNetworkd();
        sandbox.exec("ip", "link", "set", "right0", "down");
        sandbox.startBus();
        sandbox.startNetworkd();

        int noCarrier = records.awaitAfter(routable,
                run -> run.equals("50-record no-carrier left0"), EVENT_TIMEOUT);
        broker.awaitLog(line -> line.contains("reconnected to the system bus"), EVENT_TIMEOUT);
        sandbox.exec("ip", "link", "set", "right0", "up");
        records.awaitAfter(noCarrier, run -> run.equals("50-record routable left0"),
                EVENT_TIMEOUT);

        assertThat(runsOf("left0", routable)).as("runs of left0 after its first routable run,"
                + " across the bus restart")
                .containsExactly("50-record no-carrier left0", "50-record routable left0");
    }

    @Test
    void networkdRestartRunsOnlyChangedStates() throws IOException {
        broker = BrokerProcess.start(sandbox);
        network.staticLinkWithUnmanagedPeer("left0", "192.168.88.1/24", "right0");
        network.staticLinkWithUnmanagedPeer("keep0", "192.168.99.1/24", "keep1");
        int routable = Math.max(
                records.await(run -> run.equals("50-record routable left0"), EVENT_TIMEOUT),
                records.await(run -> run.equals("50-record routable keep0"), EVENT_TIMEOUT));

        sandbox.stopNetworkd();
        sandbox.exec("ip", "link", "set", "right0", "down");
        sandbox.startNetworkd();
        records.awaitAfter(routable, run -> run.equals("50-record no-carrier left0"),
                EVENT_TIMEOUT);
        network.awaitState("keep0", "routable", "configured", EVENT_TIMEOUT);

        // A later change of keep0 queues behind anything the restart caused for keep0, so its
        // run proves that no repeated routable run of keep0 is still pending.
        sandbox.exec("ip", "link", "set", "keep1", "down");
        records.awaitAfter(routable, run -> run.equals("50-record no-carrier keep0"),
                EVENT_TIMEOUT);

        assertThat(runsOf("keep0", routable)).as("runs of keep0 after both links were"
                + " routable; keep0 stayed routable across the networkd restart")
                .containsExactly("50-record no-carrier keep0");
        assertThat(runsOf("left0", routable)).as("runs of left0 after both links were"
                + " routable; left0 lost its carrier while networkd was down")
                .containsExactly("50-record no-carrier left0");
    }

    /** Returns the runs for a link after the given 1-based run number. */
    private List<String> runsOf(String link, int after) throws IOException {
        List<String> runs = records.runs();
        return runs.subList(after, runs.size()).stream()
                .filter(run -> run.endsWith(" " + link))
                .toList();
    }
}
