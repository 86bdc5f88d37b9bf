package org.networkbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.exceptions.DBusException;
import org.networkbroker.fake.BrokerRig;
import org.networkbroker.fake.FakeNetworkd;
import org.networkbroker.fake.LinkStorm;
import org.networkbroker.fake.LocalBroker;
import org.networkbroker.fake.Pause;
import org.networkbroker.fake.ProcStatus;

/**
 * Measures the broker as the shipped launcher runs it: the time from starting the process to
 * its {@code ready} log line, and its resident memory at start-up, idle, and after many events.
 */
final class FootprintBenchmark {

    private static final int FIRST_IFINDEX = 4001;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Start-up times.
     *
     * @param launches the measured launches, after one unmeasured launch that fills the page
     *        cache and lets the JVM create its class-data sharing archive when the launcher
     *        enables one
     * @param millis process start to ready line of each measured launch, in ms
     * @param median the median, in ms
     * @param max the maximum, in ms
     * @param loadStart the 1-minute load average before the launches
     * @param loadEnd the 1-minute load average after them
     */
    record Startup(int launches, List<Long> millis, long median, long max, double loadStart,
            double loadEnd) {
    }

    /**
     * Memory at the points the report shows.
     *
     * @param ready at the ready line
     * @param idle after a minute without events
     * @param afterEvents right after the events were handled
     * @param events the events handled, without scripts
     * @param loadStart the 1-minute load average before
     * @param loadEnd the 1-minute load average after
     */
    record Memory(ProcStatus ready, ProcStatus idle, ProcStatus afterEvents, int events,
            double loadStart, double loadEnd) {
    }

    private FootprintBenchmark() {
    }

    /**
     * Launches the broker repeatedly on one bus and times each launch to its ready line,
     * which the broker logs once it is subscribed and has read networkd's states.
     *
     * @param launches the launches to measure
     * @param command the launcher or java command
     * @return the times
     */
    static Startup startup(int launches, List<String> command) throws IOException,
            DBusException {
        double loadStart = Machine.loadAverage();
        List<Long> millis = new ArrayList<>();
        try (BrokerRig rig = BrokerRig.create()) {
            rig.networkd().addLink(FIRST_IFINDEX, "start0",
                    FakeNetworkd.linkWithoutCarrier());
            for (int i = 0; i <= launches; i++) {
                long elapsed = launchOnce(rig, command, i);
                if (i > 0) {
                    millis.add(elapsed);
                }
            }
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return new Startup(launches, millis, sorted.get((sorted.size() - 1) / 2),
                sorted.getLast(), loadStart, Machine.loadAverage());
    }

    private static long launchOnce(BrokerRig rig, List<String> command, int number)
            throws IOException {
        Path log = rig.root().resolve("startup-" + number + ".log");
        LocalBroker broker = LocalBroker.launch(command, rig.arguments(), rig.bus().address(),
                log);
        try {
            String ready = broker.awaitLog(LocalBroker::isReadyLine, READY_TIMEOUT);
            // The line starts with its ISO-8601 time; the launch time is taken just before
            // the process is started.
            Instant readyAt = OffsetDateTime.parse(ready.substring(0, ready.indexOf(' ')))
                    .toInstant();
            long elapsed = Duration.between(broker.launchedAt(), readyAt).toMillis();
            broker.stop(Duration.ofSeconds(30));
            return elapsed;
        } finally {
            broker.close();
        }
    }

    /**
     * Starts the broker, reads its memory when ready, after a minute idle and after a number
     * of events over ten links without scripts, sent at a rate it sustains.
     *
     * @param command the launcher or java command
     * @param events the events to send
     * @param rate the signals per second to send them at
     * @param idle how long to wait without events
     * @return the figures
     */
    static Memory memory(List<String> command, int events, int rate, Duration idle)
            throws IOException, DBusException {
        double loadStart = Machine.loadAverage();
        try (BrokerRig rig = BrokerRig.create()) {
            Path records = Files.createDirectories(rig.root().resolve("records"));
            LinkStorm storm = new LinkStorm(rig.networkd(), records);
            Map<Integer, String> links = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) {
                rig.networkd().addLink(FIRST_IFINDEX + i, "mem" + i,
                        FakeNetworkd.linkWithoutCarrier());
                links.put(FIRST_IFINDEX + i, "mem" + i);
            }
            LocalBroker broker = rig.startBroker(command);
            ProcStatus ready = broker.status();
            Pause.sleep(idle);
            ProcStatus idleStatus = broker.status();

            HandledEvents handled = new HandledEvents(broker.logFile());
            Pacer pacer = new Pacer(rate);
            List<Integer> order = List.copyOf(links.keySet());
            for (int i = 0; i < events; i++) {
                pacer.awaitNext();
                storm.send(order.get(i % order.size()), i / order.size());
            }
            awaitEvents(handled, events);
            return new Memory(ready, idleStatus, broker.status(), events, loadStart,
                    Machine.loadAverage());
        }
    }

    private static void awaitEvents(HandledEvents handled, int events) throws IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        handled.poll();
        while (handled.events() < events) {
            if (System.nanoTime() > deadline) {
                throw new IOException("broker handled " + handled.events() + " of " + events
                        + " events within 5 minutes");
            }
            Pause.sleep(Duration.ofMillis(50));
            handled.poll();
        }
    }
}
