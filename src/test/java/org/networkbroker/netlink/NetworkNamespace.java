package org.networkbroker.netlink;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh network namespace that belongs to one dedicated platform thread, for integration
 * tests that change links, addresses, routes and rules without touching the host.
 *
 * <p>Why this design: a JVM cannot move itself into another network namespace, because its
 * other threads would stay behind. But unshare(CLONE_NEWNET) affects only the calling thread,
 * and a netlink socket stays in the namespace of the thread that created it, whichever thread
 * uses it later. So the test runs {@code RtnetlinkClient.open} and {@code NetlinkMonitor.start}
 * on this thread through {@link #call}, and then uses the objects from the test thread. A
 * helper JVM under {@code unshare --net} would need a protocol to report its results back;
 * this needs none. The namespace has no name under /run/netns and disappears when the thread
 * has ended and its last socket is closed, even when the test fails.
 *
 * <p>The {@code ip} commands that create the observed state run as
 * {@code nsenter --net=/proc/PID/task/TID/ns/net ip ...}.
 */
public final class NetworkNamespace implements AutoCloseable {

    private static final int CLONE_NEWNET = 0x40000000;
    private static final long COMMAND_TIMEOUT_SECONDS = 20;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_STATE.varHandle(groupElement("errno"));
    private static final MethodHandle UNSHARE = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("unshare"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));
    private static final MethodHandle GETTID = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("gettid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("geteuid"), FunctionDescriptor.of(JAVA_INT));

    private final ExecutorService thread;
    private final Path namespacePath;
    private final String nsenter;
    private final String ip;

    private NetworkNamespace(ExecutorService thread, Path namespacePath, String nsenter,
            String ip) {
        this.thread = thread;
        this.namespacePath = namespacePath;
        this.nsenter = nsenter;
        this.ip = ip;
    }

    /**
     * Creates a namespace, or skips the test with the reason when the host cannot: not root,
     * no {@code ip} or {@code nsenter}, or unshare(2) fails. With {@code CI=true} in the
     * environment these reasons fail the test instead, because CI must run it.
     */
    public static NetworkNamespace create() throws Exception {
        Optional<String> ip = findProgram("ip");
        requireHost(ip.isPresent(), "ip (iproute2) not found in PATH");
        Optional<String> nsenter = findProgram("nsenter");
        requireHost(nsenter.isPresent(), "nsenter (util-linux) not found in PATH");
        requireHost(geteuid() == 0, "not running as root (euid " + geteuid()
                + "), which creating a network namespace needs");
        ExecutorService thread = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("netns-test").daemon(true).factory());
        try {
            int tid = thread.submit(NetworkNamespace::unshareNetwork).get();
            Path path = Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "task",
                    Integer.toString(tid), "ns", "net");
            return new NetworkNamespace(thread, path, nsenter.get(), ip.get());
        } catch (ExecutionException e) {
            thread.shutdownNow();
            requireHost(false, "unshare(CLONE_NEWNET) failed: " + e.getCause().getMessage());
            throw e;
        }
    }

    /**
     * Runs a task on the namespace's thread, so that sockets it opens belong to the namespace.
     */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return thread.submit(task).get(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Runs {@code ip} with the arguments inside the namespace.
     *
     * @throws AssertionError if ip exits with a status other than 0, with its output
     */
    public void ip(String... arguments) throws IOException, InterruptedException {
        ipWithInput(null, arguments);
    }

    /**
     * Runs {@code ip} with the arguments inside the namespace and returns what it printed.
     *
     * @throws AssertionError if ip exits with a status other than 0, with its output
     */
    public String ipOutput(String... arguments) throws IOException, InterruptedException {
        return ipWithInput(null, arguments);
    }

    /**
     * Returns the namespace file, for {@code ip link set LINK netns PATH} from another
     * namespace.
     */
    public Path path() {
        return namespacePath;
    }

    /**
     * Sets a sysctl of this namespace, such as {@code net/ipv4/conf/all/rp_filter}. The file
     * is written from the namespace's thread, because /proc/sys/net shows the network
     * namespace of the thread that opens it.
     */
    public void writeSysctl(String name, String value) throws Exception {
        call(() -> Files.writeString(Path.of("/proc/sys", name), value));
    }

    /** Runs {@code ip} inside the namespace with text on its standard input. */
    String ipWithInput(String input, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(nsenter, "--net=" + namespacePath, ip));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail("timed out after " + COMMAND_TIMEOUT_SECONDS + " s: " + command);
        }
        if (process.exitValue() != 0) {
            Assertions.fail(command + " failed with exit " + process.exitValue() + ": "
                    + output.strip());
        }
        return output;
    }

    /** Ends the namespace's thread. The namespace goes away once its sockets are closed. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        if (!thread.awaitTermination(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("namespace thread did not end");
        }
    }

    private static void requireHost(boolean condition, String reason) {
        if (condition) {
            return;
        }
        String message = "namespace integration test cannot run: " + reason;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message + " (CI=true, so this is a failure, not a skip)");
        }
        Assumptions.abort(message);
    }

    private static Optional<String> findProgram(String name) {
        List<String> directories = new ArrayList<>(
                List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return directories.stream()
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, name))
                .filter(Files::isExecutable)
                .map(Path::toString)
                .findFirst();
    }

    /** Moves the calling thread into a new network namespace and returns its thread id. */
    private static int unshareNetwork() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int result = (int) UNSHARE.invokeExact(state, CLONE_NEWNET);
            if (result != 0) {
                throw new ErrnoException("unshare", (int) ERRNO.get(state, 0L),
                        "create network namespace for test", null);
            }
            return (int) GETTID.invokeExact();
        } catch (ErrnoException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("downcall threw a checked exception", e);
        }
    }

    private static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("geteuid failed", e);
        }
    }
}
