package org.networkbroker.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.opentest4j.TestAbortedException;

/**
 * Times link flaps end to end on a real systemd-networkd in the sandbox of the end-to-end
 * tests: from {@code ip link set right0 down} (or {@code up}) of a veth peer to the start of
 * the {@code no-carrier.d} (or {@code routable.d}) script of the other end, {@code left0}.
 * Both times are wall-clock readings of {@code date +%s%N}: one in the shell that runs ip, just
 * before it, and one as the script's first command.
 */
public final class SandboxFlapBenchmark {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPTS = "/etc/network-broker";

    /**
     * The flaps measured.
     *
     * @param flaps the number of down and up pairs
     * @param downMillis ip link down to no-carrier script start, per flap, in ms
     * @param upMillis ip link up to routable script start, per flap, in ms
     */
    public record Result(int flaps, List<Double> downMillis, List<Double> upMillis) {
    }

    private SandboxFlapBenchmark() {
    }

    /**
     * Runs the flaps in a new sandbox, with the broker jar started as the end-to-end tests
     * start it ({@code java -jar}, default JVM options).
     *
     * @param flaps the number of down and up pairs
     * @return the times
     * @throws IOException if the sandbox fails or a script does not run within 30 s
     * @throws TestAbortedException if the host cannot run the sandbox (no root, a tool
     *         missing) and CI is not {@code true}; its message names what is missing
     */
    public static Result run(int flaps) throws IOException {
        try (Sandbox sandbox = Sandbox.start()) {
            Path records = sandbox.root().resolve("flap-records.log");
            String script = """
                    #!/bin/sh
                    started=$(date +%%s%%N)
                    echo "$started $1 $2" >> %s
                    """.formatted(records);
            sandbox.writeFile(SCRIPTS + "/no-carrier.d/50-time", script, "0755");
            sandbox.writeFile(SCRIPTS + "/routable.d/50-time", script, "0755");
            try (BrokerProcess broker = BrokerProcess.start(sandbox)) {
                new NetworkdSetup(sandbox).staticLinkWithUnmanagedPeer("left0",
                        "192.168.88.1/24", "right0");
                int seen = awaitRecord(records, 0, "routable left0");
                List<Double> down = new ArrayList<>();
                List<Double> up = new ArrayList<>();
                for (int i = 0; i < flaps; i++) {
                    long before = timedIp(sandbox, "down");
                    seen = awaitRecord(records, seen, "no-carrier left0");
                    down.add(millisSince(before, records, seen));
                    before = timedIp(sandbox, "up");
                    seen = awaitRecord(records, seen, "routable left0");
                    up.add(millisSince(before, records, seen));
                }
                return new Result(flaps, down, up);
            }
        }
    }

    /** Runs ip link set right0 down or up inside, and returns the time read just before. */
    private static long timedIp(Sandbox sandbox, String direction) throws IOException {
        String output = sandbox.exec("sh", "-c", "date +%s%N; exec ip link set right0 "
                + direction);
        return Long.parseLong(output.lines().findFirst().orElseThrow().strip());
    }

    /**
     * Waits for a record after the first {@code after} ones that ends with the given state and
     * link.
     *
     * @return the 1-based number of that record
     */
    private static int awaitRecord(Path records, int after, String stateAndLink)
            throws IOException {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (true) {
            List<String> lines = Files.exists(records) ? Files.readAllLines(records) : List.of();
            for (int i = after; i < lines.size(); i++) {
                if (lines.get(i).endsWith(" " + stateAndLink)) {
                    return i + 1;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + stateAndLink + " script run within "
                        + EVENT_TIMEOUT.toSeconds() + " s; records:\n" + String.join("\n", lines));
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private static double millisSince(long before, Path records, int record) throws IOException {
        String line = Files.readAllLines(records).get(record - 1);
        long started = Long.parseLong(line.substring(0, line.indexOf(' ')));
        return Math.round((started - before) / 10_000.0) / 100.0;
    }
}
