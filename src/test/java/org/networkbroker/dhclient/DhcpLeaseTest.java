package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;

class DhcpLeaseTest {

    private static final Instant RENEW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Instant REBIND = Instant.parse("2026-12-04T18:00:00Z");
    private static final Instant EXPIRE = Instant.parse("2026-12-05T00:00:00Z");

    private static DhcpLease lease(SequencedMap<String, OptionValue> options) {
        return new DhcpLease("eth0", KnownOptions.parseAddress("192.0.2.9"), options,
                new LinkedHashMap<>(), RENEW, REBIND, EXPIRE);
    }

    private static SequencedMap<String, OptionValue> options(Object... nameAndValues) {
        SequencedMap<String, OptionValue> options = new LinkedHashMap<>();
        for (int index = 0; index < nameAndValues.length; index += 2) {
            options.put((String) nameAndValues[index], (OptionValue) nameAndValues[index + 1]);
        }
        return options;
    }

    private static OptionValue value(String... elements) {
        return new OptionValue(String.join(", ", elements), List.of(elements));
    }

    @Test
    void accessorsDecodeKnownOptions() {
        DhcpLease lease = Fixtures.parseComplete("several-leases.leases").leases().get(1);

        assertThat(lease.subnetMask()).map(InetAddress::getHostAddress).hasValue("255.255.255.0");
        assertThat(lease.routers()).extracting(InetAddress::getHostAddress)
                .containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(lease.domainNameServers()).extracting(InetAddress::getHostAddress)
                .containsExactly("192.0.2.53", "198.51.100.53");
        assertThat(lease.serverIdentifier()).map(InetAddress::getHostAddress).hasValue("192.0.2.1");
        assertThat(lease.domainName()).isEmpty();
        assertThat(lease.domainSearch()).isEmpty();
        assertThat(lease.hostName()).isEmpty();
        assertThat(lease.leaseTime()).isEmpty();
    }

    @Test
    void accessorsDecodeTextOptions() {
        DhcpLease lease = Fixtures.parseComplete("several-leases.leases").leases().get(3);

        assertThat(lease.domainName()).hasValue("example.test");
        assertThat(lease.domainSearch()).containsExactly("example.test.", "lan.example.test.");
        assertThat(lease.hostName()).hasValue("host12");
        assertThat(lease.leaseTime()).hasValue(Duration.ofHours(1));
    }

    @Test
    void scriptEnvironmentListsLeaseInOrder() {
        DhcpLease lease = Fixtures.parseComplete("several-leases.leases").leases().get(3);

        assertThat(lease.scriptEnvironment()).containsExactly(
                entry("DHCP_LEASE", "interface=eth0 fixed-address=192.0.2.12"
                        + " subnet-mask=255.255.255.0 routers=192.0.2.1 host-name=host12"
                        + " domain-name=example.test domain-search=example.test.,lan.example.test."
                        + " dhcp-lease-time=3600 renew=2026-12-04T12:00:00Z"
                        + " rebind=2026-12-04T18:00:00Z expire=2026-12-05T00:00:00Z"),
                entry("DHCP4_ADDRESS", "192.0.2.12"),
                entry("DHCP4_ROUTER", "192.0.2.1"),
                entry("DHCP4_SUBNET_MASK", "255.255.255.0"),
                entry("DHCP4_DOMAIN", "example.test"),
                entry("DHCP4_DOMAIN_SEARCH", "example.test.,lan.example.test."),
                entry("DHCP4_HOSTNAME", "host12"),
                entry("DHCP4_LEASE_EXPIRY", "2026-12-05T00:00:00Z"));
    }

    @Test
    void scriptEnvironmentLeavesOutAbsentValues() {
        DhcpLease lease = Fixtures.parseComplete("several-leases.leases").leases().get(2);

        assertThat(lease.scriptEnvironment()).containsExactly(
                entry("DHCP_LEASE", "interface=eth1 fixed-address=198.51.100.20 bootp="
                        + " filename=pxelinux.0 server-name=boot.example.test medium=media-a"
                        + " subnet-mask=255.255.255.0 renew=never rebind=never expire=never"),
                entry("DHCP4_ADDRESS", "198.51.100.20"),
                entry("DHCP4_SUBNET_MASK", "255.255.255.0"),
                entry("DHCP4_LEASE_EXPIRY", "never"));
    }

