package org.networkbroker.routing;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.networkbroker.log.RepeatLimiter;
import org.networkbroker.networkd.LeaseFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the router of a DHCPv4 lease from systemd-networkd's lease file. networkd writes
 * {@code ROUTER=} as IPv4 addresses separated by spaces, and the first one counts. A warning
 * about one file is repeated at most once a minute, because policy routing reads the lease
 * at every change of the network state.
 */
final class NetworkdLeaseHints implements GatewayHints {

    private static final Logger log = LoggerFactory.getLogger(NetworkdLeaseHints.class);

    private final Path directory;
    private final RepeatLimiter warnings = new RepeatLimiter(Duration.ofMinutes(1));

    NetworkdLeaseHints(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    @Override
    public Optional<InetAddress> leaseRouter(int ifindex) {
        Optional<Map<String, String>> lease;
        try {
            lease = LeaseFile.read(directory, ifindex);
        } catch (IOException e) {
            if (admit(ifindex, "unreadable")) {
                log.warn("failed to read DHCP lease, using no lease gateway ifindex={} folder={}"
                        + " error=\"{}\"", ifindex, directory, e.getMessage());
            }
            return Optional.empty();
        }
        String routers = lease.map(pairs -> pairs.get("ROUTER")).orElse("").strip();
        if (routers.isEmpty()) {
            return Optional.empty();
        }
        String first = routers.split("\\s+")[0];
        Optional<InetAddress> router = parseIpv4(first);
        if (router.isEmpty() && admit(ifindex, "invalid")) {
            log.warn("invalid ROUTER \"{}\" in DHCP lease ifindex={} folder={}: expected an IPv4"
                    + " address", first, ifindex, directory);
        }
        return router;
    }

    private boolean admit(int ifindex, String reason) {
        return warnings.admit(ifindex + " " + reason) >= 0;
    }

    private static Optional<InetAddress> parseIpv4(String text) {
        try {
            InetAddress address = InetAddress.ofLiteral(text);
            return address instanceof Inet4Address ? Optional.of(address) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
