package org.networkbroker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.Fixtures;
import org.networkbroker.LogCapture;
import org.networkbroker.event.LinkDirectory;
import org.networkbroker.event.LinkStateChanged;
import org.networkbroker.event.ManagerStateChanged;
import org.networkbroker.event.NetworkEvent.Origin;
import org.slf4j.LoggerFactory;

/**
 * Tests that send events through the dispatcher to real scripts, with link names and states
 * from a fixed directory instead of the bus.
 */
class DispatcherTest {

    /** An ifindex that the test's network namespace is not expected to have. */
    private static final int IFINDEX = 4242;

    @TempDir
    Path temp;

    private Path root;
    private Path result;
    private Path leases;
    private LogCapture log;
    private Level previousLevel;
    private Dispatcher dispatcher;

    @BeforeEach
    void createFolders() throws IOException {
        root = Files.createDirectory(temp.resolve("scripts"));
        leases = Files.createDirectory(temp.resolve("leases"));
        result = temp.resolve("result");
        Logger logger = (Logger) LoggerFactory.getLogger(Dispatcher.class);
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        log = LogCapture.of(Dispatcher.class);
    }

    @AfterEach
    void closeDispatcher() {
        if (dispatcher != null) {
            dispatcher.close();
        }
        log.close();
        ((Logger) LoggerFactory.getLogger(Dispatcher.class)).setLevel(previousLevel);
    }

    @Test
    @Timeout(30)
    void linkEventRunsBothStateFolders() throws IOException, InterruptedException {
        Files.writeString(leases.resolve(Integer.toString(IFINDEX)),
                Fixtures.networkd252("lease-ifindex-12"));
        String line = "echo \"$STATE args=$1,$2 LINK=$LINK oper=$OperationalState"
                + " carrier=$CarrierState router=$DHCP4_ROUTER\" >> " + result;
        script("routable", line);
        script("configured", line);
        dispatcher = dispatcher(Optional.empty(), Map.of(
                "OperationalState", "degraded",
                "CarrierState", "carrier"));

        dispatcher.accept(new LinkStateChanged(IFINDEX, Map.of(
                "OperationalState", "routable",
                "AdministrativeState", "configured"), Origin.SIGNAL));

        List<String> lines = awaitLines(2);
        assertThat(lines).as("script runs for eth0").containsExactly(
                "routable args=routable,eth0 LINK=eth0 oper=routable carrier=carrier"
                        + " router=192.168.77.1",
                "configured args=configured,eth0 LINK=eth0 oper=routable carrier=carrier"
                        + " router=192.168.77.1");
    }

    @Test
    @Timeout(30)
    void eventStatesFillEnvironment() throws IOException, InterruptedException {
        script("routable", "echo \"carrier=$CarrierState online=$OnlineState"
                + " ipv6=$IPv6AddressState\" >> " + result);
        FixedLinks directory = new FixedLinks(Map.of(
                "CarrierState", "no-carrier",
                "OnlineState", "offline",
                "IPv6AddressState", "off"));
        dispatcher = dispatcher(Optional.empty(), directory, Duration.ofSeconds(20));
        Map<String, String> states = Map.of(
                "AdministrativeState", "configured",
                "OperationalState", "routable",
                "CarrierState", "carrier",
                "AddressState", "routable",
                "IPv4AddressState", "routable",
                "IPv6AddressState", "degraded",
                "OnlineState", "online");

        dispatcher.accept(new LinkStateChanged(IFINDEX, Map.of("OperationalState", "routable"),
                states, Origin.SIGNAL));

        assertThat(awaitLines(1)).as("states of eth0 in the routable.d script")
                .containsExactly("carrier=carrier online=online ipv6=degraded");
        assertThat(directory.propertyReads()).as("reads of eth0's states from networkd")
                .hasValue(0);
    }

    @Test
    @Timeout(30)
    void excludedLinkRunsNothing() throws IOException, InterruptedException {
        script("routable", "echo ran >> " + result);
        dispatcher = dispatcher(Optional.of(Set.of("eth")), Map.of());

        dispatcher.accept(new LinkStateChanged(IFINDEX, Map.of("OperationalState", "routable"),
                Origin.SIGNAL));

        awaitLog(Level.DEBUG, "event of excluded link link=eth0");
        assertThat(result).as("result of routable.d for excluded eth0").doesNotExist();
    }

    @Test
    @Timeout(30)
    void invalidStateIsSkipped() throws IOException, InterruptedException {
        script("configured", "echo \"$STATE\" >> " + result);
        dispatcher = dispatcher(Optional.empty(), Map.of());

        dispatcher.accept(new LinkStateChanged(IFINDEX, Map.of(
                "OperationalState", "../../bin",
                "AdministrativeState", "configured"), Origin.SIGNAL));

        assertThat(awaitLines(1)).as("script runs for eth0").containsExactly("configured");
        assertThat(log.messages(Level.WARN, "state ignored"))
                .as("warnings for OperationalState ../../bin").singleElement().asString()
                .contains("link=eth0 ifindex=" + IFINDEX)
                .contains("OperationalState=\"../../bin\"");
    }

