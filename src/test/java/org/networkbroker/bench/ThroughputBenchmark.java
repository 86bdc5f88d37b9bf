package org.networkbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Finds the highest signal rate the broker handles completely. It offers rising rates, each
 * for a few seconds. A rate counts as sustained when every signal was handled, in order per
 * link, without a collapse, and the backlog was gone within a second of the last signal.
 */
final class ThroughputBenchmark {

    private static final int FIRST_IFINDEX = 3001;
    /** A rate whose backlog takes longer than this to clear was not sustained. */
    private static final Duration MAX_DRAIN = Duration.ofSeconds(1);
    /** Time without progress after which a step counts as stalled. */
    private static final Duration STALL = Duration.ofSeconds(5);

    /**
     * One offered rate.
     *
     * @param offeredRate signals per second the fake tried to send
     * @param achievedRate signals per second it did send
     * @param sent the signals sent
     * @param handled the events handled: taken by the dispatcher without scripts, scripts
     *        finished with one
     * @param lost changes skipped per link, as the tokens in the log show
     * @param reordered events handled out of order per link
     * @param collapseWarnings warnings that a link's queue went over the bound
     * @param drainMillis from the last signal sent to the last one handled, or -1 if not all
     *        were handled
     * @param sustained whether the rate counts as handled completely
     * @param brokerMicros the broker's CPU time per signal sent, in µs
     * @param busMicros the dbus-daemon's CPU time per signal sent, in µs
     * @param benchmarkMicros the CPU time per signal of this JVM, which runs the fake
     *        networkd and reads the broker's log, in µs
     * @param loadStart the 1-minute load average before the step
     * @param loadEnd the 1-minute load average after it
     */
    record Step(int offeredRate, double achievedRate, long sent, long handled, long lost,
            long reordered, long collapseWarnings, long drainMillis, boolean sustained,
            double brokerMicros, double busMicros, double benchmarkMicros, double loadStart,
            double loadEnd) {
    }

    /**
     * All steps of one configuration.
     *
     * @param script whether one trivial script ran per event
     * @param links the links the signals were spread over
     * @param steps the steps in the order run; the ladder stops after the first failed one
     * @param maxSustainedRate the highest sustained offered rate, 0 if none
     */
    record Result(boolean script, int links, List<Step> steps, int maxSustainedRate) {
    }

    private final BrokerRig rig;
    private final LinkStorm storm;
    private final HandledEvents handled;
    private final boolean script;
    private final Map<Integer, String> links = new LinkedHashMap<>();
    private long brokerPid;
    private int nextSequence;

    private ThroughputBenchmark(BrokerRig rig, LinkStorm storm, HandledEvents handled,
            boolean script) {
        this.rig = rig;
        this.storm = storm;
        this.handled = handled;
        this.script = script;
    }

    /**
     * Starts a broker through the launcher and climbs the ladder of rates.
     *
     * @param script whether to install one trivial script ({@code exit 0}) per state
     * @param linkCount the links to spread signals over, round robin
     * @param rates the rates to offer, rising
     * @param stepLength how long each rate is offered
     * @return the steps run
     */
    static Result run(boolean script, int linkCount, List<Integer> rates, Duration stepLength)
            throws IOException, DBusException {
        try (BrokerRig rig = BrokerRig.create()) {
            Path records = Files.createDirectories(rig.root().resolve("records"));
            if (script) {
                for (String state : LinkStorm.STATES) {
                    rig.writeScript(state, "10-trivial", "#!/bin/sh\nexit 0\n");
                }
            }
            ThroughputBenchmark benchmark = new ThroughputBenchmark(rig,
                    new LinkStorm(rig.networkd(), records),
                    new HandledEvents(rig.root().resolve("broker.log")), script);
            benchmark.addLinks(linkCount);
            LocalBroker broker = rig.startBroker();
            benchmark.brokerPid = broker.pid();
            List<Step> steps = new ArrayList<>();
            int best = 0;
            for (int rate : rates) {
                Step step = benchmark.step(rate, stepLength);
                steps.add(step);
                if (!step.sustained() || !broker.isAlive()) {
                    break;
                }
                best = rate;
            }
            return new Result(script, linkCount, steps, best);
        }
    }

    /**
     * The result of a storm.
     *
     * @param links the links the signals were spread over
     * @param sent the signals sent
     * @param handled the events the dispatcher took
     * @param lost changes skipped per link
     * @param reordered events handled out of order per link
     * @param collapseWarnings warnings that a link's queue went over the bound
     * @param seconds from the first signal to the last one handled
     * @param loadStart the 1-minute load average before
     * @param loadEnd the 1-minute load average after
     */
    record Storm(int links, long sent, long handled, long lost, long reordered,
            long collapseWarnings, double seconds, double loadStart, double loadEnd) {
    }

