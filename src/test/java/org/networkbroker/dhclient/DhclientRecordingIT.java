package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records lease files with real ISC dhclient and dnsmasq in throwaway network namespaces
 * (tools/record-dhclient-leases) and parses them. Needs root and the Debian packages
 * isc-dhcp-client, dnsmasq-base and iproute2. Without them the test is skipped with the reason,
 * except when the environment variable CI is {@code true}: then it fails.
 */
class DhclientRecordingIT {

    private static final Path SCRIPT = Path.of("tools", "record-dhclient-leases").toAbsolutePath();
    /** Directories searched for the tools, besides PATH, because sudo and CI may leave sbin out. */
    private static final List<String> SYSTEM_BIN =
            List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");
    private static final long RECORD_TIMEOUT_SECONDS = 150;

    @Test
    @Timeout(value = 200, unit = TimeUnit.SECONDS)
    void recordedLeaseFilesParse(@TempDir Path folder) throws Exception {
        requireEnvironment();
        String name = "nb-dhcp-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3));

        record(folder, name);

        Instant now = Instant.now();
        LeaseFile leases = parseComplete(folder.resolve("dhclient.leases"));
        assertThat(leases.malformed()).isEmpty();
        var effective = leases.effectiveLeases(now);
        assertThat(effective.sequencedKeySet()).containsExactlyInAnyOrder("nbc0", "nbc1");
        DhcpLease nbc0 = effective.get("nbc0");
        assertThat(nbc0.fixedAddress().getHostAddress()).isEqualTo("192.0.2.77");
        assertThat(nbc0.routers()).extracting(address -> address.getHostAddress())
                .containsExactly("192.0.2.1");
        assertThat(nbc0.hostName()).hasValue("nb-client");
        assertThat(nbc0.options().get("nis-domain").elements()).containsExactly("café\tnis");
        assertThat(nbc0.expire()).isAfter(now);
        assertThat(leases.leases()).filteredOn(lease -> lease.interfaceName().equals("nbc0"))
                .hasSizeGreaterThanOrEqualTo(2);

        LeaseFile epoch = parseComplete(folder.resolve("dhclient-epoch.leases"));
        assertThat(epoch.malformed()).isEmpty();
        assertThat(Files.readString(folder.resolve("dhclient-epoch.leases"))).contains("epoch ");
        assertThat(epoch.leases()).as("rewritten leases").contains(nbc0);

        LeaseFile dhcp6 = parseComplete(folder.resolve("dhclient6.leases"));
        assertThat(dhcp6.malformed()).isEmpty();
        assertThat(dhcp6.lease6BlockCount()).isEqualTo(1);
        assertThat(dhcp6.defaultDuid()).isPresent();
    }

    private static LeaseFile parseComplete(Path file) throws IOException {
        LeaseFileResult result = LeaseFileParser.parse(file);
        assertThat(result).as("result of %s", file).isInstanceOf(LeaseFile.class);
        return (LeaseFile) result;
    }

    /** Runs the recording script and cleans up after it, also when it fails or times out. */
    private static void record(Path folder, String name) throws Exception {
        Path log = folder.resolve("record.log");
        ProcessBuilder builder = new ProcessBuilder(SCRIPT.toString(), folder.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("NB_DHCP_NAME", name);
        builder.environment().put("PATH", searchPath());
        Process process = builder.start();
        Set<ProcessHandle> children = new LinkedHashSet<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RECORD_TIMEOUT_SECONDS);
            while (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                // Remember the children seen so far, so they can be stopped if the script dies.
                process.descendants().forEach(children::add);
                if (System.nanoTime() > deadline) {
                    fail("record-dhclient-leases timed out after %d s, output:%n%s",
                            RECORD_TIMEOUT_SECONDS, Files.readString(log, StandardCharsets.UTF_8));
                }
            }
            assertThat(process.exitValue()).as("exit status of record-dhclient-leases, output:%n%s",
                    Files.readString(log, StandardCharsets.UTF_8)).isZero();
        } finally {
            stop(process, children);
            deleteNamespace(name + "-c");
            deleteNamespace(name + "-s");
        }
    }

    private static void stop(Process process, Set<ProcessHandle> children) throws Exception {
        process.descendants().forEach(children::add);
        if (process.isAlive()) {
            // SIGTERM lets the script's trap stop dhclient and dnsmasq and delete the namespaces.
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /** Stops the processes left in a namespace of this test and deletes the namespace. */
    private static void deleteNamespace(String namespace) throws Exception {
        if (!Files.exists(Path.of("/run/netns", namespace))) {
            return;
        }
        String ip = findTool("ip").orElseThrow().toString();
        Process pids = new ProcessBuilder(ip, "netns", "pids", namespace).start();
        String output = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pids.waitFor(10, TimeUnit.SECONDS);
        for (String pid : output.trim().split("\\s+")) {
            if (!pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Process delete = new ProcessBuilder(ip, "netns", "delete", namespace)
                .redirectErrorStream(true).start();
        byte[] deleteOutput = delete.getInputStream().readAllBytes();
        assertThat(delete.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(delete.exitValue()).as("ip netns delete %s: %s", namespace,
                new String(deleteOutput, StandardCharsets.UTF_8)).isZero();
    }

    /** Skips the test when it cannot run here, or fails it when CI=true. */
    private static void requireEnvironment() throws IOException {
        List<String> missing = new ArrayList<>();
        if (!isRoot()) {
            missing.add("root (network namespaces need CAP_SYS_ADMIN)");
        }
        addIfMissing(missing, "dhclient", "isc-dhcp-client");
        addIfMissing(missing, "dnsmasq", "dnsmasq-base");
        addIfMissing(missing, "ip", "iproute2");
        if (missing.isEmpty()) {
            return;
        }
        String reason = "dhclient recording needs " + String.join(", ", missing);
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + "; CI=true, so this test must run: install the packages and run as root");
        }
        Assumptions.abort(reason);
    }

    private static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2].equals("0");
            }
        }
        return false;
    }

    private static void addIfMissing(List<String> missing, String tool, String debianPackage) {
        if (findTool(tool).isEmpty()) {
            missing.add(tool + " (Debian package " + debianPackage + ")");
        }
    }

    private static Optional<Path> findTool(String tool) {
        return Arrays.stream(searchPath().split(":"))
                .filter(directory -> !directory.isEmpty())
                .map(directory -> Path.of(directory, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Returns PATH with the system binary directories added, separated by colons. */
    private static String searchPath() {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "")
                .split(":")));
        for (String directory : SYSTEM_BIN) {
            if (!directories.contains(directory)) {
                directories.add(directory);
            }
        }
        return String.join(":", directories);
    }
}
