package org.networkbroker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.networkbroker.Fixtures;
import org.networkbroker.networkd.LeaseFile;
import org.networkbroker.system.InterfaceAddresses;

class ScriptEnvironmentTest {

    private static final Map<String, String> LEASE = LeaseFile.toLeaseData(
            LeaseFile.parse(Fixtures.networkd252("lease-ifindex-12"))).variables();

    private static final InterfaceAddresses ADDRESSES = new InterfaceAddresses(
            List.of("192.168.77.16", "10.0.0.5"), List.of("fe80::1", "2001:db8::16"));

    @Test
    void forLinkSetsExactVariables() {
        Map<String, String> env = ScriptEnvironment.forLink("eth0", 12, "routable",
                linkProperties(), ADDRESSES, LEASE);

        assertThat(env).as("environment of link eth0 (ifindex 12)").containsExactly(
                Map.entry("PATH", ScriptEnvironment.PATH),
                Map.entry("LANG", "C.UTF-8"),
                Map.entry("LINK", "eth0"),
                Map.entry("LINKIFINDEX", "12"),
                Map.entry("LINKINDEX", "12"),
                Map.entry("IFACE", "eth0"),
                Map.entry("STATE", "routable"),
                Map.entry("NWD_DEVICE_IFACE", "eth0"),
                Map.entry("NWD_BROKER_ACTION", "routable"),
                Map.entry("AdministrativeState", "configured"),
                Map.entry("OperationalState", "routable"),
                Map.entry("CarrierState", "carrier"),
                Map.entry("AddressState", "routable"),
                Map.entry("IPv4AddressState", "routable"),
                Map.entry("IPv6AddressState", "degraded"),
                Map.entry("OnlineState", "online"),
                Map.entry("ADDR", "192.168.77.16"),
                Map.entry("IP_ADDRS", "192.168.77.16 10.0.0.5"),
                Map.entry("IP6_ADDRS", "fe80::1 2001:db8::16"),
                Map.entry("DHCP_LEASE", "ADDRESS=192.168.77.16 NETMASK=255.255.255.0"
                        + " ROUTER=192.168.77.1 SERVER_ADDRESS=192.168.77.1 T1=1800 T2=3150"
                        + " LIFETIME=3600 DNS=192.168.77.53 TIMEZONE=Etc/UTC"
                        + " CLIENTID=ffc1dd0aef00020000ab110033bdebf95e192c"),
                Map.entry("DHCP4_ADDRESS", "192.168.77.16"),
                Map.entry("DHCP4_NETMASK", "255.255.255.0"),
                Map.entry("DHCP4_ROUTER", "192.168.77.1"),
                Map.entry("DHCP4_SERVER_ADDRESS", "192.168.77.1"),
                Map.entry("DHCP4_T1", "1800"),
                Map.entry("DHCP4_T2", "3150"),
                Map.entry("DHCP4_LIFETIME", "3600"),
                Map.entry("DHCP4_DNS", "192.168.77.53"),
                Map.entry("DHCP4_TIMEZONE", "Etc/UTC"),
                Map.entry("DHCP4_CLIENTID", "ffc1dd0aef00020000ab110033bdebf95e192c"));
    }

    @Test
    void forLinkStateIsSelectingState() {
        Map<String, String> env = ScriptEnvironment.forLink("eth0", 12, "configured",
                linkProperties(), ADDRESSES, LEASE);

        assertThat(env.get("STATE")).as("STATE for configured.d of eth0").isEqualTo("configured");
        assertThat(env.get("OperationalState")).as("OperationalState for configured.d of eth0")
                .isEqualTo("routable");
    }

    @Test
    void forLinkWithoutLeaseHasNoDhcp() {
        Map<String, String> env = ScriptEnvironment.forLink("eth1", 3, "routable",
                linkProperties(), ADDRESSES, Map.of());

        assertThat(env.keySet()).as("variables of eth1 without a lease")
                .noneMatch(name -> name.startsWith("DHCP"));
        assertThat(env.get("LINK")).as("LINK of eth1 without a lease").isEqualTo("eth1");
        assertThat(env.get("ADDR")).as("ADDR of eth1 without a lease")
                .isEqualTo("192.168.77.16");
    }

    @Test
    void forLinkLeavesOutEmptyValues() {
        Map<String, String> properties = new LinkedHashMap<>(linkProperties());
        properties.put("OnlineState", "");
        properties.remove("CarrierState");
        Map<String, String> lease = new LinkedHashMap<>();
        lease.put("ADDRESS", "192.0.2.7");
        lease.put("DNS", "");

        Map<String, String> env = ScriptEnvironment.forLink("eth0", 2, "routable",
                properties, InterfaceAddresses.NONE, LeaseFile.toLeaseData(lease).variables());

        assertThat(env).as("environment of eth0 with empty values")
                .doesNotContainKeys("OnlineState", "CarrierState", "ADDR", "IP_ADDRS",
                        "IP6_ADDRS", "DHCP4_DNS");
        assertThat(env.values()).as("values of eth0's environment").doesNotContain("");
        assertThat(env.get("DHCP_LEASE")).as("DHCP_LEASE of eth0 with an empty DNS")
                .isEqualTo("ADDRESS=192.0.2.7 DNS=");
    }

