package org.networkbroker.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.freedesktop.dbus.exceptions.DBusException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.system.ProcessGroups;

/**
 * Runs scripts that misbehave as processes: one leaves background children holding its
 * stdout, one writes 100 MB to stdout. The broker must go on with the next event, kill the
 * children with their process group at the time limit, and keep its memory bounded.
 */
@Timeout(120)
class ScriptProcessesIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final int IFINDEX = 1001;
    private static final String LINK = "fake1";
    private static final int TIMEOUT_SECONDS = 5;
    private static final long FLOOD_BYTES = 100_000_000;
    /** The 1001-byte lines that fit in the 64 KiB the broker logs per stream: 65 lines. */
    private static final long OUTPUT_LOGGED = 65 * 1001;
    /** Far below 100 MB, far above what reading and dropping the output in 8 KiB reads costs. */
    private static final long MAX_GROWTH_KIB = 60 * 1024;

    private BrokerRig rig;
    private RunRecords runs;
    private final List<Path> childPidFiles = new ArrayList<>();
    private final List<Path> groupFiles = new ArrayList<>();

    @BeforeEach
    void startRig() throws IOException, DBusException {
        HostTools.require(HostTools.FAKE_NETWORKD_TOOLS);
        rig = BrokerRig.create();
        runs = new RunRecords(rig.root().resolve("runs.log"));
        rig.writeConfig("""
                [System]
                ScriptTimeoutSec = %d
                """.formatted(TIMEOUT_SECONDS));
        rig.networkd().addLink(IFINDEX, LINK, Map.of("OperationalState", "no-carrier",
                "AdministrativeState", "configuring"));
    }

    @AfterEach
    void closeRig() throws IOException {
        try {
            for (Path pidFile : childPidFiles) {
                backgroundChild(pidFile).ifPresent(ProcessHandle::destroyForcibly);
            }
            // The subshell's own sleep is in the group too, and its pid is not recorded.
            for (Path groupFile : groupFiles) {
                if (Files.exists(groupFile)) {
                    ProcessGroups.kill(Long.parseLong(Files.readString(groupFile).strip()),
                            ProcessGroups.SIGKILL);
                }
            }
        } finally {
            if (rig != null) {
                rig.close();
            }
        }
    }

    @Test
    void backgroundChildHoldingStdoutKilledAtTimeout() throws IOException, DBusException {
        Path sleeper = rig.root().resolve("sleeper.pid");
        Path subshell = rig.root().resolve("subshell.pid");
        Path group = rig.root().resolve("group.pid");
        childPidFiles.add(sleeper);
        childPidFiles.add(subshell);
        groupFiles.add(group);
        rig.writeScript("routable", "10-spawn", """
                #!/bin/sh
                # setsid made this script the leader of its own process group.
                echo $$ > '%s'
                sleep 1000 &
                echo $! > '%s'
                (sleep 1000; echo never) &
                echo $! > '%s'
                %s
                """.formatted(group, sleeper, subshell,
                        "echo spawned >> '" + runs.file() + "'"));
        rig.writeScript("degraded", "50-record", runs.recorder("degraded $2"));
        LocalBroker broker = rig.startBroker();

        rig.networkd().changeLink(IFINDEX, Map.of("OperationalState", "routable"));
        runs.await(line -> line.equals("spawned"), EVENT_TIMEOUT);
        rig.networkd().changeLink(IFINDEX, Map.of("OperationalState", "degraded"));
        runs.await(line -> line.equals("degraded " + LINK), EVENT_TIMEOUT);

        // The next event ran while the children still held the output: it did not wait for
        // the time limit. Only then are the children killed.
        assertThat(backgroundChild(sleeper)).as("sleep child of 10-spawn when the next event"
                + " of %s ran, before the %d s limit", LINK, TIMEOUT_SECONDS).isPresent();
        assertThat(backgroundChild(subshell)).as("subshell child of 10-spawn when the next"
                + " event of %s ran", LINK).isPresent();
        String killed = broker.awaitLog(line -> line.contains("script left children holding"
                + " its output") && line.contains("script=10-spawn"), EVENT_TIMEOUT);
        assertThat(killed).as("warning about the children of 10-spawn")
                .contains("link=" + LINK);
        awaitGone(sleeper);
        awaitGone(subshell);
        assertThat(backgroundChild(sleeper)).as("sleep child after the time limit").isEmpty();
        assertThat(backgroundChild(subshell)).as("subshell child after the time limit")
                .isEmpty();
    }

    @Test
    void hundredMegabytesOfOutputKeepMemoryBounded() throws IOException, DBusException {
        rig.writeScript("carrier", "10-warm-up", """
                #!/bin/sh
                echo warm-up
                """);
        rig.writeScript("routable", "10-flood", """
                #!/bin/sh
                # Lines of 1000 digits, so the log takes only the first 64 KiB, about 65 lines.
                yes "$(printf '%%01000d' 0)" | head -c %d
                """.formatted(FLOOD_BYTES));
        LocalBroker broker = rig.startBroker();
        // One run first, so that the classes and buffers of a script run are in the baseline.
        rig.networkd().changeLink(IFINDEX, Map.of("OperationalState", "carrier"));
        broker.awaitLog(line -> line.contains("script finished") && line.contains("10-warm-up"),
                EVENT_TIMEOUT);
        ProcStatus before = broker.status();

        rig.networkd().changeLink(IFINDEX, Map.of("OperationalState", "routable"));
        String truncated = broker.awaitLog(line -> line.contains("script output truncated")
                && line.contains("script=10-flood"), EVENT_TIMEOUT);
        broker.awaitLog(line -> line.contains("script finished") && line.contains("10-flood"),
                EVENT_TIMEOUT);
        ProcStatus after = broker.status();

        assertThat(truncated).as("truncation note of 10-flood")
                .contains("stream=stdout")
                .contains("logged=" + OUTPUT_LOGGED)
                .contains("dropped=" + (FLOOD_BYTES - OUTPUT_LOGGED));
        assertThat(after.vmRssKiB() - before.vmRssKiB())
                .as("VmRSS growth in KiB over 100 MB of output (before %s, after %s)", before,
                        after)
                .isLessThan(MAX_GROWTH_KIB);
        assertThat(after.vmHwmKiB() - before.vmRssKiB())
                .as("peak VmRSS (VmHWM) above the baseline in KiB (before %s, after %s)",
                        before, after)
                .isLessThan(MAX_GROWTH_KIB);
    }

    /** Returns a live background child whose pid a script wrote, if it is still a sleeper. */
    private static Optional<ProcessHandle> backgroundChild(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        String text = Files.readString(pidFile).strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        // Checks the command too, so a reused pid is never taken for the child.
        return ProcessHandle.of(Long.parseLong(text))
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().orElse("").contains("sleep")
                        || process.info().command().orElse("").endsWith("sh"));
    }

    private static void awaitGone(Path pidFile) throws IOException {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (backgroundChild(pidFile).isPresent() && System.nanoTime() < deadline) {
            Pause.sleep(Duration.ofMillis(50));
        }
    }
}
