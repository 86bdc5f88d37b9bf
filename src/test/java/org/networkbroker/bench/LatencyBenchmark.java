package org.networkbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.exceptions.DBusException;
import org.networkbroker.fake.BrokerRig;
import org.networkbroker.fake.FakeNetworkd;
import org.networkbroker.fake.LinkStorm;
import org.networkbroker.fake.Pause;
import org.networkbroker.fake.SignalEmitter;

/**
 * Measures the time from a signal leaving the fake networkd to the start of the script it
 * runs. The script's first command is {@code date +%s%N}, and the fake notes the wall-clock
 * time just before it hands the signal to dbus-java, so both ends read CLOCK_REALTIME.
 */
final class LatencyBenchmark {

    /** Time allowed for the last script of a round to start after its signal. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(60);
    private static final int FIRST_IFINDEX = 2001;

    /**
     * One measured round.
     *
     * @param rate the signals per second offered, over all links
     * @param links the number of links the signals were spread over, round robin
     * @param sent the signals sent
     * @param started the scripts that started for them; fewer than sent when a link's queue
     *        went over the collapse bound and merged events
     * @param achievedRate the signals per second the fake really sent
     * @param latency signal sent to script started
     * @param loadStart the 1-minute load average before the round
     * @param loadEnd the 1-minute load average after it
     */
    record Round(int rate, int links, int sent, int started, double achievedRate,
            Distribution latency, double loadStart, double loadEnd) {
    }

    private final BrokerRig rig;
    private final LinkStorm storm;
    private final Path records;
    private final Map<Integer, String> links = new LinkedHashMap<>();
    private final Map<String, Integer> nextSequence = new HashMap<>();

    private LatencyBenchmark(BrokerRig rig, Path records) {
        this.rig = rig;
        this.records = records;
        this.storm = new LinkStorm(rig.networkd(), records);
    }

    /**
     * Returns the script that records its start time and the event's token.
     *
     * @param folder where it appends one line per run to a file named after the link
     * @return the script's text
     */
    static String recorder(Path folder) {
        return """
                #!/bin/sh
                started=$(date +%%s%%N)
                echo "$started $AddressState" >> '%s'/"$LINK"
                """.formatted(folder);
    }

    /**
     * Starts a broker with the recorder in both states the changes alternate between, sends
     * a warm-up round at 100 signals/s, then one round per rate.
     *
     * @param linkCount the links to spread signals over
     * @param rates the rates to measure, in signals per second
     * @param each how long each round sends
     * @return one result per rate
     */
    static List<Round> run(int linkCount, List<Integer> rates, Duration each)
            throws IOException, DBusException {
        try (BrokerRig rig = BrokerRig.create()) {
            Path records = Files.createDirectories(rig.root().resolve("records"));
            for (String state : LinkStorm.STATES) {
                rig.writeScript(state, "50-record", recorder(records));
            }
            LatencyBenchmark benchmark = new LatencyBenchmark(rig, records);
            benchmark.addLinks(linkCount);
            rig.startBroker();
            benchmark.round(100, Duration.ofSeconds(2));
            List<Round> rounds = new ArrayList<>();
            for (int rate : rates) {
                rounds.add(benchmark.round(rate, each));
            }
            return rounds;
        }
    }

    private void addLinks(int count) throws DBusException {
        for (int i = 0; i < count; i++) {
            String name = "lat" + i;
            rig.networkd().addLink(FIRST_IFINDEX + i, name, FakeNetworkd.linkWithoutCarrier());
            links.put(FIRST_IFINDEX + i, name);
            nextSequence.put(name, 0);
        }
    }

    private Round round(int rate, Duration duration) throws IOException, DBusException {
        double loadStart = Machine.loadAverage();
        int total = (int) (rate * duration.toSeconds());
        Map<String, Long> sentAt = new HashMap<>();
        Map<String, String> lastToken = new HashMap<>();
        Pacer pacer = new Pacer(rate);
        List<Map.Entry<Integer, String>> order = List.copyOf(links.entrySet());
        for (int i = 0; i < total; i++) {
            Map.Entry<Integer, String> link = order.get(i % order.size());
            int sequence = nextSequence.merge(link.getValue(), 1, Integer::sum) - 1;
            pacer.awaitNext();
            long sent = storm.send(link.getKey(), sequence);
            sentAt.put(link.getValue() + " " + LinkStorm.token(sequence), sent);
            lastToken.put(link.getValue(), LinkStorm.token(sequence));
        }
        double achieved = pacer.achievedRate();
        awaitTokens(lastToken);
        List<Long> latencies = new ArrayList<>();
        for (String link : lastToken.keySet()) {
            for (String line : Files.readAllLines(records.resolve(link))) {
                String[] fields = line.split(" ");
                Long sent = sentAt.get(link + " " + fields[1]);
                if (sent != null) {
                    latencies.add(Long.parseLong(fields[0]) - sent);
                }
            }
        }
        return new Round(rate, links.size(), total, latencies.size(), achieved,
                Distribution.ofNanos(latencies), loadStart, Machine.loadAverage());
    }

    /** Waits until every link recorded the last token sent to it. */
    private void awaitTokens(Map<String, String> lastToken) throws IOException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        for (Map.Entry<String, String> link : lastToken.entrySet()) {
            Path file = records.resolve(link.getKey());
            String suffix = " " + link.getValue();
            while (!Files.exists(file)
                    || Files.readAllLines(file).stream().noneMatch(l -> l.endsWith(suffix))) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("no script run for " + link.getKey() + " token "
                            + link.getValue() + " within " + DRAIN_TIMEOUT.toSeconds() + " s");
                }
                Pause.sleep(Duration.ofMillis(50));
            }
        }
    }

    /**
     * Measures what the broker cannot go below: starting the recorder the way the broker
     * does, through setsid(1), from this JVM, one run at a time.
     *
     * @param folder a scratch folder
     * @param runs the runs to time
     * @return process start requested to the script's {@code date}
     */
    static Distribution execFloor(Path folder, int runs) throws IOException {
        Path records = Files.createDirectories(folder.resolve("exec-floor"));
        Path script = BrokerRig.writeExecutable(folder.resolve("exec-floor.sh"),
                recorder(records));
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ProcessBuilder builder = new ProcessBuilder("setsid", "--", script.toString())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().clear();
            builder.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "LINK", "floor",
                    "AddressState", LinkStorm.token(i)));
            long sent = SignalEmitter.epochNanos();
            Process process = builder.start();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            List<String> lines = Files.readAllLines(records.resolve("floor"));
            latencies.add(Long.parseLong(lines.getLast().split(" ")[0]) - sent);
        }
        return Distribution.ofNanos(latencies);
    }
}
