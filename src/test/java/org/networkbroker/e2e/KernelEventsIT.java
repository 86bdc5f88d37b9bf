package org.networkbroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the broker in the sandbox and changes links, addresses and routes with ip(8): the
 * scripts of links.d, addresses.d and routes.d must see each change, renamed links must get
 * their new name in later events, and link scripts must get a JSON description that matches
 * the kernel.
 */
@Timeout(120)
class KernelEventsIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);
    private static final String SCRIPTS = "/etc/network-broker";

    private Sandbox sandbox;
    private NetworkdSetup network;
    private ScriptRecords records;
    private BrokerProcess broker;

    @BeforeEach
    void startSandbox() throws IOException {
        sandbox = Sandbox.start();
        network = new NetworkdSetup(sandbox);
        records = new ScriptRecords(sandbox.root().resolve("records"));
    }

    @AfterEach
    void stopSandbox() throws IOException {
        if (broker != null) {
            broker.close();
        }
        sandbox.close();
    }

    /** Installs a recording script named {@code 50-<folder>} in {@code <folder>.d}. */
    private void record(String folder) throws IOException {
        String name = "50-" + folder;
        sandbox.writeFile(SCRIPTS + "/" + folder + ".d/" + name, records.recorder(name), "0755");
    }

    @Test
    void addressAndRouteChangesRunScripts() throws IOException {
        record("addresses");
        record("routes");
        broker = BrokerProcess.start(sandbox);
        sandbox.exec("ip", "link", "add", "k0", "type", "veth", "peer", "name", "k1");
        sandbox.exec("ip", "link", "set", "k1", "up");
        sandbox.exec("ip", "link", "set", "k0", "up");

        sandbox.exec("ip", "address", "add", "10.9.0.1/24", "dev", "k0");
        // The kernel also adds an IPv6 link-local address to k0 once its carrier is up, and
        // its run may come first, so wait for the run of 10.9.0.1/24.
        int added = awaitRun("ADDRESS", "10.9.0.1/24", "ADDRESS_ACTION", "added");
        sandbox.exec("ip", "route", "add", "10.10.0.0/16", "via", "10.9.0.2", "dev", "k0",
                "table", "100");
        int routeAdded = awaitRun("ROUTE_DST", "10.10.0.0/16", "ROUTE_ACTION", "added");
        sandbox.exec("ip", "route", "del", "10.10.0.0/16", "via", "10.9.0.2", "dev", "k0",
                "table", "100");
        int routeRemoved = awaitRun("ROUTE_DST", "10.10.0.0/16", "ROUTE_ACTION", "removed");
        sandbox.exec("ip", "address", "del", "10.9.0.1/24", "dev", "k0");
        int removed = awaitRun("ADDRESS", "10.9.0.1/24", "ADDRESS_ACTION", "removed");

        Map<String, String> address = records.environment(added);
        assertThat(address.get("ADDRESS")).as("ADDRESS of k0").isEqualTo("10.9.0.1/24");
        assertThat(address.get("ADDRESS_FAMILY")).as("ADDRESS_FAMILY of k0").isEqualTo("ipv4");
        assertThat(address.get("ADDRESS_SCOPE")).as("ADDRESS_SCOPE of k0").isEqualTo("global");
        assertThat(address.get("LINKIFINDEX")).as("LINKIFINDEX of k0")
                .isEqualTo(Integer.toString(network.ifindex("k0")));
        Map<String, String> route = records.environment(routeAdded);
        assertThat(route.get("LINK")).as("LINK of the route via k0").isEqualTo("k0");
        assertThat(route.get("ROUTE_GATEWAY")).as("ROUTE_GATEWAY").isEqualTo("10.9.0.2");
        assertThat(route.get("ROUTE_TABLE")).as("ROUTE_TABLE").isEqualTo("100");
        assertThat(route.get("ROUTE_FAMILY")).as("ROUTE_FAMILY").isEqualTo("ipv4");
        assertThat(List.of(added, routeAdded, routeRemoved, removed))
                .as("order of the runs for k0").isSorted();
    }

    @Test
    void renamedLinkGetsNewNameLater() throws IOException {
        record("links");
        record("off");
        broker = BrokerProcess.start(sandbox);
        sandbox.exec("ip", "link", "add", "k0", "type", "veth", "peer", "name", "k1");
        records.await(run -> run.equals("50-links added k0"), EVENT_TIMEOUT);

        sandbox.exec("ip", "link", "set", "k0", "name", "k9");
        int renamed = records.await(run -> run.equals("50-links renamed k9"), EVENT_TIMEOUT);
        sandbox.exec("ip", "link", "set", "k9", "up");
        sandbox.exec("ip", "link", "set", "k9", "down");
        int off = records.awaitAfter(renamed, run -> run.startsWith("50-off off "),
                EVENT_TIMEOUT);
        sandbox.exec("ip", "link", "del", "k9");
        int deleted = records.await(run -> run.equals("50-links removed k9"), EVENT_TIMEOUT);

        assertThat(records.environment(renamed).get("LINK_OLD_NAME")).as("LINK_OLD_NAME")
                .isEqualTo("k0");
        assertThat(records.environment(off).get("LINK")).as("LINK of the off.d run after the"
                + " rename").isEqualTo("k9");
        assertThat(records.environment(deleted).get("LINK_ACTION")).as("LINK_ACTION of k9")
                .isEqualTo("removed");
    }

    @Test
    void jsonDescribesLinkAsKernelSees() throws IOException {
        record("routable");
        broker = BrokerProcess.start(sandbox);
        network.staticPair("left0", "192.168.88.1/24", "right0", "192.168.88.2/24");

        int run = records.await(line -> line.equals("50-routable routable left0"), EVENT_TIMEOUT);

        JsonNode json = new JsonMapper().readTree(records.environment(run).get("JSON"));
        assertThat(json.get("Name").asString()).as("Name in JSON of left0").isEqualTo("left0");
        assertThat(json.get("Index").asInt()).as("Index in JSON of left0")
                .isEqualTo(network.ifindex("left0"));
        List<String> addresses = new ArrayList<>();
        json.get("Addresses").forEach(address -> addresses.add(address.get("Address")
                .asString() + "/" + address.get("PrefixLength").asInt()));
        assertThat(addresses).as("addresses in JSON of left0").contains("192.168.88.1/24");
        assertThat(json.get("OperationalState").asString()).as("OperationalState in JSON")
                .isEqualTo("routable");
        assertThat(json.get("Networkd").get("Name").asString())
                .as("networkd's own description in JSON of left0").isEqualTo("left0");
    }

    @Test
    void emitJsonFalseLeavesJsonOut() throws IOException {
        sandbox.writeFile(SCRIPTS + "/network-broker.toml", "[Network]\nEmitJSON=false\n",
                "0644");
        record("routable");
        broker = BrokerProcess.start(sandbox);
        network.staticPair("left0", "192.168.88.1/24", "right0", "192.168.88.2/24");

        int run = records.await(line -> line.equals("50-routable routable left0"), EVENT_TIMEOUT);

        assertThat(records.environment(run)).as("environment of left0 with EmitJSON=false")
                .doesNotContainKey("JSON");
    }

    @Test
    void routingPolicyRulesFollowAddresses() throws IOException {
        sandbox.writeFile(SCRIPTS + "/network-broker.toml", """
                [Network]
                RoutingPolicyRules="left0"
                """, "0644");
        broker = BrokerProcess.start(sandbox);
        network.staticLink("left0", "192.168.88.1/24", "192.168.88.2");
        network.staticLink("right0", "192.168.88.2/24", null);
        sandbox.exec("networkctl", "reload");
        sandbox.exec("ip", "link", "add", "left0", "type", "veth", "peer", "name", "right0");
        network.awaitState("left0", "routable", "configured", EVENT_TIMEOUT);
        long table = 9999 + network.ifindex("left0");

        // The broker adds the from and the to rule one after the other, so wait for both.
        String rules = awaitOutput(List.of("ip", "-4", "rule", "show"),
                output -> output.contains("from 192.168.88.1 lookup " + table)
                        && output.contains("to 192.168.88.1 lookup " + table));
        String routes = awaitOutput(List.of("ip", "-4", "route", "show", "table",
                Long.toString(table)), output -> output.contains("default"));
        sandbox.exec("ip", "address", "del", "192.168.88.1/24", "dev", "left0");
        String rulesAfter = awaitOutput(List.of("ip", "-4", "rule", "show"),
                output -> !output.contains("lookup " + table));

        assertThat(rules).as("rules with left0's address").contains("from 192.168.88.1 lookup "
                + table).contains("to 192.168.88.1 lookup " + table);
        assertThat(routes).as("routes of table %d", table)
                .contains("default via 192.168.88.2 dev left0");
        assertThat(rulesAfter).as("rules after the address was deleted")
                .doesNotContain("192.168.88.1");
    }

    /** Runs a command in the sandbox until its output matches, and returns that output. */
    private String awaitOutput(List<String> command,
            java.util.function.Predicate<String> matcher) throws IOException {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (true) {
            String output = sandbox.exec(command.toArray(String[]::new));
            if (matcher.test(output)) {
                return output;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no matching output of " + command + " within "
                        + EVENT_TIMEOUT.toSeconds() + " s; last output:\n" + output
                        + "\nbroker output:\n" + broker.output());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** Waits for a run whose environment holds both pairs, and returns its number. */
    private int awaitRun(String key, String value, String otherKey, String otherValue)
            throws IOException {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (true) {
            for (int run = 1; run <= records.runs().size(); run++) {
                Map<String, String> env;
                try {
                    env = records.environment(run);
                } catch (java.nio.file.NoSuchFileException e) {
                    continue;
                }
                if (value.equals(env.get(key)) && otherValue.equals(env.get(otherKey))) {
                    return run;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no run with " + key + "=" + value + " and " + otherKey
                        + "=" + otherValue + "; runs:\n" + String.join("\n", records.runs()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
