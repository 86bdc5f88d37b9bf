package org.networkbroker.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A file that test scripts append one line per run to. The shell writes a short line with one
 * {@code write(2)} to a file opened in append mode, so runs in parallel do not mix their lines.
 */
public final class RunRecords {

    private static final Duration POLL = Duration.ofMillis(20);

    private final Path file;

    /**
     * Creates records kept in a file, which the first run creates.
     *
     * @param file the file
     */
    public RunRecords(Path file) {
        this.file = file;
    }

    /**
     * Returns the file the scripts append to.
     *
     * @return the file
     */
    public Path file() {
        return file;
    }

    /**
     * Returns a script that appends one line and exits with 0.
     *
     * @param line the line, expanded by the shell inside double quotes, for example
     *        {@code $0 $1 $2} for the script's path, state and link
     * @return the script's text
     */
    public String recorder(String line) {
        return """
                #!/bin/sh
                echo "%s" >> '%s'
                """.formatted(line, file);
    }

    /**
     * Returns the lines so far.
     *
     * @return the lines in the order they were appended
     * @throws IOException if the file exists but cannot be read
     */
    public List<String> lines() throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    /**
     * Waits until a line matches.
     *
     * @param matcher the condition on one line
     * @param timeout how long to wait
     * @return the 0-based index of the first matching line
     * @throws IOException if no line matches in time
     */
    public int await(Predicate<String> matcher, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = lines();
            for (int i = 0; i < lines.size(); i++) {
                if (matcher.test(lines.get(i))) {
                    return i;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no matching line in " + file + " within "
                        + timeout.toSeconds() + " s; lines so far:\n" + String.join("\n", lines));
            }
            Pause.sleep(POLL);
        }
    }

    /**
     * Waits until there are at least a number of lines.
     *
     * @param count the number of lines to wait for
     * @param timeout how long to wait
     * @return the lines then
     * @throws IOException if fewer lines are there in time
     */
    public List<String> awaitCount(int count, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> lines = lines();
            if (lines.size() >= count) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + lines.size() + " of " + count + " lines in "
                        + file + " within " + timeout.toSeconds() + " s");
            }
            Pause.sleep(POLL);
        }
    }
}
