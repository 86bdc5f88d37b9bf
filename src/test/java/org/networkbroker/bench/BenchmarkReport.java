package org.networkbroker.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.networkbroker.fake.ProcStatus;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything one benchmark run measured, written as Markdown for people and as JSON for
 * tools. A scenario that did not run is null, and {@code skipped} gives the reason.
 *
 * @param date when the run started, ISO-8601
 * @param machine the host
 * @param launcher the JVM options of {@code distribution/network-broker}
 * @param execFloor starting the recorder script from a JVM through setsid, without a broker
 * @param latency signal sent to script started, per rate and link count
 * @param throughput the rate ladders, without and with a script
 * @param storm the 10,000-signal storm without scripts
 * @param startup process start to ready line
 * @param memory resident memory at start-up, idle and after events
 * @param flaps link flaps on real systemd-networkd
 * @param targets the goals and how the run compares
 * @param skipped why scenarios did not run, one line each
 */
record BenchmarkReport(String date, Machine machine, String launcher, Distribution execFloor,
        List<LatencyBenchmark.Round> latency, List<ThroughputBenchmark.Result> throughput,
        ThroughputBenchmark.Storm storm, FootprintBenchmark.Startup startup,
        FootprintBenchmark.Memory memory, Flaps flaps, List<Target> targets,
        List<String> skipped) {

    /**
     * Link flaps on real systemd-networkd.
     *
     * @param count the down and up pairs
     * @param down ip link down to no-carrier script start
     * @param up ip link up to routable script start
     */
    record Flaps(int count, Distribution down, Distribution up) {
    }

    /**
     * Writes {@code report.md} and {@code report.json} into a folder.
     *
     * @param folder the folder, created if missing
     * @throws IOException if writing fails
     */
    void write(Path folder) throws IOException {
        Files.createDirectories(folder);
        JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(folder.resolve("report.json"), json.writeValueAsString(this) + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
    }

    /**
     * Renders the report as Markdown.
     *
     * @return the text
     */
    String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# network-broker benchmark\n\n");
        out.append("Run ").append(date).append(" on ").append(machine.cpu()).append(", ")
                .append(machine.cores()).append(" cores, Linux ").append(machine.kernel())
                .append(", ").append(machine.jdk()).append(".\n");
        out.append("Launcher options: `").append(launcher).append("`.\n");
        out.append("The load average is the 1-minute figure of /proc/loadavg before and after"
                + " each part; other work on the host shares its cores.\n\n");
        appendTargets(out);
        appendLatency(out);
        appendThroughput(out);
        appendStartupAndMemory(out);
        appendFlaps(out);
        if (!skipped.isEmpty()) {
            out.append("## Not run\n\n");
            skipped.forEach(reason -> out.append("- ").append(reason).append('\n'));
            out.append('\n');
        }
        return out.toString();
    }

    private void appendTargets(StringBuilder out) {
        out.append("## Targets\n\n| measure | goal | measured | result |\n|---|---|---|---|\n");
        for (Target target : targets) {
            out.append("| ").append(target.name()).append(" | ").append(target.goal())
                    .append(" | ").append(target.measured()).append(" | ")
                    .append(target.margin()).append(" |\n");
        }
        out.append('\n');
    }

    private void appendLatency(StringBuilder out) {
        if (latency == null) {
            return;
        }
        out.append("## Signal sent to script started\n\n");
        out.append("The script's first command is `date +%s%N`; the fake networkd reads the"
                + " same clock just before it hands the signal to dbus-java. Signals go round"
                + " robin over the links; a link runs its events one after another.\n\n");
        out.append("| links | rate/s | sent rate/s | signals | scripts started | p50 ms"
                + " | p99 ms | max ms | load |\n|---|---|---|---|---|---|---|---|---|\n");
        for (LatencyBenchmark.Round round : latency) {
            out.append(row(round.links(), round.rate(), round.achievedRate(), round.sent(),
                    round.started(), round.latency().p50(), round.latency().p99(),
                    round.latency().max(), load(round.loadStart(), round.loadEnd())));
        }
        if (execFloor != null) {
            out.append(String.format(Locale.ROOT, "%nFloor without a broker: the same script"
                    + " started through setsid from a JVM, %d runs one at a time: p50 %.2f ms,"
                    + " p99 %.2f ms, max %.2f ms.%n%n", execFloor.count(), execFloor.p50(),
                    execFloor.p99(), execFloor.max()));
        }
    }

    private void appendThroughput(StringBuilder out) {
        if (throughput == null && storm == null) {
            return;
        }
        out.append("## Sustained rate\n\n");
        out.append("A rate is sustained when every signal was handled (the broker's `link"
                + " state changed` line, or its `script finished` line with a script), in order"
                + " per link, without a collapse, and the backlog was gone within 1 s of the"
                + " last signal. CPU columns are CPU time per signal.\n\n");
        for (ThroughputBenchmark.Result result : throughput == null
                ? List.<ThroughputBenchmark.Result>of() : throughput) {
            out.append("### ").append(result.script() ? "One trivial script" : "No scripts")
                    .append(", ").append(result.links()).append(" links: highest sustained ")
                    .append(Target.format(result.maxSustainedRate())).append("/s\n\n");
            out.append("| rate/s | sent rate/s | sent | handled | lost | reordered | collapses"
                    + " | drain ms | sustained | broker µs | dbus-daemon µs | benchmark µs"
                    + " | load |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (ThroughputBenchmark.Step step : result.steps()) {
                out.append(row(step.offeredRate(), step.achievedRate(), step.sent(),
                        step.handled(), step.lost(), step.reordered(), step.collapseWarnings(),
                        step.drainMillis(), step.sustained() ? "yes" : "no",
                        step.brokerMicros(), step.busMicros(), step.benchmarkMicros(),
                        load(step.loadStart(), step.loadEnd())));
            }
            out.append('\n');
        }
        if (storm != null) {
            out.append(String.format(Locale.ROOT, "Storm of %,d signals over %d links without"
                    + " scripts, at most 32 unhandled per link: %,d handled, %d lost,"
                    + " %d reordered, %d collapse warnings, %.2f s, load %s.%n%n", storm.sent(),
                    storm.links(), storm.handled(), storm.lost(), storm.reordered(),
                    storm.collapseWarnings(), storm.seconds(),
                    load(storm.loadStart(), storm.loadEnd())));
        }
    }

    private void appendStartupAndMemory(StringBuilder out) {
        if (startup != null) {
            out.append("## Start-up\n\n");
            out.append(String.format(Locale.ROOT, "Process start to the `ready` log line, which"
                    + " the broker writes just before it sends READY=1, %d launches through the"
                    + " launcher after one unmeasured launch: median %d ms, max %d ms, load %s."
                    + " Each: %s ms.%n%n", startup.launches(), startup.median(), startup.max(),
                    load(startup.loadStart(), startup.loadEnd()), startup.millis()));
        }
        if (memory != null) {
            out.append("## Memory\n\n| point | VmRSS MiB | RssAnon MiB | VmHWM MiB | threads"
                    + " |\n|---|---|---|---|---|\n");
            out.append(memoryRow("ready", memory.ready()));
            out.append(memoryRow("idle for 1 min", memory.idle()));
            out.append(memoryRow(String.format(Locale.ROOT, "after %,d events",
                    memory.events()), memory.afterEvents()));
            out.append("\nLoad ").append(load(memory.loadStart(), memory.loadEnd()))
                    .append(". The events went to ten links without scripts.\n\n");
        }
    }

    private void appendFlaps(StringBuilder out) {
        if (flaps == null) {
            return;
        }
        out.append("## Link flaps on real systemd-networkd\n\n");
        out.append(String.format(Locale.ROOT, "%d flaps of a veth peer in the sandbox of the"
                + " end-to-end tests (broker started with `java -jar`, default JVM options),"
                + " from `ip link set` to the script's first command:%n%n| transition"
                + " | median ms | max ms |%n|---|---|---|%n| down to no-carrier | %.2f | %.2f"
                + " |%n| up to routable | %.2f | %.2f |%n%n", flaps.count(), flaps.down().p50(),
                flaps.down().max(), flaps.up().p50(), flaps.up().max()));
    }

    private static String memoryRow(String point, ProcStatus status) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d |%n", point,
                status.vmRssKiB() / 1024.0, status.rssAnonKiB() / 1024.0,
                status.vmHwmKiB() / 1024.0, status.threads());
    }

    private static String load(double start, double end) {
        return String.format(Locale.ROOT, "%.2f to %.2f", start, end);
    }

    private static String row(Object... cells) {
        StringBuilder row = new StringBuilder("|");
        for (Object cell : cells) {
            String text = cell instanceof Number number ? Target.format(number.doubleValue())
                    : String.valueOf(cell);
            row.append(' ').append(text).append(" |");
        }
        return row.append('\n').toString();
    }
}