    @Test
    void scriptEnvironmentJoinsListsWithCommas() {
        DhcpLease lease = Fixtures.parseComplete("several-leases.leases").leases().get(1);

        assertThat(lease.scriptEnvironment())
                .containsEntry("DHCP4_ROUTER", "192.0.2.1,192.0.2.2")
                .containsEntry("DHCP4_DNS", "192.0.2.53,198.51.100.53")
                .doesNotContainKeys("DHCP4_DOMAIN", "DHCP4_DOMAIN_SEARCH", "DHCP4_HOSTNAME");
    }

    @Test
    void scriptEnvironmentEscapesSummaryValues() {
        DhcpLease lease = Fixtures.parseComplete("escapes.leases").leases().getFirst();

        String summary = lease.scriptEnvironment().get("DHCP_LEASE");

        assertThat(summary).doesNotContain("\t");
        assertThat(summary.split(" ")).containsSubsequence(
                "host-name=café",
                "root-path=\"/srv/a\\040\\\\\"quoted\\\\\"\\040root\\\\\\\\path;x\"",
                "nis-domain=tab\\011and\\011escapeA$",
                "domain-search=a.example.test.,b\\040#\\040not\\040a\\040comment.example.test.",
                "dhcp-client-identifier=1:2:3:4:5:6:7",
                "vendor-encapsulated-options={braces};\\040and\\054\\040commas");
    }

    @Test
    void scriptEnvironmentEscapesControlCharacters() {
        DhcpLease lease = lease(options("host-name", value("a\u0000b\\c d"),
                "domain-search", value("x,y.test", "z.test")));

        assertThat(lease.scriptEnvironment())
                .containsEntry("DHCP4_HOSTNAME", "a\\000b\\\\c d")
                .containsEntry("DHCP4_DOMAIN_SEARCH", "x\\054y.test,z.test");
    }

    @Test
    void equalityIgnoresOptionOrder() {
        DhcpLease first = lease(options("routers", value("192.0.2.1"), "host-name", value("h")));
        DhcpLease second = lease(options("host-name", value("h"), "routers", value("192.0.2.1")));

        assertThat(first).isEqualTo(second);
        assertThat(first).hasSameHashCodeAs(second);
    }

    @Test
    void equalityComparesOptionValues() {
        DhcpLease first = lease(options("routers", value("192.0.2.1")));
        DhcpLease second = lease(options("routers", value("192.0.2.2")));

        assertThat(first).isNotEqualTo(second);
        assertThat(first.equalsIgnoringTimes(second)).isFalse();
    }

    @Test
    void equalsIgnoringTimesAcceptsRenewal() {
        DhcpLease lease = lease(options("routers", value("192.0.2.1")));
        DhcpLease renewed = new DhcpLease(lease.interfaceName(), lease.fixedAddress(),
                lease.options(), lease.declarations(), RENEW.plusSeconds(600),
                REBIND.plusSeconds(600), EXPIRE.plusSeconds(600));

        assertThat(renewed).isNotEqualTo(lease);
        assertThat(renewed.equalsIgnoringTimes(lease)).isTrue();
    }

    @Test
    void constructorRejectsInvalidKnownOption() {
        assertThatThrownBy(() -> lease(options("routers", value("192.0.2.1", "gateway"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid option routers \"192.0.2.1, gateway\": expected an IPv4"
                        + " address in dotted-quad form, found \"gateway\"");
    }

    @Test
    void constructorCopiesMaps() {
        SequencedMap<String, OptionValue> options = options("routers", value("192.0.2.1"));
        DhcpLease lease = lease(options);
        options.put("host-name", value("later"));

        assertThat(lease.options()).containsOnlyKeys("routers");
        assertThatThrownBy(() -> lease.options().put("x", value("y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
