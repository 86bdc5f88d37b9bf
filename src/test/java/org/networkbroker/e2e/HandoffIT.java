package org.networkbroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.freedesktop.dbus.exceptions.DBusException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.e2e.FakeResolved.Call;

/**
 * Checks that the broker hands DHCP leases to systemd-resolved and systemd-hostnamed
 * ({@code UseDNS=}, {@code UseDomain=}, {@code UseHostname=}) on a sandbox's bus. resolved is
 * {@link FakeResolved}, because this host has no systemd-resolved. hostnamed is the real
 * /lib/systemd/systemd-hostnamed in a UTS namespace of its own, so the host name it sets
 * stays there.
 */
@Timeout(120)
class HandoffIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPTS = "/etc/network-broker";
    private static final String CONFIG = SCRIPTS + "/network-broker.toml";
    private static final String HOSTNAMED = "/lib/systemd/systemd-hostnamed";
    private static final DateTimeFormatter LEASE_TIME =
            DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss");

    private Sandbox sandbox;
    private NetworkdSetup network;
    private ScriptRecords records;
    private BrokerProcess broker;
    private FakeResolved resolved;
    private String hostnamedPid;

    @BeforeEach
    void startSandbox() throws IOException {
        sandbox = Sandbox.start();
        network = new NetworkdSetup(sandbox);
        records = new ScriptRecords(sandbox.root().resolve("records"));
        FakeResolved.allowOnBus(sandbox);
        sandbox.writeFile(SCRIPTS + "/routable.d/50-record", records.recorder("50-record"),
                "0755");
    }

    @AfterEach
    void stopSandbox() throws IOException {
        if (broker != null) {
            broker.close();
        }
        if (resolved != null) {
            resolved.close();
        }
        sandbox.close();
    }

    @Test
    void networkdLeaseReachesResolvedAndHostnamed() throws IOException, DBusException {
        startHostnamed();
        resolved = FakeResolved.start(sandbox);
        sandbox.writeFile(CONFIG, """
                [Network]
                UseDNS=true
                UseDomain=true
                UseHostname=true
                """, "0644");
        broker = BrokerProcess.start(sandbox);

        // networkd's own DHCP client would set the host name too, so it is told not to, and
        // the broker's call is the only one.
        network.dhcpPair("srv0", "dhcp0", """
                SendOption=15:string:example.test
                SendOption=12:string:leasehost
                """, """
                [DHCPv4]
                UseHostname=no
                """);
        int ifindex = network.ifindex("dhcp0");

        Call dns = resolved.await(call -> call.member().equals("SetLinkDNS"), EVENT_TIMEOUT);
        assertThat(dns.ifindex()).as("ifindex of SetLinkDNS, dhcp0's").isEqualTo(ifindex);
        assertThat(dns.arguments()).as("servers of SetLinkDNS for dhcp0")
                .containsExactly("family=2 bytes=192.168.77.53");
        Call domains = resolved.await(call -> call.member().equals("SetLinkDomains"),
                EVENT_TIMEOUT);
        assertThat(domains.ifindex()).as("ifindex of SetLinkDomains, dhcp0's")
                .isEqualTo(ifindex);
        assertThat(domains.arguments()).as("domains of SetLinkDomains for dhcp0")
                .containsExactly("example.test routing=false");
        broker.awaitLog(line -> line.contains("SetHostname done link=dhcp0 "), EVENT_TIMEOUT);
        assertThat(hostnamedHostname()).as("Hostname property of hostnamed")
                .isEqualTo("leasehost");
        assertThat(sandbox.exec("nsenter", "--target", hostnamedPid, "--uts", "hostname")
                .strip()).as("kernel host name in hostnamed's UTS namespace")
                .isEqualTo("leasehost");
        assertThat(sandbox.exec("cat", "/run/systemd/netif/leases/" + ifindex))
                .as("networkd's lease file of dhcp0, which the broker reads")
                .contains("DNS=192.168.77.53")
                .contains("DOMAINNAME=example.test")
                .contains("HOSTNAME=leasehost");
        assertThat(resolved.calls()).as("calls to resolved; only dhcp0 has a lease")
                .allMatch(call -> call.ifindex() == ifindex);
    }

    @Test
    void dhclientLeaseGoneRevertsLink() throws IOException, DBusException {
        Dhclient dhclient = new Dhclient(sandbox, sandbox.root().resolve("leases"));
        resolved = FakeResolved.start(sandbox);
        writeDhclientConfig("UseDNS=true\nUseDomain=true\n");
        broker = BrokerProcess.start(sandbox);
        network.dhcpServerWithUnmanagedClient("srv0", "dhcp0", "192.168.77",
                "SendOption=15:string:example.test\n");

        dhclient.obtainLease("dhcp0");
        int ifindex = network.ifindex("dhcp0");

        Call dns = resolved.await(call -> call.member().equals("SetLinkDNS"), EVENT_TIMEOUT);
        assertThat(dns.ifindex()).as("ifindex of SetLinkDNS, dhcp0's").isEqualTo(ifindex);
        assertThat(dns.arguments()).as("servers of SetLinkDNS for dhcp0")
                .containsExactly("family=2 bytes=192.168.77.53");
        Call domains = resolved.await(call -> call.member().equals("SetLinkDomains"),
                EVENT_TIMEOUT);
        assertThat(domains.arguments()).as("domains of SetLinkDomains for dhcp0")
                .containsExactly("example.test routing=false");
        records.await(line -> line.equals("50-record routable dhcp0"), EVENT_TIMEOUT);

        dhclient.stop("dhcp0");
        Files.delete(dhclient.leaseFile("dhcp0"));

        Call revert = resolved.await(call -> call.member().equals("RevertLink"), EVENT_TIMEOUT);
        assertThat(revert.ifindex()).as("ifindex of RevertLink, dhcp0's").isEqualTo(ifindex);
        broker.awaitLog(line -> line.contains("dhcp lease ended link=dhcp0 "), EVENT_TIMEOUT);
    }

    @Test
    void failedCallsLoggedThenRetried() throws IOException, DBusException {
        startHostnamed();
        String hostnameBefore = hostnamedHostname();
        writeDhclientConfig("UseDNS=true\nUseDomain=true\nUseHostname=true\n");
        sandbox.exec("ip", "link", "add", "lease0", "type", "veth", "peer", "name", "peer0");
        int ifindex = network.ifindex("lease0");
        broker = BrokerProcess.start(sandbox);

        Instant renewed = Instant.now().plusSeconds(600);
        writeLease("lease0", "bad_host!", renewed);

        int first = records.await(line -> line.equals("50-record routable lease0"),
                EVENT_TIMEOUT);
        String subject = "link=lease0 ifindex=" + ifindex;
        assertThat(broker.awaitLog(line -> line.contains("SetLinkDNS failed " + subject),
                EVENT_TIMEOUT)).as("warning for SetLinkDNS without resolved").contains("WARN");
        assertThat(broker.awaitLog(line -> line.contains("SetLinkDomains failed " + subject),
                EVENT_TIMEOUT)).as("warning for SetLinkDomains without resolved")
                .contains("WARN");
        assertThat(broker.awaitLog(line -> line.contains("host name from the lease skipped"
                + " link=lease0 hostname=\"bad_host!\""), EVENT_TIMEOUT))
                .as("warning for the invalid host name").contains("WARN");

        resolved = FakeResolved.start(sandbox);
        writeLease("lease0", "bad_host!", renewed.plusSeconds(60));

        records.awaitAfter(first, line -> line.equals("50-record routable lease0"),
                EVENT_TIMEOUT);
        Call dns = resolved.await(call -> call.member().equals("SetLinkDNS"), EVENT_TIMEOUT);
        assertThat(dns.ifindex()).as("ifindex of the retried SetLinkDNS").isEqualTo(ifindex);
        assertThat(dns.arguments()).as("servers of the retried SetLinkDNS")
                .containsExactly("family=2 bytes=192.0.2.53", "family=2 bytes=198.51.100.53");
        Call domains = resolved.await(call -> call.member().equals("SetLinkDomains"),
                EVENT_TIMEOUT);
        assertThat(domains.arguments()).as("domains of the retried SetLinkDomains")
                .containsExactly("example.test routing=false", "lan.example.test routing=false");
        assertThat(hostnamedHostname()).as("Hostname property of hostnamed after the invalid"
                + " name").isEqualTo(hostnameBefore);
        assertThat(broker.lines()).as("broker log after the invalid host name")
                .noneMatch(line -> line.contains("SetHostname done"));
    }

    @Test
    void linkBusyIsLoggedOnceNotRetried() throws IOException, DBusException {
        resolved = FakeResolved.start(sandbox);
        resolved.rejectLinksAsBusy();
        writeDhclientConfig("UseDNS=true\n");
        sandbox.exec("ip", "link", "add", "lease0", "type", "veth", "peer", "name", "peer0");
        broker = BrokerProcess.start(sandbox);

        writeLease("lease0", "client", Instant.now().plusSeconds(600));
        records.await(line -> line.equals("50-record routable lease0"), EVENT_TIMEOUT);
        writeLease("lease0", "client", Instant.now().plusSeconds(900));
        int second = records.awaitAfter(1, line -> line.equals("50-record routable lease0"),
                EVENT_TIMEOUT);

        assertThat(second).as("routable.d runs of lease0").isEqualTo(2);
        assertThat(resolved.calls()).as("SetLinkDNS calls for lease0, which resolved reports"
                + " busy; the DNS servers did not change").filteredOn(call -> call.member()
                .equals("SetLinkDNS")).hasSize(1);
        assertThat(broker.lines()).as("broker output about the busy link")
                .filteredOn(line -> line.contains("left to systemd-networkd link=lease0"))
                .hasSize(1);
        assertThat(broker.lines()).as("warnings about SetLinkDNS")
                .noneMatch(line -> line.contains("SetLinkDNS failed"));
    }

    @Test
    void slowResolvedTimesOutAndScriptsRun() throws IOException, DBusException {
        resolved = FakeResolved.start(sandbox);
        resolved.delayReplies(Duration.ofSeconds(7));
        writeDhclientConfig("UseDNS=true\n");
        sandbox.exec("ip", "link", "add", "lease0", "type", "veth", "peer", "name", "peer0");
        int ifindex = network.ifindex("lease0");
        broker = BrokerProcess.start(sandbox);

        long written = System.nanoTime();
        writeLease("lease0", "client", Instant.now().plusSeconds(600));

        String warning = broker.awaitLog(line -> line.contains("SetLinkDNS failed link=lease0"
                + " ifindex=" + ifindex), EVENT_TIMEOUT);
        assertThat(warning).as("warning for the slow SetLinkDNS").contains("timed out after"
                + " 5000 ms");
        records.await(line -> line.equals("50-record routable lease0"), EVENT_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - written))
                .as("time until routable.d ran for lease0").isGreaterThan(Duration.ofSeconds(5));
    }

    @Test
    void busStartedAfterBrokerIsUsed() throws IOException, DBusException {
        writeDhclientConfig("UseDNS=true\n");
        sandbox.exec("ip", "link", "add", "lease0", "type", "veth", "peer", "name", "peer0");
        int ifindex = network.ifindex("lease0");
        sandbox.stopBus();
        broker = BrokerProcess.start(sandbox);
        broker.awaitLog(line -> line.contains("cannot connect to the system bus"), EVENT_TIMEOUT);

        sandbox.startBus();
        resolved = FakeResolved.start(sandbox);
        broker.awaitLog(line -> line.contains("reconnected to the system bus"), EVENT_TIMEOUT);
        writeLease("lease0", "client", Instant.now().plusSeconds(600));

        Call dns = resolved.await(call -> call.member().equals("SetLinkDNS"), EVENT_TIMEOUT);
        assertThat(dns.ifindex()).as("ifindex of SetLinkDNS, lease0's").isEqualTo(ifindex);
        assertThat(dns.arguments()).as("servers of SetLinkDNS for lease0")
                .containsExactly("family=2 bytes=192.0.2.53", "family=2 bytes=198.51.100.53");
    }

    private void writeDhclientConfig(String networkKeys) throws IOException {
        Files.createDirectories(sandbox.root().resolve("leases"));
        sandbox.writeFile(CONFIG, """
                [System]
                Generator="dhclient"
                DHClientLeaseFiles="%s/leases/dhclient.*.leases"

                [Network]
                %s""".formatted(sandbox.root(), networkKeys), "0644");
    }

    /**
     * Writes a lease in dhclient's format into the link's lease file, under a temporary name
     * first, as a complete file appears to the broker.
     */
    private void writeLease(String link, String hostname, Instant renew) throws IOException {
        Path file = sandbox.root().resolve("leases/dhclient." + link + ".leases");
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(part, """
                lease {
                  interface "%s";
                  fixed-address 192.0.2.20;
                  option subnet-mask 255.255.255.0;
                  option routers 192.0.2.1;
                  option domain-name-servers 192.0.2.53,198.51.100.53;
                  option domain-name "example.test";
                  option domain-search "example.test.", "lan.example.test.";
                  option host-name "%s";
                  renew %s;
                  rebind %s;
                  expire %s;
                }
                """.formatted(link, hostname, leaseTime(renew),
                leaseTime(renew.plusSeconds(1800)), leaseTime(renew.plusSeconds(3600))));
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Formats a time as dhclient writes it by default: weekday (0 is Sunday), date, UTC. */
    private static String leaseTime(Instant time) {
        LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
        return utc.getDayOfWeek().getValue() % 7 + " " + LEASE_TIME.format(utc);
    }

    /**
     * Starts the real systemd-hostnamed in the sandbox, with a UTS namespace of its own, and
     * waits until it owns its bus name. The sandbox's /etc loses its hostname file first,
     * because while a static host name is set, SetHostname in hostnamed 252 leaves the
     * kernel's name at the static one.
     */
    private void startHostnamed() throws IOException {
        if (!Files.isExecutable(Path.of(HOSTNAMED))) {
            throw new IOException("missing " + HOSTNAMED + " (Debian package systemd)");
        }
        sandbox.exec("rm", "-f", "/etc/hostname");
        hostnamedPid = sandbox.exec("sh", "-c", "unshare --uts " + HOSTNAMED
                + " > \"$1/log/systemd-hostnamed.log\" 2>&1 & echo $!", "sh",
                sandbox.root().toString()).strip();
        sandbox.exec("sh", "-c", "for i in $(seq 1 100); do busctl call org.freedesktop.DBus"
                + " /org/freedesktop/DBus org.freedesktop.DBus NameHasOwner s"
                + " org.freedesktop.hostname1 | grep -q true && exit 0; sleep 0.05; done;"
                + " echo 'systemd-hostnamed did not take its bus name' >&2; exit 1");
    }

    /** Reads hostnamed's Hostname property, the kernel's name in its UTS namespace. */
    private String hostnamedHostname() throws IOException {
        String output = sandbox.exec("busctl", "get-property", "org.freedesktop.hostname1",
                "/org/freedesktop/hostname1", "org.freedesktop.hostname1", "Hostname").strip();
        assertThat(output).as("busctl output for Hostname").startsWith("s \"");
        return output.substring(3, output.length() - 1);
    }
}
