package org.networkbroker.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sends the broker signals that systemd-networkd never sends, from the owner of
 * {@code org.freedesktop.network1} and from another connection, and checks that each is
 * ignored with one warning per kind, that nothing runs or appears on disk, and that a valid
 * signal afterwards still runs its script.
 */
@Timeout(120)
class HostileSignalsIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final int IFINDEX = 1001;
    private static final String LINK = "fake1";
    /** Far more than one per rate-limit interval (a minute), sent within seconds. */
    private static final int REPEATS = 50;
    private static final List<String> RECORDED_STATES =
            List.of("routable", "degraded", "carrier", "no-carrier", "configured");

    private BrokerRig rig;
    private RunRecords runs;

    /** A kind of hostile input, the signals that carry it, and its warning line. */
    enum Hostile {
        WRONG_SIGNATURE("reason=\"unexpected signature"),
        NON_STRING_STATE("reason=\"non-string value for OperationalState\""),
        UNKNOWN_INTERFACE("reason=\"unknown interface"),
        UNDECODABLE_PATH("reason=\"undecodable link object path"),
        PATH_TRAVERSAL_STATE("state ignored link=" + LINK),
        TEN_KIB_STATE("state ignored link=" + LINK);

        final String warning;

        Hostile(String warning) {
            this.warning = warning;
        }

        void send(FakeNetworkd networkd, int sequence) throws DBusException {
            switch (this) {
                case WRONG_SIGNATURE -> MalformedSignal.WRONG_SIGNATURE.send(networkd.emitter(),
                        IFINDEX, sequence);
                case NON_STRING_STATE -> MalformedSignal.NON_STRING_STATE.send(
                        networkd.emitter(), IFINDEX, sequence);
                case UNKNOWN_INTERFACE -> MalformedSignal.UNKNOWN_INTERFACE.send(
                        networkd.emitter(), IFINDEX, sequence);
                case UNDECODABLE_PATH -> MalformedSignal.UNDECODABLE_PATH.send(
                        networkd.emitter(), IFINDEX, sequence);
                // Alternating values, because the broker drops a repeat of the known value.
                case PATH_TRAVERSAL_STATE -> networkd.changeLink(IFINDEX, Map.of(
                        "OperationalState", sequence % 2 == 0 ? "../../bin" : "../../sbin"));
                case TEN_KIB_STATE -> networkd.changeLink(IFINDEX, Map.of(
                        "OperationalState", (sequence % 2 == 0 ? "a" : "b").repeat(10 * 1024)));
            }
        }
    }

    @BeforeEach
    void startRig() throws IOException, DBusException {
        HostTools.require(HostTools.FAKE_NETWORKD_TOOLS);
        rig = BrokerRig.create();
        runs = new RunRecords(rig.root().resolve("runs.log"));
        rig.networkd().addLink(IFINDEX, LINK, Map.of("OperationalState", "degraded",
                "AdministrativeState", "configured", "CarrierState", "carrier"));
        for (String state : RECORDED_STATES) {
            rig.writeScript(state, "50-record", runs.recorder("$0 $1 $2"));
        }
        // Where ../../bin would lead from the script root, if a state value became a path.
        Path escaped = Files.createDirectories(rig.root().resolve("bin.d"));
        BrokerRig.writeExecutable(escaped.resolve("50-record"), runs.recorder("$0 $1 $2"));
    }

    @AfterEach
    void closeRig() throws IOException {
        if (rig != null) {
            rig.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Hostile.class)
    void hostileInputIgnoredWithOneWarning(Hostile hostile) throws IOException, DBusException {
        LocalBroker broker = rig.startBroker();
        List<Path> filesBefore = filesOutsideRecords();

        for (int i = 0; i < REPEATS; i++) {
            hostile.send(rig.networkd(), i);
        }
        rig.networkd().changeLink(IFINDEX, Map.of("OperationalState", "routable"));
        runs.await(line -> line.endsWith("/routable.d/50-record routable " + LINK),
                EVENT_TIMEOUT);

        assertThat(runs.lines()).as("script runs after %d signals of kind %s and one valid"
                + " routable signal", REPEATS, hostile)
                .containsExactly(rig.scriptRoot() + "/routable.d/50-record routable " + LINK);
        assertThat(warnings(broker, line -> line.contains(hostile.warning)))
                .as("warnings for %d signals of kind %s; all warnings:\n%s", REPEATS, hostile,
                        String.join("\n", warnings(broker, line -> true)))
                .hasSize(1);
        assertThat(filesOutsideRecords()).as("files in the rig folder after %s", hostile)
                .isEqualTo(filesBefore);
        assertThat(broker.isAlive()).as("broker process after %s", hostile).isTrue();
    }

    @Test
    void signalFromNonOwnerRunsNothing() throws IOException, DBusException {
        LocalBroker broker = rig.startBroker();
        DBusConnection impostor = DBusConnectionBuilder.forAddress(rig.bus().address())
                .withShared(false)
                .build();
        try {
            new SignalEmitter(impostor).propertiesChanged(FakeNetworkd.linkPath(IFINDEX),
                    FakeNetworkd.LINK_INTERFACE,
                    FakeNetworkd.variants(Map.of("OperationalState", "routable")));
            String warning = broker.awaitLog(line -> line.contains(" WARN signal ignored"),
                    EVENT_TIMEOUT);
            assertThat(warning).as("warning for a look-alike signal from %s",
                    impostor.getUniqueName())
                    .contains("does not own org.freedesktop.network1")
                    .contains("sender=" + impostor.getUniqueName());
        } finally {
            impostor.disconnect();
        }

        rig.networkd().changeLink(IFINDEX, Map.of("OperationalState", "routable"));
        runs.await(line -> line.endsWith(" routable " + LINK), EVENT_TIMEOUT);

        assertThat(runs.lines()).as("script runs after the look-alike signal and the owner's"
                + " routable signal")
                .containsExactly(rig.scriptRoot() + "/routable.d/50-record routable " + LINK);
    }

    private static List<String> warnings(LocalBroker broker, Predicate<String> matcher)
            throws IOException {
        return broker.lines().stream()
                .filter(line -> line.contains(" WARN "))
                .filter(matcher)
                .toList();
    }

    /** Lists the rig's files except the broker's log and the run records, which grow. */
    private List<Path> filesOutsideRecords() throws IOException {
        try (Stream<Path> files = Files.walk(rig.root())) {
            return files.filter(path -> !path.equals(runs.file()))
                    .filter(path -> !path.getFileName().toString().equals("broker.log"))
                    .sorted()
                    .toList();
        }
    }
}
