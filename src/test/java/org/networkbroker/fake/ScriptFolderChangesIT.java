package org.networkbroker.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.exceptions.DBusException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Changes script folders under a running broker: a thousand scripts in one folder, a folder
 * deleted and created again, and a script replaced while it runs.
 */
@Timeout(300)
class ScriptFolderChangesIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final int IFINDEX = 1001;
    private static final String LINK = "fake1";

    private BrokerRig rig;
    private RunRecords runs;

    @BeforeEach
    void startRig() throws IOException, DBusException {
        HostTools.require(HostTools.FAKE_NETWORKD_TOOLS);
        rig = BrokerRig.create();
        runs = new RunRecords(rig.root().resolve("runs.log"));
        rig.networkd().addLink(IFINDEX, LINK, Map.of("OperationalState", "off",
                "AdministrativeState", "configured"));
    }

    @AfterEach
    void closeRig() throws IOException {
        if (rig != null) {
            rig.close();
        }
    }

    private void change(String operationalState) throws DBusException {
        rig.networkd().changeLink(IFINDEX, Map.of("OperationalState", operationalState));
    }

    @Test
    void thousandScriptsRunInByteOrder() throws IOException, DBusException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 1_000; i++) {
            names.add(i + "-run");
        }
        for (String name : names) {
            rig.writeScript("routable", name, runs.recorder(name));
        }
        rig.startBroker();

        change("routable");
        List<String> recorded = runs.awaitCount(1_000, Duration.ofMinutes(4));

        // Byte order, as C's strcmp: 1000-run sorts before 2-run.
        List<String> expected = names.stream().sorted().toList();
        assertThat(recorded).as("runs of routable.d with 1,000 scripts for one event")
                .isEqualTo(expected);
    }

    @Test
    void deletedFolderCreatedAgainRuns() throws IOException, DBusException {
        rig.writeScript("routable", "50-first", runs.recorder("first"));
        rig.writeScript("degraded", "50-mark", runs.recorder("mark"));
        LocalBroker broker = rig.startBroker();
        change("routable");
        runs.await(line -> line.equals("first"), EVENT_TIMEOUT);

        TempFolders.deleteTree(rig.scriptRoot().resolve("routable.d"));
        change("degraded");
        change("routable");
        // Events of a link run in order, so this mark follows the routable event without a folder.
        change("degraded");
        awaitCount("mark", 2);
        rig.writeScript("routable", "60-second", runs.recorder("second"));
        change("routable");
        runs.await(line -> line.equals("second"), EVENT_TIMEOUT);

        assertThat(runs.lines()).as("runs across the deletion and new creation of routable.d")
                .containsExactly("first", "mark", "mark", "second");
        assertThat(broker.count(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
                .as("warnings and errors about the missing routable.d; output:\n%s",
                        broker.tailText())
                .isZero();
    }

    @Test
    void scriptReplacedWhileRunning() throws IOException, DBusException {
        Path release = rig.root().resolve("release");
        Path script = rig.writeScript("routable", "50-replaced", """
                #!/bin/sh
                echo old-start >> '%1$s'
                while [ ! -e '%2$s' ]; do sleep 0.05; done
                echo old-end >> '%1$s'
                """.formatted(runs.file(), release));
        rig.startBroker();
        change("routable");
        runs.await(line -> line.equals("old-start"), EVENT_TIMEOUT);

        // A package manager writes the new version beside the old one and renames it over.
        Path staged = BrokerRig.writeExecutable(script.resolveSibling(".50-replaced.new"),
                runs.recorder("new"));
        Files.move(staged, script, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        Files.createFile(release);
        runs.await(line -> line.equals("old-end"), EVENT_TIMEOUT);
        change("degraded");
        change("routable");
        runs.await(line -> line.equals("new"), EVENT_TIMEOUT);

        assertThat(runs.lines()).as("runs of 50-replaced, renamed over while its old version"
                + " ran").containsExactly("old-start", "old-end", "new");
    }

    private void awaitCount(String line, int count) throws IOException {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (runs.lines().stream().filter(line::equals).count() < count) {
            if (System.nanoTime() > deadline) {
                throw new IOException("fewer than " + count + " lines \"" + line + "\" within "
                        + EVENT_TIMEOUT.toSeconds() + " s: " + runs.lines());
            }
            Pause.sleep(Duration.ofMillis(20));
        }
    }
}