    /**
     * Sends a storm of signals without scripts, as fast as the fake can, but never more than
     * {@code window} unhandled ones per link, so no link's queue reaches the collapse bound.
     *
     * @param linkCount the links, round robin
     * @param total the signals to send
     * @param window the unhandled signals allowed per link
     * @return what the broker's log shows
     */
    static Storm storm(int linkCount, int total, int window) throws IOException,
            DBusException {
        try (BrokerRig rig = BrokerRig.create()) {
            Path records = Files.createDirectories(rig.root().resolve("records"));
            HandledEvents handled = new HandledEvents(rig.root().resolve("broker.log"));
            ThroughputBenchmark benchmark = new ThroughputBenchmark(rig,
                    new LinkStorm(rig.networkd(), records), handled, false);
            benchmark.addLinks(linkCount);
            rig.startBroker();
            double loadStart = Machine.loadAverage();
            long start = System.nanoTime();
            List<Map.Entry<Integer, String>> order = List.copyOf(benchmark.links.entrySet());
            for (int i = 0; i < total; i++) {
                Map.Entry<Integer, String> link = order.get(i % order.size());
                int sequence = i / order.size();
                while (sequence - handled.handled(link.getValue()) >= window) {
                    Pause.sleep(Duration.ofMillis(1));
                    handled.poll();
                }
                benchmark.storm.send(link.getKey(), sequence);
            }
            benchmark.awaitHandled(0, 0, total, System.nanoTime());
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Storm(linkCount, total, handled.events(), handled.lost(),
                    handled.reordered(), handled.collapseWarnings(),
                    Math.round(seconds * 100) / 100.0, loadStart, Machine.loadAverage());
        }
    }

    private void addLinks(int count) throws DBusException {
        for (int i = 0; i < count; i++) {
            String name = "rate" + i;
            rig.networkd().addLink(FIRST_IFINDEX + i, name, FakeNetworkd.linkWithoutCarrier());
            links.put(FIRST_IFINDEX + i, name);
        }
    }

    /** What the broker's log showed so far, to subtract at the start of a step. */
    private record Counts(long events, long scripts, long lost, long reordered,
            long collapses) {

        static Counts of(HandledEvents handled) {
            return new Counts(handled.events(), handled.scripts(), handled.lost(),
                    handled.reordered(), handled.collapseWarnings());
        }
    }

    private Step step(int rate, Duration length) throws IOException, DBusException {
        double loadStart = Machine.loadAverage();
        handled.poll();
        Counts before = Counts.of(handled);
        long[] cpuBefore = cpuTimes();
        long total = rate * length.toSeconds();

        double achieved = send(rate, total);
        long lastSent = System.nanoTime();
        long drained = awaitHandled(before.events(), before.scripts(), total, lastSent);
        long[] cpu = cpuTimes();

        Counts after = Counts.of(handled);
        long handledCount = script ? after.scripts() - before.scripts()
                : after.events() - before.events();
        long lost = after.lost() - before.lost();
        long reordered = after.reordered() - before.reordered();
        long collapses = after.collapses() - before.collapses();
        boolean sustained = handledCount == total && lost == 0 && reordered == 0
                && collapses == 0 && drained >= 0 && drained <= MAX_DRAIN.toMillis()
                && achieved >= rate * 0.95;
        return new Step(rate, Math.round(achieved), total, handledCount, lost, reordered,
                collapses, drained, sustained, micros(cpu[0] - cpuBefore[0], total),
                micros(cpu[1] - cpuBefore[1], total), micros(cpu[2] - cpuBefore[2], total),
                loadStart, Machine.loadAverage());
    }

    /**
     * Sends signals round robin over the links at a rate. Each round sends one change to
     * every link, so all links share one sequence.
     *
     * @return the rate reached, in signals per second
     */
    private double send(int rate, long total) throws DBusException {
        Pacer pacer = new Pacer(rate);
        List<Integer> order = List.copyOf(links.keySet());
        for (long i = 0; i < total; i++) {
            if (i > 0 && i % order.size() == 0) {
                nextSequence++;
            }
            pacer.awaitNext();
            storm.send(order.get((int) (i % order.size())), nextSequence);
        }
        nextSequence++;
        return pacer.achievedRate();
    }

    /** Reads the CPU time of the broker, the dbus-daemon and this JVM, in that order. */
    private long[] cpuTimes() throws IOException {
        return new long[] {CpuTime.of(brokerPid), CpuTime.of(rig.bus().pid()),
            CpuTime.of(ProcessHandle.current().pid())};
    }

    private static double micros(long nanos, long signals) {
        return Math.round(nanos / 100.0 / signals) / 10.0;
    }

    /**
     * Waits until all events of the step are handled or progress stops.
     *
     * @return milliseconds from the last send until all were handled, or -1
     */
    private long awaitHandled(long eventsBefore, long scriptsBefore, long total, long lastSent)
            throws IOException {
        long lastProgress = System.nanoTime();
        long previous = -1;
        while (true) {
            handled.poll();
            long count = script ? handled.scripts() - scriptsBefore
                    : handled.events() - eventsBefore;
            if (count >= total) {
                return (System.nanoTime() - lastSent) / 1_000_000;
            }
            // Collapsed events are never handled one by one, so a step with a collapse stalls.
            if (count != previous) {
                previous = count;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                return -1;
            }
            Pause.sleep(Duration.ofMillis(10));
        }
    }
}
