package org.networkbroker.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real broker jar, started inside a sandbox with its output in a host file.
 */
final class BrokerProcess implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(50);

    private final Process nsenter;
    private final ProcessHandle broker;
    private final Path log;

    private BrokerProcess(Process nsenter, ProcessHandle broker, Path log) {
        this.nsenter = nsenter;
        this.broker = broker;
        this.log = log;
    }

    /**
     * Starts the broker and waits until it logs that it is ready.
     *
     * @param sandbox where to run it
     * @param arguments command-line arguments for the broker
     * @return the running broker
     * @throws IOException if it cannot start or does not become ready within 30 s
     */
    static BrokerProcess start(Sandbox sandbox, String... arguments) throws IOException {
        return start(sandbox, Map.of(), arguments);
    }

    /**
     * Starts the broker jar with extra environment variables and waits until it is ready.
     *
     * @param sandbox where to run it
     * @param environment variables added to the test's environment
     * @param arguments command-line arguments for the broker
     * @return the running broker
     * @throws IOException if it cannot start or does not become ready within 30 s
     */
    static BrokerProcess start(Sandbox sandbox, Map<String, String> environment,
            String... arguments) throws IOException {
        List<String> command = new ArrayList<>(jarCommand());
        command.addAll(List.of(arguments));
        return startCommand(sandbox, environment, command);
    }

    /**
     * Returns the command that runs the broker jar with the test's JDK.
     *
     * @return {@code java -jar network-broker.jar}
     */
    static List<String> jarCommand() {
        String jar = System.getProperty("networkbroker.jar",
                Sandbox.repositoryFile("target/network-broker.jar").toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-jar", jar);
    }

    /**
     * Starts any command that runs the broker, such as an installed launcher, and waits until
     * it logs that it is ready.
     *
     * @param sandbox where to run it
     * @param environment variables added to the test's environment
     * @param command the command and its arguments
     * @return the running broker
     * @throws IOException if it cannot start or does not become ready within 30 s
     */
    static BrokerProcess startCommand(Sandbox sandbox, Map<String, String> environment,
            List<String> command) throws IOException {
        Path log = sandbox.root().resolve("broker.log");
        ProcessBuilder builder = new ProcessBuilder(sandbox.inside(command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process nsenter = builder.start();
        ProcessHandle broker = awaitChild(nsenter);
        BrokerProcess process = new BrokerProcess(nsenter, broker, log);
        process.awaitLog(line -> line.contains(" ready "), Duration.ofSeconds(30));
        return process;
    }

    /** nsenter forks to enter the PID namespace; the broker is its child. */
    private static ProcessHandle awaitChild(Process nsenter) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var child = nsenter.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            if (!nsenter.isAlive()) {
                throw new IOException("nsenter exited with " + nsenter.exitValue()
                        + " before starting the broker");
            }
            pause();
        }
        throw new IOException("nsenter did not start the broker within 10 s");
    }

    /**
     * Waits until the broker's output has a line that matches.
     *
     * @param matcher the condition on one line
     * @param timeout how long to wait
     * @return the first matching line
     * @throws IOException if no line matches in time, or the broker exits first
     */
    String awaitLog(Predicate<String> matcher, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (String line : lines()) {
                if (matcher.test(line)) {
                    return line;
                }
            }
            if (!nsenter.isAlive()) {
                throw new IOException("broker exited with " + nsenter.exitValue()
                        + " before the expected line; its output:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("broker did not log the expected line within "
                        + timeout.toSeconds() + " s; its output:\n" + output());
            }
            pause();
        }
    }

    /**
     * Returns the broker's output so far.
     *
     * @return the lines
     * @throws IOException if the log file cannot be read
     */
    List<String> lines() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /**
     * Returns the broker's output as one text, for failure messages.
     *
     * @return the output
     */
    String output() {
        try {
            return String.join("\n", lines());
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Sends SIGTERM and waits for the broker to exit.
     *
     * @param timeout how long to wait
     * @return the broker's exit status
     * @throws IOException if it does not exit in time
     */
    int stop(Duration timeout) throws IOException {
        broker.destroy();
        try {
            if (!nsenter.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("broker did not exit within " + timeout.toSeconds()
                        + " s of SIGTERM; its output:\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the broker", e);
        }
        return nsenter.exitValue();
    }

    /**
     * Sends a signal to the broker, as systemctl reload does with SIGHUP.
     *
     * @param signal the signal's name without SIG, for example {@code HUP}
     * @throws IOException if kill(1) fails
     */
    void signal(String signal) throws IOException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(broker.pid()))
                .redirectErrorStream(true).start();
        try {
            if (kill.waitFor() != 0) {
                throw new IOException("kill -" + signal + " " + broker.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling the broker", e);
        }
    }

    @Override
    public void close() {
        broker.destroyForcibly();
        nsenter.destroyForcibly();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
