package org.networkbroker.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real broker jar running as a child process of the test, on a private bus, with its
 * output in a file. It starts through the shipped launcher {@code distribution/network-broker}
 * unless the caller gives its own java command line.
 */
public final class LocalBroker implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** The launcher layout made by this JVM, or null before the first launch. */
    private static Path launcherHome;

    private final Process process;
    private final Path log;
    private final LogTail tail;
    private final List<String> lines = new ArrayList<>();
    private final Instant launched;

    private LocalBroker(Process process, Path log, Instant launched) {
        this.process = process;
        this.log = log;
        this.tail = new LogTail(log);
        this.launched = launched;
    }

    /**
     * Returns the jar under test: the system property {@code networkbroker.jar}, which
     * failsafe sets, or {@code target/network-broker.jar} in the working folder.
     *
     * @return the jar's absolute path; {@code lib/} beside it contains its libraries
     */
    public static Path jar() {
        String jar = System.getProperty("networkbroker.jar", "target/network-broker.jar");
        return Path.of(jar).toAbsolutePath();
    }

    /**
     * Returns the folder the launcher keeps its class-data sharing archive in, beside the
     * jar, creating it. It outlives the tests, so that later runs start as an installed
     * broker does after its first stop.
     *
     * @return {@code cds-cache} in the jar's folder
     * @throws IOException if it cannot be created
     */
    public static Path cacheDirectory() throws IOException {
        return Files.createDirectories(jar().getParent().resolve("cds-cache"));
    }

    /**
     * Lays out the jar under test and its libraries as the launcher expects them, in
     * {@code lib/} of {@code launcher-home} beside the jar, as symbolic links. The layout is
     * made again once per test JVM, so it follows the latest build.
     *
     * @return the folder to pass as {@code NETWORK_BROKER_HOME}
     * @throws IOException if the links cannot be made
     */
    static synchronized Path launcherHome() throws IOException {
        Path home = jar().getParent().resolve("launcher-home");
        if (home.equals(launcherHome)) {
            return home;
        }
        Path lib = home.resolve("lib");
        TempFolders.deleteTree(home);
        Files.createDirectories(lib);
        Files.createSymbolicLink(lib.resolve("network-broker.jar"), jar());
        try (var libraries = Files.newDirectoryStream(jar().getParent().resolve("lib"),
                "*.jar")) {
            for (Path library : libraries) {
                Files.createSymbolicLink(lib.resolve(library.getFileName()),
                        library.toAbsolutePath());
            }
        }
        launcherHome = home;
        return home;
    }

    /**
     * Builds the command line of the shipped launcher, {@code distribution/network-broker}
     * of the working folder, which must be the repository root.
     *
     * @return the command, without broker arguments
     */
    public static List<String> launcherCommand() {
        return List.of(Path.of("distribution/network-broker").toAbsolutePath().toString());
    }

    /**
     * Builds a java command line that runs the jar under test with the given JVM options, for
     * comparing options with the launcher's.
     *
     * @param jvmOptions options such as {@code -Xmx64m}
     * @return the command, without broker arguments
     */
    public static List<String> javaCommand(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        return command;
    }

    /**
     * Starts the broker and waits until it logs that it is ready.
     *
     * @param command the launcher or java command, from {@link #launcherCommand} or
     *        {@link #javaCommand}
     * @param arguments the broker's own arguments, such as {@code --script-dir}
     * @param busAddress the address the broker takes as the system bus
     * @param log the file for the broker's stdout and stderr
     * @return the ready broker
     * @throws IOException if it cannot start, exits, or logs no ready line within 30 s
     */
    public static LocalBroker start(List<String> command, List<String> arguments,
            String busAddress, Path log) throws IOException {
        LocalBroker broker = launch(command, arguments, busAddress, log);
        try {
            broker.awaitLog(LocalBroker::isReadyLine, READY_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /**
     * Starts the broker without waiting for it.
     *
     * @param command the launcher or java command
     * @param arguments the broker's own arguments
     * @param busAddress the address the broker takes as the system bus
     * @param log the file for the broker's stdout and stderr
     * @return the starting broker
     * @throws IOException if the process cannot be started
     */
    public static LocalBroker launch(List<String> command, List<String> arguments,
            String busAddress, Path log) throws IOException {
        List<String> full = new ArrayList<>(command);
        full.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        // A fixed environment: nothing from the caller's shell changes the log format or level.
        Map<String, String> environment = builder.environment();
        environment.clear();
        environment.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        environment.put("DBUS_SYSTEM_BUS_ADDRESS", busAddress);
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("NETWORK_BROKER_HOME", launcherHome().toString());
        // As the unit sets it, but in the build folder, never in the host's /var/cache.
        environment.put("NETWORK_BROKER_CDS",
                cacheDirectory().resolve("network-broker.jsa").toString());
        Instant launched = Instant.now();
        return new LocalBroker(builder.start(), log, launched);
    }

    /**
     * Tells whether a log line is the broker's ready line.
     *
     * @param line one line of the broker's text log
     * @return true for the {@code ready bus=...} line
     */
    public static boolean isReadyLine(String line) {
        return line.contains(" INFO ready ");
    }

    /**
     * Returns the process id; the launcher execs java, so it is the JVM's.
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Returns the wall-clock time just before the process was started, to compare with the
     * timestamps of its log lines.
     *
     * @return the launch time
     */
    public Instant launchedAt() {
        return launched;
    }

    /**
     * Returns the file the broker's output goes to.
     *
     * @return the log file
     */
    public Path logFile() {
        return log;
    }

    /**
     * Returns the broker's output so far, read incrementally.
     *
     * @return a copy of all lines written so far
     * @throws IOException if the log cannot be read
     */
    public synchronized List<String> lines() throws IOException {
        lines.addAll(tail.readNew());
        return List.copyOf(lines);
    }

    /**
     * Counts the lines so far that match.
     *
     * @param matcher the condition on one line
     * @return the number of matching lines
     * @throws IOException if the log cannot be read
     */
    public long count(Predicate<String> matcher) throws IOException {
        return lines().stream().filter(matcher).count();
    }

    /**
     * Waits until the output has a line that matches.
     *
     * @param matcher the condition on one line
     * @param timeout how long to wait
     * @return the first matching line
     * @throws IOException if no line matches in time, or the broker exits first
     */
    public String awaitLog(Predicate<String> matcher, Duration timeout) throws IOException {
        return awaitLogAfter(0, matcher, timeout);
    }

    /**
     * Waits until a line after the first {@code skip} lines matches.
     *
     * @param skip the number of lines at the start of the output to ignore
     * @param matcher the condition on one line
     * @param timeout how long to wait
     * @return the first matching line after the skipped ones
     * @throws IOException if no line matches in time, or the broker exits first
     */
    public String awaitLogAfter(int skip, Predicate<String> matcher, Duration timeout)
            throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = skip;
        while (true) {
            List<String> all = lines();
            for (int i = checked; i < all.size(); i++) {
                if (matcher.test(all.get(i))) {
                    return all.get(i);
                }
            }
            checked = Math.max(checked, all.size());
            if (!process.isAlive()) {
                throw new IOException("broker exited with " + process.exitValue()
                        + " before the expected line; its output:\n" + tailText());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("broker logged no expected line within "
                        + timeout.toSeconds() + " s; its output:\n" + tailText());
            }
            Pause.sleep(POLL);
        }
    }

    /**
     * Returns the last 60 lines of output, for failure messages.
     *
     * @return the lines joined by newlines
     */
    public String tailText() {
        try {
            List<String> all = lines();
            return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Reads the broker's memory, thread and file descriptor figures.
     *
     * @return the figures now
     * @throws IOException if the process is gone
     */
    public ProcStatus status() throws IOException {
        return ProcStatus.of(process.pid());
    }

    /**
     * Tells whether the broker process still runs.
     *
     * @return true while it has not exited
     */
    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM and waits for the broker to exit.
     *
     * @param timeout how long to wait
     * @return the exit status
     * @throws IOException if it does not exit in time
     */
    public int stop(Duration timeout) throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("broker did not exit within " + timeout.toSeconds()
                        + " s of SIGTERM; its output:\n" + tailText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the broker", e);
        }
        return process.exitValue();
    }

    /**
     * Kills the broker and the scripts it still has as children, and waits until it is gone.
     * Scripts that already exited may have left background children; tests that start such
     * children end them themselves.
     */
    @Override
    public void close() {
        List<ProcessHandle> scripts = process.descendants().toList();
        process.destroyForcibly();
        scripts.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
