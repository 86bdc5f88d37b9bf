package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseFileTest {

    private final LeaseFile file = Fixtures.parseComplete("several-leases.leases");

    private String effectiveAddress(String interfaceName, String at) {
        Optional<DhcpLease> lease = file.effectiveLease(interfaceName, Instant.parse(at));
        return lease.map(found -> found.fixedAddress().getHostAddress()).orElse("none");
    }

    @Test
    void effectiveLeaseIsLastUnexpiredInFile() {
        // 192.0.2.11 expires later than 192.0.2.12, but 192.0.2.12 comes later in the file.
        assertThat(effectiveAddress("eth0", "2026-12-04T00:00:00Z")).isEqualTo("192.0.2.12");
    }

    @Test
    void effectiveLeaseFallsBackToOlderUnexpired() {
        assertThat(effectiveAddress("eth0", "2026-12-05T00:00:00Z")).isEqualTo("192.0.2.11");
        assertThat(effectiveAddress("eth0", "2026-12-09T23:59:59Z")).isEqualTo("192.0.2.11");
    }

    @Test
    void effectiveLeaseExpiresAtExpireInstant() {
        assertThat(effectiveAddress("eth0", "2026-12-04T23:59:59.999999999Z"))
                .isEqualTo("192.0.2.12");
        assertThat(effectiveAddress("eth0", "2026-12-10T00:00:00Z")).isEqualTo("none");
    }

    @Test
    void effectiveLeaseWithNeverExpires() {
        assertThat(effectiveAddress("eth1", "2999-01-01T00:00:00Z")).isEqualTo("198.51.100.20");
    }

    @Test
    void effectiveLeaseOfUnknownInterfaceIsEmpty() {
        assertThat(effectiveAddress("eth2", "2026-12-04T00:00:00Z")).isEqualTo("none");
        assertThat(effectiveAddress("eth", "2026-12-04T00:00:00Z")).isEqualTo("none");
    }

    @Test
    void effectiveLeasesKeepInterfaceOrder() {
        var leases = file.effectiveLeases(Instant.parse("2026-12-04T00:00:00Z"));

        assertThat(leases.sequencedKeySet()).containsExactly("eth0", "eth1");
        assertThat(leases.get("eth0").fixedAddress().getHostAddress()).isEqualTo("192.0.2.12");
        assertThat(leases.get("eth1").fixedAddress().getHostAddress()).isEqualTo("198.51.100.20");
    }

    @Test
    void effectiveLeasesLeaveOutExpiredInterfaces() {
        var leases = file.effectiveLeases(Instant.parse("2026-12-11T00:00:00Z"));

        assertThat(leases.sequencedKeySet()).containsExactly("eth1");
    }
}