    @Test
    @Timeout(30)
    void unknownLinkDropsEvent() throws IOException, InterruptedException {
        script("routable", "echo ran >> " + result);
        dispatcher = dispatcher(Optional.empty(), Map.of());

        dispatcher.accept(new LinkStateChanged(IFINDEX + 1, Map.of("OperationalState",
                "routable"), Origin.SIGNAL));

        awaitLog(Level.DEBUG, "link not found ifindex=" + (IFINDEX + 1));
        assertThat(result).as("result of routable.d for an unknown link").doesNotExist();
    }

    @Test
    @Timeout(30)
    void managerEventRunsManagerFolder() throws IOException, InterruptedException {
        script("manager", "echo \"$STATE args=$# $1 online=$OnlineState link=${LINK:-none}\" >> "
                + result);
        dispatcher = dispatcher(Optional.empty(), Map.of());

        dispatcher.accept(new ManagerStateChanged(Map.of("OperationalState", "routable"),
                Origin.SIGNAL));

        assertThat(awaitLines(1)).as("manager.d runs").containsExactly(
                "routable args=1 routable online=partial link=none");
    }

    @Test
    @Timeout(30)
    void managerEventStatesFillEnvironment() throws IOException, InterruptedException {
        script("manager", "echo \"$STATE online=$OnlineState\" >> " + result);
        dispatcher = dispatcher(Optional.empty(), Map.of());
        Map<String, String> states = Map.of(
                "OperationalState", "routable",
                "CarrierState", "carrier",
                "AddressState", "routable",
                "IPv4AddressState", "routable",
                "IPv6AddressState", "degraded",
                "OnlineState", "online");

        dispatcher.accept(new ManagerStateChanged(Map.of("OperationalState", "routable"),
                states, Origin.SIGNAL));

        assertThat(awaitLines(1)).as("manager.d run with the event's states")
                .containsExactly("routable online=online");
    }

    @Test
    @Timeout(30)
    void closeStartsNoFurtherScripts() throws IOException, InterruptedException {
        script("routable", "10-slow", "echo first >> " + result + "; sleep 30");
        script("routable", "20-later", "echo second >> " + result);
        dispatcher = dispatcher(Optional.empty(), Map.of(), Duration.ofSeconds(2));
        dispatcher.accept(new LinkStateChanged(IFINDEX, Map.of("OperationalState", "routable"),
                Origin.SIGNAL));
        awaitLines(1);

        dispatcher.close();
        dispatcher = null;

        assertThat(Files.readAllLines(result)).as("scripts of routable.d started for eth0"
                + " around a close").containsExactly("first");
    }

    private Dispatcher dispatcher(Optional<Set<String>> links, Map<String, String> current) {
        return dispatcher(links, current, Duration.ofSeconds(20));
    }

    private Dispatcher dispatcher(Optional<Set<String>> links, Map<String, String> current,
            Duration timeout) {
        return dispatcher(links, new FixedLinks(current), timeout);
    }

    private Dispatcher dispatcher(Optional<Set<String>> links, LinkDirectory directory,
            Duration timeout) {
        return new Dispatcher(new ScriptDirectories(List.of(root), ownUid()),
                new ScriptRunner(timeout), directory, new LinkFilter(links),
                leases, Optional.empty(), Optional.empty());
    }

    private void script(String state, String body) throws IOException {
        script(state, "10-record", body);
    }

    private void script(String state, String name, String body) throws IOException {
        Path folder = Files.createDirectories(root.resolve(state + ".d"));
        Path file = folder.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private List<String> awaitLines(int count) throws IOException, InterruptedException {
        while (!Files.exists(result) || Files.readAllLines(result).size() < count) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return Files.readAllLines(result);
    }

    private void awaitLog(Level level, String text) throws InterruptedException {
        while (log.messages(level, text).isEmpty()) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /**
     * A link directory with one link, eth0 at {@link #IFINDEX}, and fixed current states.
     *
     * @param current the properties that eth0 reports as current
     * @param propertyReads counts the calls of {@link #linkProperties}
     */
    private record FixedLinks(Map<String, String> current, AtomicInteger propertyReads)
            implements LinkDirectory {

        FixedLinks(Map<String, String> current) {
            this(current, new AtomicInteger());
        }

        @Override
        public Optional<String> linkName(int ifindex) {
            return ifindex == IFINDEX ? Optional.of("eth0") : Optional.empty();
        }

        @Override
        public Map<String, String> linkProperties(int ifindex) {
            propertyReads.incrementAndGet();
            return current;
        }

        @Override
        public Map<String, String> managerProperties() {
            return Map.of("OperationalState", "degraded", "OnlineState", "partial");
        }
    }

    private static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the uid from /proc/self", e);
        }
    }
}
