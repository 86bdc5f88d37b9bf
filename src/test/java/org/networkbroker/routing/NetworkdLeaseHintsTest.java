package org.networkbroker.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.networkbroker.routing.RoutingFixtures.ip;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.Fixtures;
import org.networkbroker.LogCapture;

/** Checks how the lease router is read from networkd lease files. */
class NetworkdLeaseHintsTest {

    @TempDir
    Path leases;

    @Test
    void recordedLeaseNamesItsRouter() throws IOException {
        Files.writeString(leases.resolve("12"), Fixtures.networkd252("lease-ifindex-12"));

        assertThat(GatewayHints.networkdLeases(leases).leaseRouter(12)).as("router of ifindex 12")
                .contains(ip("192.168.77.1"));
    }

    @Test
    void firstOfSeveralRoutersCounts() throws IOException {
        Files.writeString(leases.resolve("3"), "ADDRESS=192.0.2.21\nROUTER=192.0.2.1 192.0.2.2\n");

        assertThat(GatewayHints.networkdLeases(leases).leaseRouter(3)).as("router of ifindex 3")
                .contains(ip("192.0.2.1"));
    }

    @Test
    void missingLeaseNamesNoRouter() {
        assertThat(GatewayHints.networkdLeases(leases).leaseRouter(3)).as("router of ifindex 3")
                .isEmpty();
    }

    @Test
    void leaseWithoutRouterNamesNone() throws IOException {
        Files.writeString(leases.resolve("3"), "ADDRESS=192.0.2.21\nROUTER=\n");

        assertThat(GatewayHints.networkdLeases(leases).leaseRouter(3)).as("router of ifindex 3")
                .isEmpty();
    }

    @Test
    void invalidRouterIsWarnedOnce() throws IOException {
        Files.writeString(leases.resolve("3"), "ROUTER=router.example\n");
        GatewayHints hints = GatewayHints.networkdLeases(leases);

        try (LogCapture log = LogCapture.of(NetworkdLeaseHints.class)) {
            assertThat(hints.leaseRouter(3)).as("first lookup of ifindex 3").isEmpty();
            assertThat(hints.leaseRouter(3)).as("second lookup of ifindex 3").isEmpty();

            assertThat(log.messages(Level.WARN, "invalid ROUTER")).as("warnings").containsExactly(
                    "invalid ROUTER \"router.example\" in DHCP lease ifindex=3 folder=" + leases
                            + ": expected an IPv4 address");
        }
    }

    @Test
    void ipv6RouterIsRejected() throws IOException {
        Files.writeString(leases.resolve("3"), "ROUTER=2001:db8::1\n");

        assertThat(GatewayHints.networkdLeases(leases).leaseRouter(3)).as("router of ifindex 3")
                .isEmpty();
    }

    @Test
    void noneNamesNoRouter() {
        assertThat(GatewayHints.none().leaseRouter(3)).as("router of ifindex 3").isEmpty();
    }
}
