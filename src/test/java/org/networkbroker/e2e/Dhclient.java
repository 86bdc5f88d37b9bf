package org.networkbroker.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Real ISC dhclient (Debian package isc-dhcp-client) in a sandbox. Each run has a UTS
 * namespace of its own, because /sbin/dhclient-script sets the host name when the lease
 * carries one and the sandbox shares the host's. The script's other changes (addresses,
 * routes, /etc/resolv.conf) stay in the sandbox's namespaces and private /etc.
 */
final class Dhclient {

    private final Sandbox sandbox;
    private final Path leaseFolder;

    /**
     * Checks that dhclient is installed, then prepares the lease folder.
     *
     * @param sandbox where dhclient runs
     * @param leaseFolder a host folder below {@code sandbox.root()} for the lease files
     * @throws IOException if the folder cannot be created
     */
    Dhclient(Sandbox sandbox, Path leaseFolder) throws IOException {
        requireInstalled();
        this.sandbox = sandbox;
        this.leaseFolder = Files.createDirectories(leaseFolder);
    }

    /** Skips, or under CI fails, when dhclient or its script is missing. */
    private static void requireInstalled() {
        boolean installed = Stream.of("/sbin/dhclient", "/usr/sbin/dhclient")
                .anyMatch(path -> Files.isExecutable(Path.of(path)))
                && Files.isExecutable(Path.of("/sbin/dhclient-script"));
        if (installed) {
            return;
        }
        String message = "end-to-end test needs dhclient and /sbin/dhclient-script (Debian"
                + " package isc-dhcp-client)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(message);
    }

    /**
     * Returns the lease file of a link: {@code dhclient.<link>.leases} in the lease folder.
     *
     * @param link the interface name
     * @return the path on the host, which is also its path inside the sandbox
     */
    Path leaseFile(String link) {
        return leaseFolder.resolve("dhclient." + link + ".leases");
    }

    /**
     * Runs dhclient on a link until it has a lease, then leaves it running in the
     * background, as dhclient does. dhclient-script configures the address and route.
     *
     * @param link the interface name
     * @throws IOException if dhclient gets no lease (it tries once, for up to the timeout of
     *         the host's dhclient.conf) or the command runs longer than 30 s
     */
    void obtainLease(String link) throws IOException {
        sandbox.exec("unshare", "--uts", "dhclient", "-1", "-v", "-lf",
                leaseFile(link).toString(), "-pf", pidFile(link).toString(), link);
    }

    /**
     * Stops the dhclient of a link without releasing its lease. The lease file stays.
     *
     * @param link the interface name
     * @throws IOException if the process does not exit
     */
    void stop(String link) throws IOException {
        // A zombie counts as gone: sandbox-init reaps it when it gets to it.
        sandbox.exec("sh", "-c", "pid=$(cat \"$1\"); kill \"$pid\"; for i in $(seq 1 100); do"
                + " state=$(awk '/^State:/ { print $2 }' /proc/$pid/status 2>/dev/null);"
                + " [ -z \"$state\" ] || [ \"$state\" = Z ] && exit 0; sleep 0.05; done;"
                + " echo \"dhclient $pid did not exit\" >&2; exit 1", "sh",
                pidFile(link).toString());
    }

    private Path pidFile(String link) {
        return sandbox.root().resolve("dhclient." + link + ".pid");
    }
}
