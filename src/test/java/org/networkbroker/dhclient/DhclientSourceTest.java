package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.LogCapture;
import org.networkbroker.event.LeaseChanged;
import org.networkbroker.event.LeaseData;
import org.networkbroker.event.NetworkEvent;
import org.networkbroker.event.NetworkEvent.Origin;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link DhclientSource} on lease files in a temporary folder, with the JDK's real
 * WatchService, a fixed or shifted clock and made-up ifindexes.
 *
 * <p>A test that expects no event writes a lease for the link {@code barrier0} into a file of
 * its own afterwards and waits for that event. The source reads files one after another on
 * one thread, each after the same quiet time, so an event caused by the earlier write would
 * arrive before the barrier's.
 */
@Timeout(30)
class DhclientSourceTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(10);
    /** Before the expiry of the hand-written leases below, which end on 2026-12-05. */
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    /** Before the expiry of the leases in recorded/dhclient.leases, 2026-12-04T16:23:07Z. */
    private static final Instant RECORDED_NOW = Instant.parse("2026-12-04T16:20:00Z");
    private static final Map<String, Integer> IFINDEXES = Map.of("eth0", 2, "eth1", 3,
            "nbc0", 10, "nbc1", 11, "barrier0", 99);

    @TempDir
    Path temp;

    private Path folder;
    private Path leaseFile;
    private final BlockingQueue<LeaseChanged> events = new LinkedBlockingQueue<>();
    private final List<NetworkEvent> otherEvents = new ArrayList<>();
    private DhclientSource source;
    private LogCapture log;
    private Level previousLevel;

    @BeforeEach
    void createFolder() throws IOException {
        folder = Files.createDirectory(temp.resolve("dhcp"));
        leaseFile = folder.resolve("dhclient.leases");
        Logger logger = (Logger) LoggerFactory.getLogger(DhclientSource.class);
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        log = LogCapture.of(DhclientSource.class);
    }

    @AfterEach
    void stopSource() {
        if (source != null) {
            source.close();
        }
        log.close();
        ((Logger) LoggerFactory.getLogger(DhclientSource.class)).setLevel(previousLevel);
        assertThat(otherEvents).as("events that are not LeaseChanged").isEmpty();
    }

    @Test
    void startReadsCurrentLeasesAsBaseline() throws Exception {
        Files.copy(Fixtures.path("recorded/dhclient.leases"), leaseFile);

        start(RECORDED_NOW, false);

        assertThat(events).as("events for the leases present at start-up").isEmpty();
        awaitBarrier();
        assertThat(events).as("events after the barrier").isEmpty();
    }

    @Test
    void startupTriggersReportCurrentLeases() throws Exception {
        Files.copy(Fixtures.path("recorded/dhclient.leases"), leaseFile);

        start(RECORDED_NOW, true);

        Map<String, LeaseChanged> byLink = takeEvents(2);
        LeaseChanged nbc0 = byLink.get("nbc0");
        LeaseChanged nbc1 = byLink.get("nbc1");
        assertThat(nbc0.ifindex()).as("ifindex of nbc0").isEqualTo(10);
        assertThat(nbc0.origin()).as("origin of the nbc0 event").isEqualTo(Origin.STARTUP_TRIGGER);
        assertThat(variable(nbc0, "DHCP4_ADDRESS")).as("address of nbc0, its newest lease")
                .isEqualTo("192.0.2.77");
        assertThat(variable(nbc0, "DHCP4_HOSTNAME")).as("host name of nbc0")
                .isEqualTo("nb-client");
        assertThat(variable(nbc1, "DHCP4_ADDRESS")).as("address of nbc1")
                .isEqualTo("192.0.2.216");
        assertThat(variable(nbc1, "DHCP4_ROUTER")).as("router of nbc1").isEqualTo("192.0.2.129");
        assertThat(events).as("further events").isEmpty();
    }

    @Test
    void appendedLeaseReportsOneEvent() throws Exception {
        Files.writeString(leaseFile, lease("eth0", "192.0.2.20", "2026/12/04 18:00:00"));
        start(NOW, false);

        Files.writeString(leaseFile, lease("eth0", "192.0.2.21", "2026/12/04 18:30:00"),
                StandardOpenOption.APPEND);

        LeaseChanged event = takeEvent();
        assertThat(event.linkName()).as("link of the event").isEqualTo("eth0");
        assertThat(event.ifindex()).as("ifindex of eth0").isEqualTo(2);
        assertThat(event.origin()).as("origin of the eth0 event").isEqualTo(Origin.DHCLIENT);
        LeaseData data = event.lease().orElseThrow();
        assertThat(data.variables()).as("variables of the eth0 lease").containsExactly(
                Map.entry("DHCP_LEASE", "interface=eth0 fixed-address=192.0.2.21"
                        + " subnet-mask=255.255.255.0 routers=192.0.2.1"
                        + " domain-name-servers=192.0.2.53,198.51.100.53"
                        + " domain-name=example.test"
                        + " domain-search=example.test.,lan.example.test."
                        + " host-name=client dhcp-lease-time=43200"
                        + " renew=2026-12-04T18:30:00Z rebind=2026-12-04T22:30:00Z"
                        + " expire=2026-12-05T00:00:00Z"),
                Map.entry("DHCP4_ADDRESS", "192.0.2.21"),
                Map.entry("DHCP4_ROUTER", "192.0.2.1"),
                Map.entry("DHCP4_SUBNET_MASK", "255.255.255.0"),
                Map.entry("DHCP4_DNS", "192.0.2.53,198.51.100.53"),
                Map.entry("DHCP4_DOMAIN", "example.test"),
                Map.entry("DHCP4_DOMAIN_SEARCH", "example.test.,lan.example.test."),
                Map.entry("DHCP4_HOSTNAME", "client"),
                Map.entry("DHCP4_LEASE_EXPIRY", "2026-12-05T00:00:00Z"));
        assertThat(data.dnsServers()).as("DNS servers of eth0")
                .containsExactly("192.0.2.53", "198.51.100.53");
        assertThat(data.domain()).as("domain of eth0").hasValue("example.test");
        assertThat(data.searchDomains()).as("search domains of eth0")
                .containsExactly("example.test.", "lan.example.test.");
        assertThat(data.hostname()).as("host name of eth0").hasValue("client");
        awaitBarrier();
        assertThat(events).as("events after the appended lease and the barrier").isEmpty();
    }

    @Test
    void renewalWithSameAddressReportsEvent() throws Exception {
        Files.writeString(leaseFile, lease("eth0", "192.0.2.20", "2026/12/04 18:00:00"));
        start(NOW, false);

        Files.writeString(leaseFile, lease("eth0", "192.0.2.20", "2026/12/04 18:05:00"),
                StandardOpenOption.APPEND);

        LeaseChanged event = takeEvent();
        assertThat(variable(event, "DHCP4_ADDRESS")).as("address after the renewal")
                .isEqualTo("192.0.2.20");
        assertThat(variable(event, "DHCP_LEASE")).as("DHCP_LEASE after the renewal")
                .contains("renew=2026-12-04T18:05:00Z");
    }

    @Test
    void unchangedRewriteByRenameReportsNothing() throws Exception {
        String text = lease("eth0", "192.0.2.20", "2026/12/04 18:00:00");
        Files.writeString(leaseFile, text);
        start(NOW, false);

        replace(leaseFile, text);

        awaitBarrier();
        assertThat(events).as("events after an unchanged rewrite").isEmpty();
    }

    @Test
    void unchangedRewriteInPlaceReportsNothing() throws Exception {
        String text = lease("eth0", "192.0.2.20", "2026/12/04 18:00:00");
        Files.writeString(leaseFile, text);
        start(NOW, false);

        // Truncates and writes, as dhclient does when it rewrites its file at start-up.
        Files.writeString(leaseFile, text);

        awaitBarrier();
        assertThat(events).as("events after an unchanged rewrite in place").isEmpty();
    }

    @Test
    void newFileAfterStartIsRead() throws Exception {
        start(NOW, false);

        replace(folder.resolve("dhclient.eth1.leases"),
                lease("eth1", "198.51.100.20", "2026/12/04 18:00:00"));
        Files.writeString(folder.resolve("other.leases"),
                lease("eth0", "192.0.2.99", "2026/12/04 18:00:00"));

        LeaseChanged event = takeEvent();
        assertThat(event.linkName()).as("link of the event").isEqualTo("eth1");
        assertThat(variable(event, "DHCP4_ADDRESS")).as("address of eth1")
                .isEqualTo("198.51.100.20");
        awaitBarrier();
        assertThat(events).as("events after the barrier; other.leases does not match"
                + " dhclient*.leases").isEmpty();
    }

    @Test
    void fileEndingMidBlockIsReadAgainUntilComplete() throws Exception {
        String first = lease("eth0", "192.0.2.20", "2026/12/04 18:00:00");
        String second = lease("eth0", "192.0.2.21", "2026/12/04 18:30:00");
        Files.writeString(leaseFile, first);
        start(NOW, false);

        String cut = second.substring(0, second.indexOf("option domain-name-servers"));
        Files.writeString(leaseFile, cut, StandardOpenOption.APPEND);
        awaitLog(Level.DEBUG, "dhclient lease file incomplete, reading again", 2);
        assertThat(events).as("events while the file ends inside a lease block").isEmpty();
        Files.writeString(leaseFile, second.substring(cut.length()), StandardOpenOption.APPEND);

        LeaseChanged event = takeEvent();
        assertThat(variable(event, "DHCP4_ADDRESS")).as("address once the block is complete")
                .isEqualTo("192.0.2.21");
        assertThat(variable(event, "DHCP4_DNS")).as("DNS servers once the block is complete")
                .isEqualTo("192.0.2.53,198.51.100.53");
        assertThat(log.messages(Level.DEBUG, "incomplete lease file " + leaseFile))
                .as("debug lines naming the incomplete file").isNotEmpty();
        awaitBarrier();
        assertThat(events).as("events after the completed block and the barrier").isEmpty();
    }

    @Test
    void briefGapInRewriteReportsNothing() throws Exception {
        String eth0 = lease("eth0", "192.0.2.20", "2026/12/04 18:00:00");
        String eth1 = lease("eth1", "198.51.100.20", "2026/12/04 18:00:00");
        Files.writeString(leaseFile, eth1 + eth0);
        start(NOW, false);

        // A rewrite caught between two blocks: the file is complete but lacks eth0's lease.
        Files.writeString(leaseFile, eth1);
        TimeUnit.MILLISECONDS.sleep(DhclientSource.QUIET.toMillis() * 3);
        Files.writeString(leaseFile, eth1 + eth0);
        TimeUnit.MILLISECONDS.sleep(DhclientSource.CONFIRM_GONE.toMillis());

        awaitBarrier();
        assertThat(events).as("events after eth0's lease was missing for a moment").isEmpty();
    }

    @Test
    void vanishedLeaseReportedGoneAfterSecondRead() throws Exception {
        String eth0 = lease("eth0", "192.0.2.20", "2026/12/04 18:00:00");
        String eth1 = lease("eth1", "198.51.100.20", "2026/12/04 18:00:00");
        Files.writeString(leaseFile, eth1 + eth0);
        start(NOW, false);

        long written = System.nanoTime();
        Files.writeString(leaseFile, eth1);

        LeaseChanged event = takeEvent();
        Duration waited = Duration.ofNanos(System.nanoTime() - written);
        assertThat(event.linkName()).as("link of the event").isEqualTo("eth0");
        assertThat(event.lease()).as("lease of eth0 after it left the file").isEmpty();
        assertThat(waited).as("time until eth0's lease was reported gone")
                .isGreaterThanOrEqualTo(DhclientSource.QUIET.plus(DhclientSource.CONFIRM_GONE));
        awaitBarrier();
        assertThat(events).as("events after the barrier; eth1 kept its lease").isEmpty();
    }

    @Test
    void deletedFileReportsLeaseGone() throws Exception {
        Files.writeString(leaseFile, lease("eth0", "192.0.2.20", "2026/12/04 18:00:00"));
        start(NOW, false);

        Files.delete(leaseFile);

        LeaseChanged event = takeEvent();
        assertThat(event.linkName()).as("link of the event").isEqualTo("eth0");
        assertThat(event.lease()).as("lease of eth0 after its file was deleted").isEmpty();
    }

    @Test
    void folderCreatedAfterStartIsWatched() throws Exception {
        folder = temp.resolve("later/dhcp");
        start(NOW, false);
        awaitLog(Level.INFO, "dhclient lease folder missing folder=" + folder, 1);

        Files.createDirectories(folder);
        Files.writeString(folder.resolve("dhclient.leases"),
                lease("eth0", "192.0.2.30", "2026/12/04 18:00:00"));

        LeaseChanged eth0Event = takeEvent();
        assertThat(eth0Event.linkName()).as("link of the lease in the new folder")
                .isEqualTo("eth0");
        assertThat(variable(eth0Event, "DHCP4_ADDRESS")).as("address of eth0")
                .isEqualTo("192.0.2.30");
        replace(folder.resolve("dhclient.eth1.leases"),
                lease("eth1", "198.51.100.30", "2026/12/04 18:00:00"));
        LeaseChanged eth1Event = takeEvent();
        assertThat(eth1Event.linkName()).as("link of a later file in the new folder")
                .isEqualTo("eth1");
        awaitBarrier();
        assertThat(events).as("events after the barrier").isEmpty();
    }

    @Test
    void folderDeletedAndCreatedAgainIsWatched() throws Exception {
        Files.writeString(leaseFile, lease("eth0", "192.0.2.20", "2026/12/04 18:00:00"));
        start(NOW, false);

        Files.delete(leaseFile);
        Files.delete(folder);
        LeaseChanged removal = takeEvent();
        assertThat(removal.lease()).as("lease of eth0 after its folder was deleted").isEmpty();
        awaitLog(Level.INFO, "dhclient lease folder missing folder=" + folder, 1);

        Files.createDirectory(folder);
        Files.writeString(leaseFile, lease("eth0", "192.0.2.21", "2026/12/04 18:00:00"));

        LeaseChanged recreated = takeEvent();
        assertThat(variable(recreated, "DHCP4_ADDRESS")).as("address of eth0 in the new folder")
                .isEqualTo("192.0.2.21");
        awaitBarrier();
        assertThat(events).as("events after the barrier").isEmpty();
    }

    @Test
    void folderMadeSeveralLevelsDeepIsWatched() throws Exception {
        // The folders appear a few microseconds apart, so a parent may be watched only after
        // the next level was made. A few rounds make that race likely.
        for (int round = 0; round < 10; round++) {
            folder = temp.resolve("deep" + round + "/a/b/c/dhcp");
            Files.createDirectories(temp.resolve("deep" + round));
            start(NOW, false);
            awaitLog(Level.INFO, "dhclient lease folder missing folder=" + folder, 1);

            Files.createDirectories(folder);
            Files.writeString(folder.resolve("dhclient.leases"),
                    lease("eth0", "192.0.2." + (40 + round), "2026/12/04 18:00:00"));

            LeaseChanged event = takeEvent();
            assertThat(variable(event, "DHCP4_ADDRESS")).as("address of eth0 in round %d", round)
                    .isEqualTo("192.0.2." + (40 + round));
            awaitBarrier();
            assertThat(events).as("events after the barrier in round %d", round).isEmpty();
            source.close();
            source = null;
        }
    }

    @Test
    void folderReplacedByRenameIsWatched() throws Exception {
        Files.writeString(leaseFile, lease("eth0", "192.0.2.50", "2026/12/04 18:00:00"));
        start(NOW, false);
        Path next = Files.createDirectory(temp.resolve("next"));
        Files.writeString(next.resolve("dhclient.leases"),
                lease("eth0", "192.0.2.51", "2026/12/04 18:00:00"));

        Files.move(folder, temp.resolve("previous"), StandardCopyOption.ATOMIC_MOVE);
        Files.move(next, folder, StandardCopyOption.ATOMIC_MOVE);

        LeaseChanged renamed = takeEvent();
        assertThat(variable(renamed, "DHCP4_ADDRESS")).as("address of eth0 in the new folder")
                .isEqualTo("192.0.2.51");
        replace(folder.resolve("dhclient.eth1.leases"),
                lease("eth1", "198.51.100.51", "2026/12/04 18:00:00"));
        LeaseChanged eth1Event = takeEvent();
        assertThat(eth1Event.linkName()).as("link of a later file in the new folder")
                .isEqualTo("eth1");
        awaitBarrier();
        assertThat(events).as("events after the barrier").isEmpty();
    }

    @Test
    void folderRenamedAwayTakesItsLeases() throws Exception {
        Files.writeString(leaseFile, lease("eth0", "192.0.2.60", "2026/12/04 18:00:00"));
        start(NOW, false);

        Files.move(folder, temp.resolve("previous"), StandardCopyOption.ATOMIC_MOVE);

        LeaseChanged removal = takeEvent();
        assertThat(removal.lease()).as("lease of eth0 after its folder was renamed").isEmpty();
        awaitLog(Level.INFO, "dhclient lease folder missing folder=" + folder, 1);
        Files.createDirectory(folder);
        awaitBarrier();
        assertThat(events).as("events after the barrier").isEmpty();
    }

    @Test
    void expiredLeasesReportedGoneAtExpiry() throws Exception {
        Files.copy(Fixtures.path("recorded/dhclient.leases"), leaseFile);
        Instant expiry = Instant.parse("2026-12-04T16:23:07Z");
        Clock clock = shiftedClock(expiry.minusSeconds(2));
        start(clock, false);

        LeaseChanged first = takeEvent();
        Instant reported = clock.instant();
        LeaseChanged second = takeEvent();
        assertThat(reported).as("clock when the first expiry was reported")
                .isAfterOrEqualTo(expiry);
        assertThat(List.of(first.linkName(), second.linkName())).as("links reported gone")
                .containsExactlyInAnyOrder("nbc0", "nbc1");
        assertThat(first.lease()).as("lease of %s after expiry", first.linkName()).isEmpty();
        assertThat(second.lease()).as("lease of %s after expiry", second.linkName()).isEmpty();
    }

    @Test
    void expiredNewestLeaseFallsBackToOlderOne() throws Exception {
        Files.copy(Fixtures.path("several-leases.leases"), leaseFile);
        Instant expiry = Instant.parse("2026-12-05T00:00:00Z");
        Clock clock = shiftedClock(expiry.minusSeconds(2));
        start(clock, true);
        LeaseChanged atStart = takeEvents(2).get("eth0");
        assertThat(variable(atStart, "DHCP4_ADDRESS")).as("address of eth0 before expiry")
                .isEqualTo("192.0.2.12");

        LeaseChanged event = takeEvent();

        assertThat(clock.instant()).as("clock after the expiry event").isAfterOrEqualTo(expiry);
        assertThat(event.linkName()).as("link of the expiry event").isEqualTo("eth0");
        assertThat(variable(event, "DHCP4_ADDRESS"))
                .as("address of eth0 once its newest lease expired: the older lease that"
                        + " lasts until 2026-12-10")
                .isEqualTo("192.0.2.11");
    }

    @Test
    void sameLinkInSeveralFilesTakesLatestExpiry() throws Exception {
        Path other = folder.resolve("dhclient.other.leases");
        Files.writeString(leaseFile, lease("eth0", "192.0.2.20", "2026/12/04 18:00:00"));
        Files.writeString(other, lease("eth0", "192.0.2.30", "2026/12/04 18:00:00")
                .replace("expire 6 2026/12/05 00:00:00", "expire 6 2026/12/05 06:00:00"));
        start(NOW, true);
        LeaseChanged atStart = takeEvent();
        assertThat(variable(atStart, "DHCP4_ADDRESS"))
                .as("address of eth0 from the file whose lease expires last")
                .isEqualTo("192.0.2.30");

        Files.delete(other);

        LeaseChanged event = takeEvent();
        assertThat(variable(event, "DHCP4_ADDRESS"))
                .as("address of eth0 after the other file was deleted")
                .isEqualTo("192.0.2.20");
        awaitBarrier();
        assertThat(events).as("events after the barrier").isEmpty();
    }

    @Test
    void malformedLeaseLoggedWithFileAndLine() throws Exception {
        Files.copy(Fixtures.path("malformed.leases"), leaseFile);

        start(NOW, true);

        List<String> warnings = log.messages(Level.WARN, "dhclient lease skipped");
        assertThat(warnings).as("warnings for malformed.leases").hasSize(9);
        assertThat(warnings.getFirst()).as("first warning").startsWith(
                "dhclient lease skipped: " + leaseFile + ":3:17: invalid fixed-address");
        Map<String, LeaseChanged> byLink = takeEvents(2);
        LeaseChanged eth0 = byLink.get("eth0");
        LeaseChanged eth1 = byLink.get("eth1");
        assertThat(variable(eth0, "DHCP4_ADDRESS")).as("address of eth0, its one valid lease")
                .isEqualTo("192.0.2.61");
        assertThat(variable(eth1, "DHCP4_ADDRESS")).as("address of eth1, its one valid lease")
                .isEqualTo("192.0.2.68");
    }

    @Test
    void leaseOfMissingLinkIsLogged() throws Exception {
        Files.writeString(leaseFile, lease("eth9", "192.0.2.90", "2026/12/04 18:00:00"));

        start(NOW, true);

        assertThat(log.messages(Level.WARN, "dhclient lease of a missing link ignored link=eth9"))
                .as("warnings for eth9, which has no ifindex").hasSize(1);
        assertThat(events).as("events for eth9").isEmpty();
    }

    @Test
    void rescanReportsChanges() throws Exception {
        Files.writeString(leaseFile, lease("eth0", "192.0.2.20", "2026/12/04 18:00:00"));
        start(NOW, false);

        // The rescan runs before the read that the watch service schedules after the quiet
        // time, so the event comes from the rescan.
        Files.writeString(leaseFile, lease("eth0", "192.0.2.21", "2026/12/04 18:30:00"),
                StandardOpenOption.APPEND);
        source.rescan();

        LeaseChanged event = takeEvent();
        assertThat(variable(event, "DHCP4_ADDRESS")).as("address of eth0 after the rescan")
                .isEqualTo("192.0.2.21");
        awaitBarrier();
        assertThat(events).as("events after the rescan and the barrier").isEmpty();
    }

    @Test
    void sysfsLookupFindsLoopback() {
        assertThat(DhclientSource.ifindexOf("lo")).as("ifindex of lo").hasValue(1);
        assertThat(DhclientSource.ifindexOf("nb-missing0")).as("ifindex of a missing link")
                .isEmpty();
    }

    @Test
    void interfaceNamesFollowKernelRule() {
        for (String name : List.of("eth0", "a", "enp0s31f6", "br-lan.10", "x".repeat(15))) {
            assertThat(DhclientSource.isInterfaceName(name)).as("valid name %s", name).isTrue();
        }
        for (String name : List.of("", ".", "..", "../../proc", "a/b", "eth0:1", "a b", "a\tb",
                "x".repeat(16), "\u00e9".repeat(8))) {
            assertThat(DhclientSource.isInterfaceName(name)).as("invalid name \"%s\"", name)
                    .isFalse();
        }
        assertThat(DhclientSource.ifindexOf("..")).as("ifindex of \"..\"").isEmpty();
    }

    /**
     * Returns a lease block in the format of dhclient 4.4 that expires on 2026-12-05 at 00:00
     * UTC.
     *
     * @param renew the renew time as {@code YYYY/MM/DD HH:MM:SS}
     */
    private static String lease(String link, String address, String renew) {
        return """
                lease {
                  interface "%s";
                  fixed-address %s;
                  option subnet-mask 255.255.255.0;
                  option routers 192.0.2.1;
                  option domain-name-servers 192.0.2.53,198.51.100.53;
                  option domain-name "example.test";
                  option domain-search "example.test.", "lan.example.test.";
                  option host-name "client";
                  option dhcp-lease-time 43200;
                  renew 5 %s;
                  rebind 5 2026/12/04 22:30:00;
                  expire 6 2026/12/05 00:00:00;
                }
                """.formatted(link, address, renew);
    }

    private void start(Instant now, boolean reportCurrent) throws IOException {
        start(Clock.fixed(now, ZoneOffset.UTC), reportCurrent);
    }

    private void start(Clock clock, boolean reportCurrent) throws IOException {
        source = new DhclientSource(List.of(folder + "/dhclient*.leases"), this::collect, clock,
                name -> Optional.ofNullable(IFINDEXES.get(name)));
        source.start(reportCurrent);
    }

    private void collect(NetworkEvent event) {
        if (event instanceof LeaseChanged lease) {
            events.add(lease);
        } else {
            synchronized (otherEvents) {
                otherEvents.add(event);
            }
        }
    }

    /** Returns a clock that runs with real time but reads {@code start} now. */
    private static Clock shiftedClock(Instant start) {
        Clock system = Clock.systemUTC();
        return Clock.offset(system, Duration.between(system.instant(), start));
    }

    /** Writes a file under a temporary name and renames it into place. */
    private static void replace(Path file, String text) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(part, text);
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private LeaseChanged takeEvent() throws InterruptedException {
        LeaseChanged event = events.poll(EVENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("event within %s", EVENT_TIMEOUT).isNotNull();
        return event;
    }

    /** Takes events of different links, which leave in no particular order. */
    private Map<String, LeaseChanged> takeEvents(int count) throws InterruptedException {
        Map<String, LeaseChanged> byLink = new HashMap<>();
        for (int i = 0; i < count; i++) {
            LeaseChanged event = takeEvent();
            assertThat(byLink.put(event.linkName(), event))
                    .as("earlier event of %s", event.linkName()).isNull();
        }
        return byLink;
    }

    /**
     * Writes a lease for {@code barrier0} into a file of its own, waits for its event and
     * removes it from the queue, so that the queue then holds what arrived before it.
     */
    private void awaitBarrier() throws IOException, InterruptedException {
        replace(folder.resolve("dhclient.barrier.leases"),
                lease("barrier0", "203.0.113.1", "2026/12/04 18:00:00"));
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        List<LeaseChanged> before = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            LeaseChanged event = events.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.linkName().equals("barrier0")) {
                events.addAll(before);
                return;
            }
            if (event != null) {
                before.add(event);
            }
        }
        throw new AssertionError("no event for barrier0 within " + EVENT_TIMEOUT
                + "; events before it: " + before);
    }

    private void awaitLog(Level level, String text, int count) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        while (log.messages(level, text).size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + count + " log lines containing \""
                        + text + "\" within " + EVENT_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static String variable(LeaseChanged event, String name) {
        return event.lease().orElseThrow().variables().get(name);
    }
}
