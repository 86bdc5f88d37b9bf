package org.networkbroker.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.exceptions.DBusException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.dispatch.Dispatcher;

/**
 * Runs ten thousand scripts and storms of ten thousand signals through the broker, and checks
 * that it keeps no threads or file descriptors and loses or reorders no event of a link while
 * the link's queue stays within {@link Dispatcher#QUEUE_BOUND}.
 */
@Timeout(600)
class LongRunIT {

    private static final Duration STORM_TIMEOUT = Duration.ofMinutes(5);
    private static final int FIRST_IFINDEX = 1001;
    /**
     * Threads the broker may have beyond its ready state once idle. At the first virtual
     * thread use the JDK starts two threads that stay: a carrier thread of the virtual thread
     * scheduler and the VirtualThread-unparker (seen with JDK 25 on two cores). One more is
     * allowed for a second carrier that has not ended yet. Process reapers and other carriers
     * end after 30 to 60 idle seconds, hence the settle time.
     */
    private static final int THREAD_TOLERANCE = 3;
    /** File descriptors beyond the ready state: none are expected; one for a lazy JDK open. */
    private static final int FILE_TOLERANCE = 1;
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
    /** Unfinished changes allowed per link: below the bound, with room for one running. */
    private static final int WINDOW = Dispatcher.QUEUE_BOUND / 2;

    private BrokerRig rig;
    private LinkStorm storm;

    @BeforeEach
    void startRig() throws IOException, DBusException {
        HostTools.require(HostTools.FAKE_NETWORKD_TOOLS);
        rig = BrokerRig.create();
        Path records = Files.createDirectories(rig.root().resolve("records"));
        storm = new LinkStorm(rig.networkd(), records);
        for (String state : LinkStorm.STATES) {
            rig.writeScript(state, "50-record", storm.recorder());
        }
    }

    @AfterEach
    void closeRig() throws IOException {
        if (rig != null) {
            rig.close();
        }
    }

    private Map<Integer, String> addLinks(int count) throws DBusException {
        Map<Integer, String> links = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            int ifindex = FIRST_IFINDEX + i;
            String name = "storm" + i;
            rig.networkd().addLink(ifindex, name, Map.of("OperationalState", "off",
                    "AddressState", "off", "AdministrativeState", "configured"));
            links.put(ifindex, name);
        }
        return links;
    }

    @Test
    void tenThousandRunsKeepThreadsAndFiles() throws IOException, DBusException {
        Map<Integer, String> links = addLinks(4);
        LocalBroker broker = rig.startBroker();
        ProcStatus ready = broker.status();
        List<String> readyThreads = ProcStatus.threadNames(broker.pid());

        storm.sendPaced(links, 2_500, WINDOW, STORM_TIMEOUT);
        for (String link : links.values()) {
            storm.await(link, 2_500, STORM_TIMEOUT);
        }
        ProcStatus settled = awaitSettled(broker, ready);

        assertThat(settled.openFiles()).as("open file descriptors after 10,000 runs, %d when"
                + " ready", ready.openFiles())
                .isLessThanOrEqualTo(ready.openFiles() + FILE_TOLERANCE);
        assertThat(settled.threads()).as("threads after 10,000 runs and %d s idle, %d when"
                + " ready; ready: %s; now: %s", SETTLE_TIMEOUT.toSeconds(), ready.threads(),
                readyThreads, ProcStatus.threadNames(broker.pid()))
                .isLessThanOrEqualTo(ready.threads() + THREAD_TOLERANCE);
    }

    @Test
    void stormKeepsEventOrderPerLink() throws IOException, DBusException {
        Map<Integer, String> links = addLinks(10);
        LocalBroker broker = rig.startBroker();

        storm.sendPaced(links, 1_000, WINDOW, STORM_TIMEOUT);

        List<String> expected = tokens(1_000);
        for (String link : links.values()) {
            assertThat(storm.await(link, 1_000, STORM_TIMEOUT))
                    .as("AddressState tokens recorded by the runs of %s, in run order", link)
                    .isEqualTo(expected);
        }
        assertThat(broker.count(line -> line.contains("events collapsed")))
                .as("collapse warnings with at most %d unfinished changes per link", WINDOW)
                .isZero();
    }

    @Test
    void overflowCollapsesToLastState() throws IOException, DBusException {
        Map<Integer, String> links = addLinks(1);
        String link = links.values().iterator().next();
        int ifindex = links.keySet().iterator().next();
        // A slow script, so the signals below pile up far beyond the bound.
        rig.writeScript("routable", "40-slow", "#!/bin/sh\nsleep 0.2\n");
        rig.writeScript("degraded", "40-slow", "#!/bin/sh\nsleep 0.2\n");
        int changes = Dispatcher.QUEUE_BOUND * 3;
        LocalBroker broker = rig.startBroker();

        for (int sequence = 0; sequence < changes; sequence++) {
            storm.send(ifindex, sequence);
        }
        String last = LinkStorm.token(changes - 1);
        List<String> recorded = awaitToken(link, last);

        String warning = broker.awaitLog(line -> line.contains(" WARN events collapsed"),
                Duration.ofSeconds(30));
        assertThat(warning).as("collapse warning for %s", link)
                .contains("key=ifindex-" + ifindex)
                .contains("bound=" + Dispatcher.QUEUE_BOUND);
        assertThat(recorded.getLast()).as("last token recorded for %s after %d changes", link,
                changes).isEqualTo(last);
        assertThat(recorded).as("tokens recorded for %s, a subsequence of those sent", link)
                .isSorted()
                .doesNotHaveDuplicates()
                .hasSizeLessThan(changes);
    }

    /** Waits until a token is recorded for a link and returns the records then. */
    private List<String> awaitToken(String link, String token) throws IOException {
        long deadline = System.nanoTime() + STORM_TIMEOUT.toNanos();
        while (true) {
            Path file = storm.file(link);
            List<String> recorded = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (recorded.contains(token)) {
                return recorded;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("token " + token + " of " + link + " not recorded within "
                        + STORM_TIMEOUT.toSeconds() + " s; last records: "
                        + recorded.subList(Math.max(0, recorded.size() - 5), recorded.size()));
            }
            Pause.sleep(Duration.ofMillis(50));
        }
    }

    private static List<String> tokens(int count) {
        List<String> tokens = new ArrayList<>(count);
        for (int sequence = 0; sequence < count; sequence++) {
            tokens.add(LinkStorm.token(sequence));
        }
        return tokens;
    }

    /**
     * Waits until the broker's threads and file descriptors are back within the tolerances of
     * the ready state, or the settle time is over.
     */
    private static ProcStatus awaitSettled(LocalBroker broker, ProcStatus ready)
            throws IOException {
        long deadline = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
        while (true) {
            ProcStatus now = broker.status();
            boolean settled = now.threads() <= ready.threads() + THREAD_TOLERANCE
                    && now.openFiles() <= ready.openFiles() + FILE_TOLERANCE;
            if (settled || System.nanoTime() > deadline) {
                return now;
            }
            Pause.sleep(Duration.ofSeconds(1));
        }
    }
}
