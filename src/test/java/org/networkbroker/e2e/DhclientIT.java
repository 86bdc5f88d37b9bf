package org.networkbroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.dhclient.DhcpLease;
import org.networkbroker.dhclient.LeaseFile;
import org.networkbroker.dhclient.LeaseFileParser;
import org.networkbroker.dhclient.LeaseFileResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the broker with {@code Generator="dhclient"} in a sandbox, where real ISC dhclient
 * takes leases from systemd-networkd's DHCP server over a veth pair. networkd manages only
 * the server end, and dhclient with its dhclient-script configures the client end.
 */
@Timeout(120)
class DhclientIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPTS = "/etc/network-broker";

    private Sandbox sandbox;
    private NetworkdSetup network;
    private ScriptRecords records;
    private Dhclient dhclient;
    private BrokerProcess broker;

    @BeforeEach
    void startSandbox() throws IOException {
        sandbox = Sandbox.start();
        network = new NetworkdSetup(sandbox);
        records = new ScriptRecords(sandbox.root().resolve("records"));
        dhclient = new Dhclient(sandbox, sandbox.root().resolve("leases"));
        sandbox.writeFile(SCRIPTS + "/network-broker.toml", """
                [System]
                Generator="dhclient"
                DHClientLeaseFiles="%s/leases/dhclient.*.leases"

                [Network]
                Links="dhcp0"
                """.formatted(sandbox.root()), "0644");
        sandbox.writeFile(SCRIPTS + "/routable.d/50-record", records.recorder("50-record"),
                "0755");
    }

    @AfterEach
    void stopSandbox() throws IOException {
        if (broker != null) {
            broker.close();
        }
        sandbox.close();
    }

    @Test
    void dhclientLeaseRunsRoutableScripts() throws IOException {
        broker = BrokerProcess.start(sandbox);
        network.dhcpServerWithUnmanagedClient("srv0", "dhcp0", "192.168.77", "");

        dhclient.obtainLease("dhcp0");

        int run = records.await(line -> line.equals("50-record routable dhcp0"), EVENT_TIMEOUT);
        DhcpLease lease = newestLease("dhcp0");
        String address = lease.fixedAddress().getHostAddress();
        int ifindex = network.ifindex("dhcp0");
        Map<String, String> env = records.environment(run);
        assertThat(env.get("LINK")).as("LINK of dhcp0").isEqualTo("dhcp0");
        assertThat(env.get("LINKIFINDEX")).as("LINKIFINDEX of dhcp0")
                .isEqualTo(Integer.toString(ifindex));
        assertThat(env.get("STATE")).as("STATE of dhcp0").isEqualTo("routable");
        assertThat(env.get("DHCP4_ADDRESS")).as("DHCP4_ADDRESS of dhcp0, from its lease file")
                .isEqualTo(address);
        assertThat(network.ipv4Address("dhcp0"))
                .as("address that dhclient-script put on dhcp0").isEqualTo(address);
        assertThat(env.get("DHCP4_ROUTER")).as("DHCP4_ROUTER of dhcp0")
                .isEqualTo("192.168.77.1");
        assertThat(env.get("DHCP4_SUBNET_MASK")).as("DHCP4_SUBNET_MASK of dhcp0")
                .isEqualTo("255.255.255.0");
        assertThat(env.get("DHCP4_DNS")).as("DHCP4_DNS of dhcp0").isEqualTo("192.168.77.53");
        assertThat(env.get("DHCP4_LEASE_EXPIRY")).as("DHCP4_LEASE_EXPIRY of dhcp0")
                .isEqualTo(isoSeconds(lease.expire()));
        assertThat(env.get("DHCP_LEASE")).as("DHCP_LEASE of dhcp0")
                .startsWith("interface=dhcp0 fixed-address=" + address + " ")
                .contains(" routers=192.168.77.1 ")
                .endsWith(" expire=" + isoSeconds(lease.expire()));

        JsonNode json = new JsonMapper().readTree(env.get("JSON"));
        assertThat(json.get("Name").asString()).as("Name in JSON of dhcp0").isEqualTo("dhcp0");
        assertThat(json.get("Index").asInt()).as("Index in JSON of dhcp0").isEqualTo(ifindex);
        List<String> addresses = new ArrayList<>();
        json.get("Addresses").forEach(entry -> addresses.add(entry.get("Address").asString()
                + "/" + entry.get("PrefixLength").asInt()));
        assertThat(addresses).as("addresses in JSON of dhcp0").contains(address + "/24");
    }

    @Test
    void unchangedRewriteRunsNothing() throws IOException, InterruptedException {
        broker = BrokerProcess.start(sandbox);
        network.dhcpServerWithUnmanagedClient("srv0", "dhcp0", "192.168.77", "");
        dhclient.obtainLease("dhcp0");
        int first = records.await(line -> line.equals("50-record routable dhcp0"),
                EVENT_TIMEOUT);
        String firstExpiry = records.environment(first).get("DHCP4_LEASE_EXPIRY");

        Path leases = dhclient.leaseFile("dhcp0");
        Path part = leases.resolveSibling(leases.getFileName() + ".part");
        Files.writeString(part, Files.readString(leases));
        Files.move(part, leases, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        // Longer than the broker waits for a file to be quiet, so it reads the rewrite
        // before the change below, and the lease times below move by at least a second.
        Thread.sleep(1500);
        dhclient.stop("dhcp0");
        dhclient.obtainLease("dhcp0");

        int second = records.awaitAfter(first, line -> line.equals("50-record routable dhcp0"),
                EVENT_TIMEOUT);
        String secondExpiry = records.environment(second).get("DHCP4_LEASE_EXPIRY");
        assertThat(second).as("run after the unchanged rewrite and the renewal of dhcp0")
                .isEqualTo(first + 1);
        assertThat(secondExpiry).as("DHCP4_LEASE_EXPIRY after the renewal of dhcp0")
                .isEqualTo(isoSeconds(newestLease("dhcp0").expire()))
                .isNotEqualTo(firstExpiry);
        // A late run would come within the broker's quiet time and second reading.
        Thread.sleep(2000);
        assertThat(records.runs()).as("runs of routable.d for dhcp0").hasSize(2);
    }

    @Test
    void linksFilterExcludesOtherLink() throws IOException {
        broker = BrokerProcess.start(sandbox, "--log-level", "debug");
        network.dhcpServerWithUnmanagedClient("srv1", "dhcp1", "192.168.78", "");
        network.dhcpServerWithUnmanagedClient("srv0", "dhcp0", "192.168.77", "");

        dhclient.obtainLease("dhcp1");
        broker.awaitLog(line -> line.contains("lease of excluded link link=dhcp1 "),
                EVENT_TIMEOUT);
        dhclient.obtainLease("dhcp0");

        records.await(line -> line.equals("50-record routable dhcp0"), EVENT_TIMEOUT);
        assertThat(records.runs()).as("runs; only dhcp0 is in Links=")
                .containsExactly("50-record routable dhcp0");
    }

    /** Parses the lease file of a link and returns its last lease. */
    private DhcpLease newestLease(String link) throws IOException {
        LeaseFileResult result = LeaseFileParser.parse(dhclient.leaseFile(link));
        assertThat(result).as("lease file of %s", link).isInstanceOf(LeaseFile.class);
        List<DhcpLease> leases = ((LeaseFile) result).leases();
        assertThat(leases).as("leases of %s", link).isNotEmpty();
        return leases.getLast();
    }

    private static String isoSeconds(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }
}
