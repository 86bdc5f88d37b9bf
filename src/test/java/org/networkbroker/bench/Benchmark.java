package org.networkbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.freedesktop.dbus.exceptions.DBusException;
import org.networkbroker.e2e.SandboxFlapBenchmark;
import org.networkbroker.fake.LocalBroker;
import org.networkbroker.fake.TempFolders;
import org.opentest4j.TestAbortedException;

/**
 * Runs the benchmark and writes {@code report.md} and {@code report.json}. Run it with
 * {@code tools/benchmark}, from the repository root, after {@code mvn package}.
 *
 * <pre>
 * Benchmark [--quick] [--only PART,...] [--output DIR]
 * </pre>
 *
 * <p>Parts: latency, throughput, storm, startup, memory, flaps. {@code --quick} shortens every
 * part, to try the command; its numbers are not for the record. {@code flaps} needs root and
 * the tools of the end-to-end tests, and is skipped with a reason otherwise.
 */
public final class Benchmark {

    private static final List<String> PARTS = List.of("latency", "throughput", "storm",
            "startup", "memory", "flaps");

    private final boolean quick;
    private final Set<String> parts;
    private final List<String> skipped = new ArrayList<>();

    private Benchmark(boolean quick, Set<String> parts) {
        this.quick = quick;
        this.parts = parts;
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options above
     * @throws Exception if a part fails
     */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<String> parts = new TreeSet<>(PARTS);
        Path output = Path.of("target/benchmark");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--only" -> parts = new TreeSet<>(Arrays.asList(args[++i].split(",")));
                case "--output" -> output = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --quick, --only PART,... or --output DIR");
            }
        }
        if (!PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("unknown part in " + parts + "; expected "
                    + String.join(", ", PARTS));
        }
        BenchmarkReport report = new Benchmark(quick, parts).run();
        report.write(output);
        System.out.println(report.markdown());
        System.out.println("wrote " + output.resolve("report.md") + " and "
                + output.resolve("report.json"));
        // dbus-java's threads of closed connections may linger for a few seconds.
        System.exit(0);
    }

    private BenchmarkReport run() throws IOException, DBusException {
        String date = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Machine machine = Machine.current();
        List<String> launcher = LocalBroker.launcherCommand();

        Distribution floor = null;
        List<LatencyBenchmark.Round> latency = null;
        if (parts.contains("latency")) {
            progress("exec floor");
            floor = execFloor();
            latency = latency();
        }
        List<ThroughputBenchmark.Result> throughput = parts.contains("throughput")
                ? throughput() : null;
        ThroughputBenchmark.Storm storm = null;
        if (parts.contains("storm")) {
            progress("storm of 10,000 signals");
            storm = ThroughputBenchmark.storm(10, 10_000, 32);
        }

        FootprintBenchmark.Startup startup = null;
        if (parts.contains("startup")) {
            progress("start-up");
            startup = FootprintBenchmark.startup(quick ? 3 : 10, launcher);
        }
        FootprintBenchmark.Memory memory = null;
        if (parts.contains("memory")) {
            progress("memory");
            memory = FootprintBenchmark.memory(launcher, quick ? 10_000 : 100_000, 2_000,
                    quick ? Duration.ofSeconds(5) : Duration.ofMinutes(1));
        }
        BenchmarkReport.Flaps flaps = parts.contains("flaps") ? flaps() : null;

        List<Target> targets = Targets.evaluate(latency, throughput, storm, startup, memory);
        return new BenchmarkReport(date, machine, launcherOptions(), floor, latency,
                throughput, storm, startup, memory, flaps, targets, skipped);
    }

    private Distribution execFloor() throws IOException {
        Path folder = Files.createTempDirectory("network-broker-bench-");
        try {
            return LatencyBenchmark.execFloor(folder, quick ? 50 : 200);
        } finally {
            TempFolders.deleteTree(folder);
        }
    }

    private List<LatencyBenchmark.Round> latency() throws IOException, DBusException {
        Duration each = Duration.ofSeconds(quick ? 2 : 10);
        List<LatencyBenchmark.Round> rounds = new ArrayList<>();
        for (int links : List.of(1, 100)) {
            progress("latency over " + links + (links == 1 ? " link" : " links"));
            rounds.addAll(LatencyBenchmark.run(links, List.of(10, 100, 1_000), each));
        }
        return rounds;
    }

    private List<ThroughputBenchmark.Result> throughput() throws IOException, DBusException {
        Duration step = Duration.ofSeconds(quick ? 2 : 4);
        progress("throughput without scripts");
        ThroughputBenchmark.Result none = ThroughputBenchmark.run(false, 100,
                List.of(1_000, 2_000, 5_000, 10_000, 15_000, 20_000, 30_000, 40_000), step);
        progress("throughput with one script");
        ThroughputBenchmark.Result one = ThroughputBenchmark.run(true, 100,
                List.of(50, 100, 200, 400, 600, 800, 1_200, 1_600), step);
        return List.of(none, one);
    }

    private BenchmarkReport.Flaps flaps() throws IOException {
        progress("link flaps in the sandbox");
        try {
            SandboxFlapBenchmark.Result result = SandboxFlapBenchmark.run(quick ? 5 : 30);
            return new BenchmarkReport.Flaps(result.flaps(),
                    Distribution.ofMillis(result.downMillis()),
                    Distribution.ofMillis(result.upMillis()));
        } catch (TestAbortedException e) {
            skipped.add("link flaps on real systemd-networkd: " + e.getMessage());
            return null;
        }
    }

    /**
     * Reads the JVM options of the launcher: its {@code flags=} assignments and the words of
     * its {@code exec "$java"} command lines, without comments and helper functions.
     */
    private static String launcherOptions() throws IOException {
        List<String> words = new ArrayList<>();
        boolean continued = false;
        for (String line : Files.readAllLines(Path.of("distribution/network-broker"))) {
            String code = line.strip();
            if (code.startsWith("#")) {
                continue;
            }
            if (code.startsWith("flags=") || code.startsWith("exec \"$java\"") || continued) {
                words.addAll(Arrays.asList(code.replace("\"", "").split("\\s+")));
            }
            continued = code.endsWith("\\") && (continued || code.startsWith("exec"));
        }
        return words.stream()
                .map(word -> word.startsWith("flags=") ? word.substring("flags=".length()) : word)
                .filter(word -> word.startsWith("-X") || word.startsWith("-D"))
                .distinct()
                .collect(Collectors.joining(" "));
    }

    private static void progress(String part) {
        System.out.println("benchmark: " + part);
    }
}
