package org.networkbroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.system.DatagramListener;

/**
 * Runs the broker as systemd would run it as a Type=notify service: with a notification
 * socket that the test binds, a watchdog, and reloads by SIGHUP while links change.
 */
@Timeout(180)
class ServiceIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPTS = "/etc/network-broker";
    private static final String CONFIG = SCRIPTS + "/network-broker.toml";

    private Sandbox sandbox;
    private NetworkdSetup network;
    private ScriptRecords records;
    private BrokerProcess broker;
    private DatagramListener listener;

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
        if (listener != null) {
            listener.close();
        }
        sandbox.close();
    }

    /** Waits for the next datagram that contains a line, and returns it. */
    private String awaitNotification(String line, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            Optional<String> message = listener.receive(Duration.ofSeconds(1));
            if (message.isPresent()) {
                seen.add(message.get().replace('\n', '|'));
                if (message.get().lines().anyMatch(line::equals)) {
                    return message.get();
                }
            }
        }
        throw new IOException("no notification with " + line + " within " + timeout.toSeconds()
                + " s; received: " + seen + "\nbroker output:\n" + broker.output());
    }

    @Test
    void notifySocketGetsReadyWatchdogStopping() throws IOException {
        // A path socket: the broker runs in another network namespace, where abstract
        // names of the test's namespace are not visible.
        String socket = sandbox.root().resolve("notify.sock").toString();
        listener = DatagramListener.bind(socket);
        broker = BrokerProcess.start(sandbox, Map.of("NOTIFY_SOCKET", socket,
                "WATCHDOG_USEC", "2000000"));

        String ready = awaitNotification("READY=1", EVENT_TIMEOUT);
        assertThat(ready).as("READY=1 message").contains("STATUS=watching ");
        String watchdog = awaitNotification("WATCHDOG=1", Duration.ofSeconds(10));
        assertThat(watchdog).as("watchdog message").isEqualTo("WATCHDOG=1");
        String status = awaitNotification("STATUS=watching 0 links, 0 events handled,"
                + " 0 scripts failed", Duration.ofSeconds(10));
        assertThat(status).as("status after a heartbeat").startsWith("STATUS=");

        assertThat(broker.stop(EVENT_TIMEOUT)).as("exit status after SIGTERM").isZero();
        String stopping = awaitNotification("STOPPING=1", Duration.ofSeconds(5));
        assertThat(stopping).as("STOPPING=1 message").contains("STATUS=stopping");
    }

    @Test
    void reloadNotifiesReloadingThenReady() throws IOException {
        String socket = sandbox.root().resolve("notify.sock").toString();
        listener = DatagramListener.bind(socket);
        broker = BrokerProcess.start(sandbox, Map.of("NOTIFY_SOCKET", socket));
        awaitNotification("READY=1", EVENT_TIMEOUT);

        broker.signal("HUP");

        String reloading = awaitNotification("RELOADING=1", EVENT_TIMEOUT);
        assertThat(reloading).as("reloading message").containsPattern("MONOTONIC_USEC=[0-9]+");
        awaitNotification("READY=1", EVENT_TIMEOUT);
        broker.awaitLog(line -> line.contains("reloaded config="), EVENT_TIMEOUT);
    }

    @Test
    void reloadUnderLoadLosesNoEvent() throws IOException, InterruptedException {
        sandbox.writeFile(CONFIG, """
                [Network]
                Links="left0 left1 left2 left3 left4"
                """, "0644");
        sandbox.writeFile(SCRIPTS + "/routable.d/50-record", records.recorder("50-record"),
                "0755");
        broker = BrokerProcess.start(sandbox);

        // SIGHUP every 100 ms while links come up, as a reload storm would.
        AtomicBoolean reloading = new AtomicBoolean(true);
        AtomicInteger signals = new AtomicInteger();
        Thread hangups = Thread.ofVirtual().start(() -> {
            while (reloading.get()) {
                try {
                    broker.signal("HUP");
                    signals.incrementAndGet();
                    Thread.sleep(100);
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        });
        try {
            for (int i = 0; i < 3; i++) {
                network.staticPair("left" + i, "192.168.9" + i + ".1/24", "right" + i,
                        "192.168.9" + i + ".2/24");
            }
            // right0 to right2 must be routable, and their events handled under the first
            // Links=, before the file changes.
            for (int i = 0; i < 3; i++) {
                String left = "50-record routable left" + i;
                records.await(left::equals, EVENT_TIMEOUT);
                network.awaitState("right" + i, "routable", "configured", EVENT_TIMEOUT);
            }
            Thread.sleep(1000);
            sandbox.writeFile(CONFIG, """
                    [System]
                    LogLevel="debug"

                    [Network]
                    Links="left0 left1 left2 left3 left4 right3 right4"
                    """, "0644");
            broker.awaitLog(line -> line.contains("reloaded config=")
                    && line.contains("right4"), EVENT_TIMEOUT);
            for (int i = 3; i < 5; i++) {
                network.staticPair("left" + i, "192.168.9" + i + ".1/24", "right" + i,
                        "192.168.9" + i + ".2/24");
            }
            List<String> expected = List.of("left0", "left1", "left2", "left3", "left4",
                    "right3", "right4");
            for (String link : expected) {
                records.await(run -> run.equals("50-record routable " + link), EVENT_TIMEOUT);
            }
        } finally {
            reloading.set(false);
            hangups.join();
        }
        assertThat(signals.get()).as("SIGHUPs sent while links came up").isGreaterThan(5);
        assertThat(records.runs()).as("runs; right0 to right2 were created before Links="
                + " listed right3 and right4").doesNotContain("50-record routable right0",
                "50-record routable right1", "50-record routable right2");
        assertThat(broker.lines()).as("broker output after LogLevel=debug")
                .anyMatch(line -> line.contains(" DEBUG "));

        // An invalid file is reported and the running configuration stays.
        sandbox.writeFile(CONFIG, """
                [System]
                LogLevel="verbose"
                """, "0644");
        int before = records.runs().size();
        broker.signal("HUP");
        String failed = broker.awaitLog(line -> line.contains("reload failed"), EVENT_TIMEOUT);
        assertThat(failed).as("reload error").contains("invalid LogLevel \"verbose\"");
        sandbox.exec("ip", "link", "set", "left4", "down");
        sandbox.exec("ip", "link", "set", "left4", "up");
        int again = records.awaitAfter(before, run -> run.equals("50-record routable right4"),
                EVENT_TIMEOUT);
        assertThat(again).as("run of right4 after the rejected reload").isGreaterThan(before);
    }
}
