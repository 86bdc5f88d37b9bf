package org.networkbroker.bench;

import java.util.ArrayList;
import java.util.List;

/** The goals the report compares with: latency, rate, order, memory and start-up. */
final class Targets {

    private Targets() {
    }

    /**
     * Compares the parts that ran with their goals.
     *
     * @return one entry per goal whose part ran
     */
    static List<Target> evaluate(List<LatencyBenchmark.Round> latency,
            List<ThroughputBenchmark.Result> throughput, ThroughputBenchmark.Storm storm,
            FootprintBenchmark.Startup startup, FootprintBenchmark.Memory memory) {
        List<Target> targets = new ArrayList<>();
        if (latency != null) {
            for (LatencyBenchmark.Round round : latency) {
                if (round.rate() == 100) {
                    targets.add(Target.atMost("p99 signal to script start, 100/s over "
                            + round.links() + (round.links() == 1 ? " link" : " links"),
                            round.latency().p99(), 5, "ms", true));
                }
            }
        }
        if (throughput != null) {
            throughput.stream().filter(result -> !result.script()).findFirst()
                    .ifPresent(result -> targets.add(Target.atLeast(
                            "highest sustained rate without scripts",
                            result.maxSustainedRate(), 20_000, "signals/s")));
        }
        if (storm != null) {
            targets.add(Target.atMost("lost or reordered events, 10,000-signal storm",
                    storm.lost() + storm.reordered() + (storm.sent() - storm.handled()), 0,
                    "events", false));
        }
        if (memory != null) {
            targets.add(Target.atMost("VmRSS idle", memory.idle().vmRssKiB() / 1024.0, 48,
                    "MiB", false));
            targets.add(Target.atMost("RssAnon idle", memory.idle().rssAnonKiB() / 1024.0, 22,
                    "MiB", false));
        }
        if (startup != null) {
            targets.add(Target.atMost("process start to ready line, median", startup.median(),
                    350, "ms", true));
        }
        return targets;
    }
}