    @Test
    void forLinkWithIpv6OnlyHasNoAddr() {
        InterfaceAddresses ipv6Only = new InterfaceAddresses(List.of(), List.of("fe80::2"));

        Map<String, String> env = ScriptEnvironment.forLink("eth0", 2, "degraded",
                linkProperties(), ipv6Only, Map.of());

        assertThat(env).as("environment of eth0 with IPv6 only")
                .doesNotContainKeys("ADDR", "IP_ADDRS");
        assertThat(env.get("IP6_ADDRS")).as("IP6_ADDRS of eth0").isEqualTo("fe80::2");
    }

    @Test
    void forLinkTakesNothingFromBroker() {
        Map<String, String> env = ScriptEnvironment.forLink("eth0", 12, "routable",
                linkProperties(), ADDRESSES, LEASE);
        Set<String> inherited = new HashSet<>(System.getenv().keySet());
        inherited.removeAll(Set.of("PATH", "LANG"));

        assertThat(env).as("environment of eth0").doesNotContainKeys("HOME", "USER");
        assertThat(env.keySet()).as("variables of eth0 named like the test JVM's own")
                .doesNotContainAnyElementsOf(inherited);
        assertThat(env.get("PATH")).as("PATH of eth0")
                .isEqualTo("/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        assertThat(env.get("LANG")).as("LANG of eth0").isEqualTo("C.UTF-8");
    }

    @Test
    void forLinkLeavesOutValuesWithNul() {
        Map<String, String> properties = new LinkedHashMap<>(linkProperties());
        properties.put("OnlineState", "online\0evil");
        Map<String, String> lease = new LinkedHashMap<>();
        lease.put("ROUTER", "192.0.2.1");
        lease.put("HOSTNAME", "host\0name");

        Map<String, String> env = ScriptEnvironment.forLink("eth0", 2, "routable",
                properties, ADDRESSES, LeaseFile.toLeaseData(lease).variables());

        assertThat(env).as("environment of eth0 with NUL values")
                .doesNotContainKeys("OnlineState", "DHCP4_HOSTNAME");
        assertThat(env.get("DHCP4_ROUTER")).as("DHCP4_ROUTER of eth0").isEqualTo("192.0.2.1");
    }

    @Test
    void forLinkEnvironmentIsUnmodifiable() {
        Map<String, String> env = ScriptEnvironment.forLink("eth0", 2, "routable",
                linkProperties(), ADDRESSES, LEASE);

        assertThat(env).as("environment of eth0").isUnmodifiable();
    }

    @Test
    void forManagerSetsStateProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("OperationalState", "routable");
        properties.put("CarrierState", "carrier");
        properties.put("AddressState", "routable");
        properties.put("IPv4AddressState", "routable");
        properties.put("IPv6AddressState", "degraded");
        properties.put("OnlineState", "partial");
        properties.put("AdministrativeState", "configured");

        Map<String, String> env = ScriptEnvironment.forManager("routable", properties);

        assertThat(env).as("manager environment").containsExactly(
                Map.entry("PATH", ScriptEnvironment.PATH),
                Map.entry("LANG", "C.UTF-8"),
                Map.entry("STATE", "routable"),
                Map.entry("OperationalState", "routable"),
                Map.entry("CarrierState", "carrier"),
                Map.entry("AddressState", "routable"),
                Map.entry("IPv4AddressState", "routable"),
                Map.entry("IPv6AddressState", "degraded"),
                Map.entry("OnlineState", "partial"));
    }

    @Test
    void forManagerWithoutStateHasNoState() {
        Map<String, String> env = ScriptEnvironment.forManager(null,
                Map.of("OnlineState", "online"));

        assertThat(env).as("manager environment without a state").containsExactly(
                Map.entry("PATH", ScriptEnvironment.PATH),
                Map.entry("LANG", "C.UTF-8"),
                Map.entry("OnlineState", "online"));
    }

    /**
     * Returns link state properties as systemd-networkd 252 reported them for a DHCP client,
     * plus RequiredForOnline, which scripts do not receive.
     */
    private static Map<String, String> linkProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("OperationalState", "routable");
        properties.put("AdministrativeState", "configured");
        properties.put("CarrierState", "carrier");
        properties.put("AddressState", "routable");
        properties.put("IPv4AddressState", "routable");
        properties.put("IPv6AddressState", "degraded");
        properties.put("OnlineState", "online");
        properties.put("RequiredForOnline", "yes");
        return properties;
    }
}
