package org.networkbroker.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the recording scripts wrote: one line per run in {@code runs.log}
 * ({@code <script> <state> <link>}, in the order the runs started) and the environment of each
 * run in {@code <n>.env}, where n is the line number in {@code runs.log}.
 */
final class ScriptRecords {

    private static final Duration POLL = Duration.ofMillis(50);

    private final Path folder;

    ScriptRecords(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    /**
     * Returns a shell script that records its run into this folder and exits with 0.
     *
     * @param name the name it logs itself under
     * @return the script text
     */
    String recorder(String name) {
        return """
                #!/bin/sh
                # Appends one line per run and saves the environment under the line's number.
                exec 9>>"%1$s/runs.lock"
                flock 9
                echo "%2$s ${1:-none} ${2:-none}" >> "%1$s/runs.log"
                n=$(wc -l < "%1$s/runs.log")
                env > "%1$s/$n.env.part"
                mv "%1$s/$n.env.part" "%1$s/$n.env"
                """.formatted(folder, name);
    }

    /**
     * Returns the runs so far.
     *
     * @return lines {@code <script> <state> <link>} in order
     * @throws IOException if the log cannot be read
     */
    List<String> runs() throws IOException {
        Path runs = folder.resolve("runs.log");
        return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
    }

    /**
     * Waits until a run matches.
     *
     * @param matcher the condition on one {@code runs.log} line
     * @param timeout how long to wait
     * @return the 1-based number of the first matching run
     * @throws IOException if no run matches in time
     */
    int await(Predicate<String> matcher, Duration timeout) throws IOException {
        return awaitAfter(0, matcher, timeout);
    }

    /**
     * Waits until a run after a given one matches.
     *
     * @param after the number of a run; only later runs count
     * @param matcher the condition on one {@code runs.log} line
     * @param timeout how long to wait
     * @return the 1-based number of the first matching run after {@code after}
     * @throws IOException if no run matches in time
     */
    int awaitAfter(int after, Predicate<String> matcher, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> runs = runs();
            for (int i = after; i < runs.size(); i++) {
                if (matcher.test(runs.get(i)) && Files.exists(folder.resolve((i + 1) + ".env"))) {
                    return i + 1;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no matching script run within " + timeout.toSeconds()
                        + " s; runs so far:\n" + String.join("\n", runs));
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /**
     * Returns the environment of one run.
     *
     * @param run the 1-based run number
     * @return the variables by name
     * @throws IOException if the file cannot be read
     */
    Map<String, String> environment(int run) throws IOException {
        Map<String, String> variables = new LinkedHashMap<>();
        for (String line : Files.readAllLines(folder.resolve(run + ".env"))) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                variables.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return variables;
    }
}
