package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the parser on the lease files under recorded/, which real ISC dhclient wrote. The script
 * tools/record-dhclient-leases records them.
 */
class RecordedLeaseFilesTest {

    private static final Instant BOUND = Instant.parse("2026-12-04T16:20:00Z");

    @Test
    void recordedFileHasFourLeases() {
        LeaseFile file = Fixtures.parseComplete("recorded/dhclient.leases");

        assertThat(file.malformed()).isEmpty();
        assertThat(file.leases()).extracting(DhcpLease::interfaceName)
                .containsExactly("nbc1", "nbc0", "nbc1", "nbc0");
        assertThat(file.leases()).extracting(lease -> lease.fixedAddress().getHostAddress())
                .containsExactly("192.0.2.216", "192.0.2.115", "192.0.2.216", "192.0.2.77");
    }

    @Test
    void recordedLeaseDecodesOptions() {
        DhcpLease lease = Fixtures.parseComplete("recorded/dhclient.leases").leases().getLast();

        assertThat(lease.subnetMask()).map(InetAddress::getHostAddress).hasValue("255.255.255.128");
        assertThat(lease.routers()).extracting(InetAddress::getHostAddress)
                .containsExactly("192.0.2.1");
        assertThat(lease.domainNameServers()).extracting(InetAddress::getHostAddress)
                .containsExactly("192.0.2.53", "198.51.100.53");
        assertThat(lease.domainName()).hasValue("example.test");
        assertThat(lease.hostName()).hasValue("nb-client");
        assertThat(lease.leaseTime()).hasValue(Duration.ofSeconds(600));
        assertThat(lease.serverIdentifier()).map(InetAddress::getHostAddress).hasValue("192.0.2.1");
        assertThat(lease.options().get("nis-domain").elements()).containsExactly("café\tnis");
        assertThat(lease.renew()).isEqualTo(Instant.parse("2026-12-04T16:17:45Z"));
        assertThat(lease.rebind()).isEqualTo(Instant.parse("2026-12-04T16:21:52Z"));
        assertThat(lease.expire()).isEqualTo(Instant.parse("2026-12-04T16:23:07Z"));
    }

    @Test
    void recordedLeaseDecodesEscapedRootPath() {
        DhcpLease lease = Fixtures.parseComplete("recorded/dhclient.leases").leases().get(1);

        assertThat(lease.options().get("root-path").elements())
                .containsExactly("\"/srv/a \\\"quoted\\\" root\\\\path;x\"");
        assertThat(lease.domainSearch()).containsExactly("lan.example.test.", "example.test.");
    }

    @Test
    void recordedFileSelectsNewestLeasePerInterface() {
        LeaseFile file = Fixtures.parseComplete("recorded/dhclient.leases");

        var effective = file.effectiveLeases(BOUND);

        assertThat(effective.sequencedKeySet()).containsExactly("nbc1", "nbc0");
        assertThat(effective.get("nbc0").fixedAddress().getHostAddress()).isEqualTo("192.0.2.77");
        assertThat(effective.get("nbc0")).isSameAs(file.leases().getLast());
        assertThat(effective.get("nbc1")).isSameAs(file.leases().get(2));
        assertThat(file.effectiveLeases(Instant.parse("2026-12-04T16:23:07Z"))).isEmpty();
    }

    @Test
    void recordedScriptEnvironmentDescribesLease() {
        DhcpLease lease = Fixtures.parseComplete("recorded/dhclient.leases").leases().getLast();

        assertThat(lease.scriptEnvironment())
                .containsEntry("DHCP4_ADDRESS", "192.0.2.77")
                .containsEntry("DHCP4_ROUTER", "192.0.2.1")
                .containsEntry("DHCP4_SUBNET_MASK", "255.255.255.128")
                .containsEntry("DHCP4_DNS", "192.0.2.53,198.51.100.53")
                .containsEntry("DHCP4_DOMAIN", "example.test")
                .containsEntry("DHCP4_HOSTNAME", "nb-client")
                .containsEntry("DHCP4_LEASE_EXPIRY", "2026-12-04T16:23:07Z")
                .doesNotContainKey("DHCP4_DOMAIN_SEARCH");
        assertThat(lease.scriptEnvironment().get("DHCP_LEASE")).startsWith(
                "interface=nbc0 fixed-address=192.0.2.77 subnet-mask=255.255.255.128"
                        + " routers=192.0.2.1 dhcp-lease-time=600 dhcp-message-type=5"
                        + " domain-name-servers=192.0.2.53,198.51.100.53");
    }

    @Test
    void epochRewriteEqualsOriginalLease() {
        List<DhcpLease> original = Fixtures.parseComplete("recorded/dhclient.leases").leases();
        List<DhcpLease> rewritten =
                Fixtures.parseComplete("recorded/dhclient-epoch.leases").leases();

        // At start-up dhclient rewrote the last lease of nbc0 with epoch times and the options
        // in another order. The lease itself did not change.
        DhcpLease before = original.getLast();
        DhcpLease after = rewritten.get(2);
        assertThat(after.options().sequencedKeySet().stream().toList())
                .isNotEqualTo(before.options().sequencedKeySet().stream().toList());
        assertThat(after).isEqualTo(before);
        assertThat(after.equalsIgnoringTimes(before)).isTrue();
    }

    @Test
    void epochFileRenewalChangesOnlyTimes() {
        List<DhcpLease> rewritten =
                Fixtures.parseComplete("recorded/dhclient-epoch.leases").leases();

        assertThat(rewritten).hasSize(5);
        DhcpLease rewrite = rewritten.get(2);
        DhcpLease renewal = rewritten.getLast();
        assertThat(renewal.interfaceName()).isEqualTo("nbc0");
        assertThat(renewal.expire()).isAfter(rewrite.expire());
        assertThat(renewal).isNotEqualTo(rewrite);
        assertThat(renewal.equalsIgnoringTimes(rewrite)).isTrue();
    }

    @Test
    void recordedDhcp6FileHasOnlyLease6() {
        LeaseFile file = Fixtures.parseComplete("recorded/dhclient6.leases");

        assertThat(file.malformed()).isEmpty();
        assertThat(file.leases()).isEmpty();
        assertThat(file.lease6BlockCount()).isEqualTo(1);
        assertThat(file.defaultDuid()).hasValue("00:01:00:01:32:a5:a3:14:02:00:00:00:0a:00");
    }
}
