package org.networkbroker.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway network, mount and PID namespace with its own system bus and a real
 * systemd-networkd, set up by {@code tools/sandbox-init}. Commands run inside through
 * nsenter(1). Closing the sandbox ends its first process, after which the kernel kills every
 * process left in it and removes the namespaces; the host folder is deleted last.
 */
final class Sandbox implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final Path root;
    private final Process unshare;
    private final long initPid;

    private Sandbox(Path root, Process unshare, long initPid) {
        this.root = root;
        this.unshare = unshare;
        this.initPid = initPid;
    }

    /**
     * Starts a sandbox, or skips the calling test when this host cannot run one and the
     * environment variable CI is not {@code true}.
     *
     * @return the running sandbox
     * @throws IOException if starting it fails on a host that should be able to
     */
    static Sandbox start() throws IOException {
        requireHost();
        Path root = Files.createTempDirectory("network-broker-sandbox-");
        Path init = repositoryFile("tools/sandbox-init");
        ProcessBuilder builder = new ProcessBuilder("unshare", "--net", "--mount", "--pid",
                "--fork", "--mount-proc", "--propagation", "private", "--kill-child",
                init.toString(), root.toString())
                .redirectError(root.resolve("sandbox-init.log").toFile());
        Process unshare = builder.start();
        try {
            awaitReady(unshare, root);
            long initPid = unshare.toHandle().children().findFirst()
                    .orElseThrow(() -> new IOException("unshare has no child process"))
                    .pid();
            return new Sandbox(root, unshare, initPid);
        } catch (IOException | RuntimeException e) {
            unshare.destroyForcibly();
            deleteTree(root);
            throw e;
        }
    }

    private static void awaitReady(Process unshare, Path root) throws IOException {
        BufferedReader output = new BufferedReader(
                new InputStreamReader(unshare.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    if (line.equals("sandbox ready")) {
                        return line;
                    }
                }
                return null;
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            line = null;
        }
        if (line == null) {
            String log = Files.exists(root.resolve("sandbox-init.log"))
                    ? Files.readString(root.resolve("sandbox-init.log")) : "";
            throw new IOException("sandbox did not start within " + START_TIMEOUT.toSeconds()
                    + " s; sandbox-init wrote:\n" + log);
        }
    }

    /** Skips, or under CI fails, when the host lacks root or a tool the sandbox needs. */
    private static void requireHost() throws IOException {
        List<String> missing = new ArrayList<>();
        if (!"0".equals(run("id", "-u").strip())) {
            missing.add("root (namespaces and systemd-networkd need it)");
        }
        for (String tool : List.of("unshare", "nsenter", "ip", "dbus-daemon", "busctl",
                "networkctl", "setsid")) {
            if (findOnPath(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        if (Stream.of("/lib/systemd/systemd-networkd", "/usr/lib/systemd/systemd-networkd")
                .noneMatch(path -> Files.isExecutable(Path.of(path)))) {
            missing.add("systemd-networkd (Debian package systemd, or systemd-networkd on"
                    + " Debian 13)");
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "end-to-end test needs " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(message);
    }

    private static Optional<Path> findOnPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin")
                + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":"))
                .map(folder -> Path.of(folder, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            process.waitFor();
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + List.of(command), e);
        }
    }

    /**
     * Resolves a file of this repository, from the Maven project folder.
     *
     * @param relative the path below the repository root
     * @return the absolute path
     */
    static Path repositoryFile(String relative) {
        Path file = Path.of(System.getProperty("user.dir")).resolve(relative).toAbsolutePath();
        if (!Files.exists(file)) {
            throw new IllegalStateException("missing " + file + "; run the tests from the"
                    + " repository root");
        }
        return file;
    }

    /**
     * Returns the host folder of this sandbox, where tests may put files that scripts in the
     * sandbox read or write (the sandbox sees the host's file systems except /etc, /run, /sys
     * and /proc).
     *
     * @return the folder, removed on close
     */
    Path root() {
        return root;
    }

    /**
     * Returns the sandbox's system bus socket as a path on the host. The path goes through
     * the root folder of the sandbox's first process, so a client in the test JVM can connect
     * to the private bus that programs inside reach at /run/dbus/system_bus_socket.
     *
     * @return the socket path, valid while the sandbox runs
     */
    Path busSocket() {
        return Path.of("/proc", Long.toString(initPid), "root", "run", "dbus",
                "system_bus_socket");
    }

    /**
     * Builds the command prefix that runs a program inside the sandbox's namespaces.
     *
     * @param command the program and its arguments
     * @return the full command line for ProcessBuilder
     */
    List<String> inside(List<String> command) {
        List<String> full = new ArrayList<>(List.of("nsenter", "--target", Long.toString(initPid),
                "--net", "--mount", "--pid", "--"));
        full.addAll(command);
        return full;
    }

    /**
     * Runs a command inside and waits for it.
     *
     * @param command the program and its arguments
     * @return the combined stdout and stderr
     * @throws IOException if the command fails, exits non-zero or runs longer than 30 s
     */
    String exec(String... command) throws IOException {
        return execWithInput(null, command);
    }

    /**
     * Runs a command inside with the given stdin and waits for it.
     *
     * @param input the text for stdin, or null for none
     * @param command the program and its arguments
     * @return the combined stdout and stderr
     * @throws IOException if the command fails, exits non-zero or runs longer than 30 s
     */
    String execWithInput(String input, String... command) throws IOException {
        Process process = new ProcessBuilder(inside(List.of(command)))
                .redirectErrorStream(true)
                .start();
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        }
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + COMMAND_TIMEOUT.toSeconds()
                        + " s: " + List.of(command));
            }
            String text = new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("exit " + process.exitValue() + " from "
                        + List.of(command) + ":\n" + text);
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + List.of(command), e);
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            throw new IOException("reading the output of " + List.of(command) + " failed", e);
        }
    }

    /**
     * Runs a command inside and waits for it, whatever its exit status.
     *
     * @param command the program and its arguments
     * @return the exit status and the combined stdout and stderr
     * @throws IOException if the command cannot run or runs longer than 30 s
     */
    Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(inside(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("timed out after " + COMMAND_TIMEOUT.toSeconds()
                        + " s: " + command);
            }
            return new Result(process.exitValue(),
                    new String(output.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command, e);
        } catch (java.util.concurrent.ExecutionException
                | java.util.concurrent.TimeoutException e) {
            throw new IOException("reading the output of " + command + " failed", e);
        }
    }

    /**
     * The outcome of {@link #run}.
     *
     * @param exit the exit status
     * @param output the combined stdout and stderr
     */
    record Result(int exit, String output) {
    }

    /**
     * Writes a file inside the sandbox, creating its folder.
     *
     * @param path the absolute path inside, for example {@code /etc/systemd/network/a.network}
     * @param content the file's text
     * @param mode the octal mode for chmod, for example {@code 0755}
     * @throws IOException if writing fails
     */
    void writeFile(String path, String content, String mode) throws IOException {
        execWithInput(content, "sh", "-c",
                "mkdir -p \"$(dirname \"$1\")\" && cat > \"$1\" && chmod \"$2\" \"$1\"",
                "sh", path, mode);
    }

    /**
     * Stops the sandbox's dbus-daemon and starts a new one on the same socket, as a restart
     * of dbus.service would.
     *
     * @throws IOException if a command fails
     */
    void restartBus() throws IOException {
        stopBus();
        startBus();
    }

    /** Stops the sandbox's dbus-daemon; the socket file stays, refusing connections. */
    void stopBus() throws IOException {
        killAndWait(root.resolve("dbus-daemon.pid"));
    }

    /** Starts a dbus-daemon after {@link #stopBus}. */
    void startBus() throws IOException {
        exec("sh", "-c", "rm -f /run/dbus/system_bus_socket && dbus-daemon --system --fork"
                + " --nopidfile --print-pid > \"$1\"", "sh",
                root.resolve("dbus-daemon.pid").toString());
    }

    /** Stops the sandbox's systemd-networkd. */
    void stopNetworkd() throws IOException {
        killAndWait(root.resolve("systemd-networkd.pid"));
    }

    /** Starts systemd-networkd after {@link #stopNetworkd}, logging to the same file. */
    void startNetworkd() throws IOException {
        exec("sh", "-c", "networkd=/lib/systemd/systemd-networkd;"
                + " [ -x $networkd ] || networkd=/usr/lib/systemd/systemd-networkd;"
                + " SYSTEMD_LOG_LEVEL=debug $networkd >> \"$1/log/systemd-networkd.log\" 2>&1 &"
                + " echo $! > \"$1/systemd-networkd.pid\"", "sh", root.toString());
    }

    /** Sends SIGTERM to a process the sandbox started and waits until it is gone. */
    private void killAndWait(Path pidFile) throws IOException {
        String pid = Files.readString(pidFile).strip();
        // A zombie counts as gone: sandbox-init reaps it when it gets to it.
        exec("sh", "-c", "kill \"$1\"; for i in $(seq 1 100); do"
                + " state=$(awk '/^State:/ { print $2 }' /proc/$1/status 2>/dev/null);"
                + " [ -z \"$state\" ] || [ \"$state\" = Z ] && exit 0; sleep 0.05; done;"
                + " echo \"process $1 did not exit\" >&2; exit 1", "sh", pid);
    }

    /**
     * Returns systemd-networkd's log, for failure messages.
     *
     * @return the log text, or a note that it is missing
     */
    String networkdLog() {
        try {
            return Files.readString(root.resolve("log/systemd-networkd.log"));
        } catch (IOException e) {
            return "(no systemd-networkd log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            // sandbox-init leaves when its stdin closes; the kernel then ends the namespace.
            unshare.getOutputStream().close();
            if (!unshare.waitFor(10, TimeUnit.SECONDS)) {
                unshare.destroyForcibly();
                unshare.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            unshare.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteTree(root);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
