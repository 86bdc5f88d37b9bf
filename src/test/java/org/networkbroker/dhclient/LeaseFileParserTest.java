package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeaseFileParserTest {

    private static final String VALID_LEASE = """
            lease {
              interface "eth0";
              fixed-address 192.0.2.1;
              renew 5 2026/12/04 12:00:00;
              rebind 5 2026/12/04 18:00:00;
              expire 6 2026/12/05 00:00:00;
            }
            """;

    private static LeaseFile parseComplete(String text) {
        LeaseFileResult result = LeaseFileParser.parse("test.leases", text);
        assertThat(result).isInstanceOf(LeaseFile.class);
        return (LeaseFile) result;
    }

    private static IncompleteLeaseFile parseIncomplete(String text) {
        LeaseFileResult result = LeaseFileParser.parse("test.leases", text);
        assertThat(result).isInstanceOf(IncompleteLeaseFile.class);
        return (IncompleteLeaseFile) result;
    }

    @Test
    void parserReadsSeveralLeasesInFileOrder() {
        LeaseFile file = Fixtures.parseComplete("several-leases.leases");

        assertThat(file.malformed()).isEmpty();
        assertThat(file.leases()).extracting(lease -> lease.fixedAddress().getHostAddress())
                .containsExactly("192.0.2.10", "192.0.2.11", "198.51.100.20", "192.0.2.12");
        assertThat(file.leases()).extracting(DhcpLease::interfaceName)
                .containsExactly("eth0", "eth0", "eth1", "eth0");
        assertThat(file.defaultDuid()).isEmpty();
        assertThat(file.lease6BlockCount()).isZero();
    }

    @Test
    void parserReadsDateTimesAsUtc() {
        DhcpLease lease = Fixtures.parseComplete("several-leases.leases").leases().getFirst();

        assertThat(lease.renew()).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(lease.rebind()).isEqualTo(Instant.parse("2026-12-01T06:00:00Z"));
        assertThat(lease.expire()).isEqualTo(Instant.parse("2026-12-01T12:00:00Z"));
    }

    @Test
    void parserKeepsDeclarationsAndNeverTimes() {
        DhcpLease lease = Fixtures.parseComplete("several-leases.leases").leases().get(2);

        assertThat(lease.declarations().sequencedKeySet())
                .containsExactly("bootp", "filename", "server-name", "medium");
        assertThat(lease.declarations().get("bootp")).isEqualTo(new OptionValue("", List.of()));
        assertThat(lease.declarations().get("filename"))
                .isEqualTo(new OptionValue("\"pxelinux.0\"", List.of("pxelinux.0")));
        assertThat(lease.declarations().get("server-name").elements())
                .containsExactly("boot.example.test");
        assertThat(lease.renew()).isEqualTo(DhcpLease.NEVER);
        assertThat(lease.rebind()).isEqualTo(DhcpLease.NEVER);
        assertThat(lease.expire()).isEqualTo(DhcpLease.NEVER);
    }

    @Test
    void parserKeepsEveryOptionInFileOrder() {
        DhcpLease lease = Fixtures.parseComplete("several-leases.leases").leases().get(1);

        assertThat(lease.options().sequencedKeySet()).containsExactly("subnet-mask", "routers",
                "domain-name-servers", "dhcp-server-identifier");
        assertThat(lease.options().get("routers"))
                .isEqualTo(new OptionValue("192.0.2.1, 192.0.2.2",
                        List.of("192.0.2.1", "192.0.2.2")));
        assertThat(lease.options().get("domain-name-servers").text())
                .isEqualTo("192.0.2.53,198.51.100.53");
    }

    @Test
    void parserDecodesEscapedStrings() {
        DhcpLease lease = Fixtures.parseComplete("escapes.leases").leases().getFirst();

        assertThat(lease.hostName()).hasValue("café");
        assertThat(lease.options().get("root-path").elements())
                .containsExactly("\"/srv/a \\\"quoted\\\" root\\\\path;x\"");
        assertThat(lease.options().get("nis-domain").elements())
                .containsExactly("tab\tand\tescapeA$");
        assertThat(lease.domainSearch())
                .containsExactly("a.example.test.", "b # not a comment.example.test.");
        assertThat(lease.options().get("dhcp-client-identifier").elements())
                .containsExactly("1:2:3:4:5:6:7");
        assertThat(lease.options().get("vendor-encapsulated-options").elements())
                .containsExactly("{braces}; and, commas");
    }

    @Test
    void parserKeepsSourceTextOfValues() {
        DhcpLease lease = Fixtures.parseComplete("escapes.leases").leases().getFirst();

        assertThat(lease.options().get("host-name").text()).isEqualTo("\"caf\\303\\251\"");
        assertThat(lease.options().get("domain-search").text())
                .isEqualTo("\"a.example.test.\", \"b # not a comment.example.test.\"");
    }

    @Test
    void parserReadsEpochTimesAndIgnoresComments() {
        DhcpLease lease = Fixtures.parseComplete("epoch.leases").leases().getFirst();

        assertThat(lease.renew()).isEqualTo(Instant.ofEpochSecond(1796400979L));
        assertThat(lease.rebind()).isEqualTo(Instant.ofEpochSecond(1796401263L));
        assertThat(lease.expire()).isEqualTo(Instant.parse("2026-12-04T16:23:07Z"));
    }

    @Test
    void parserSkipsLease6BlocksAndReadsDuid() {
        LeaseFile file = Fixtures.parseComplete("mixed-v4-v6.leases");

        assertThat(file.malformed()).isEmpty();
        assertThat(file.lease6BlockCount()).isEqualTo(1);
        assertThat(file.leases()).extracting(DhcpLease::interfaceName)
                .containsExactly("eth0", "eth1");
        assertThat(file.defaultDuid()).hasValue("00:01:00:01:1f:a4:53:0f:52:54:00:12:34:56");
    }

    @Test
    void parserReportsMalformedBlocksWithPositions() {
        LeaseFile file = Fixtures.parseComplete("malformed.leases");
        String path = Fixtures.path("malformed.leases").toString();

        assertThat(file.leases()).extracting(lease -> lease.fixedAddress().getHostAddress())
                .containsExactly("192.0.2.61", "192.0.2.68");
        assertThat(file.malformed()).extracting(MalformedLease::toString).containsExactly(
                path + ":3:17: invalid fixed-address: expected an IPv4 address in dotted-quad form,"
                        + " found \"192.0.2.300\"; skipped the lease block that starts at line 1",
                path + ":17:3: expected \";\" after the interface name, found \"fixed-address\";"
                        + " skipped the lease block that starts at line 15",
                path + ":22:1: missing expire statement in the lease block;"
                        + " skipped the lease block that starts at line 22",
                path + ":28:1: expected lease, lease6 or default-duid, found \"host\";"
                        + " skipped the statement that starts at line 28",
                path + ":32:9: invalid renew time \"5 2026/13/04 12:00:00\": expected WEEKDAY"
                        + " YYYY/MM/DD HH:MM:SS in UTC, epoch SECONDS or never;"
                        + " skipped the lease block that starts at line 29",
                path + ":39:10: invalid option routers \"192.0.2.1, gateway.example.test\":"
                        + " expected an IPv4 address in dotted-quad form,"
                        + " found \"gateway.example.test\";"
                        + " skipped the lease block that starts at line 36",
                path + ":48:10: duplicate option host-name: expected one per lease,"
                        + " found the first at line 47;"
                        + " skipped the lease block that starts at line 44",
                path + ":59:1: expected \"}\" to close the lease block that starts at line 53,"
                        + " found \"lease\"; skipped the lease block that starts at line 53",
                path + ":62:26: invalid escape \"\\09\" in string: expected three octal digits"
                        + " from \\000 to \\377; skipped the lease block that starts at line 59");
    }

    @Test
    void malformedLeaseRecordsSourceLineAndColumn() {
        MalformedLease first = Fixtures.parseComplete("malformed.leases").malformed().getFirst();

        assertThat(first.source()).isEqualTo(Fixtures.path("malformed.leases").toString());
        assertThat(first.line()).isEqualTo(3);
        assertThat(first.column()).isEqualTo(17);
    }

    @Test
    void parserSkipsNestedBlockInsideLease() {
        String text = """
                lease {
                  interface "eth0";
                  option foo { nested { deeper; } };
                  fixed-address 192.0.2.1;
                }
                """ + VALID_LEASE;

        LeaseFile file = parseComplete(text);

        assertThat(file.leases()).hasSize(1);
        assertThat(file.malformed()).extracting(MalformedLease::toString).containsExactly(
                "test.leases:3:14: expected \";\" after the value of option foo, found \"{\";"
                        + " skipped the lease block that starts at line 1");
    }

    @Test
    void parserReportsStrayTopLevelTokens() {
        LeaseFile file = parseComplete("} ;\n\"text\";\n" + VALID_LEASE);

        assertThat(file.leases()).hasSize(1);
        assertThat(file.malformed()).extracting(MalformedLease::message).containsExactly(
                "expected lease, lease6 or default-duid, found \"}\";"
                        + " skipped the statement that starts at line 1",
                "expected lease, lease6 or default-duid, found \";\";"
                        + " skipped the statement that starts at line 1",
                "expected lease, lease6 or default-duid, found string \"text\";"
                        + " skipped the statement that starts at line 2");
    }

    @Test
    void parserReportsLease6WithoutClosingBrace() {
        LeaseFile file = parseComplete("lease6 {\n  ia-na 1:2:3:4 {\n    starts 1;\n  }\n"
                + VALID_LEASE);

        assertThat(file.lease6BlockCount()).isZero();
        assertThat(file.leases()).hasSize(1);
        assertThat(file.malformed()).extracting(MalformedLease::toString).containsExactly(
                "test.leases:5:1: expected \"}\" to close the lease6 block that starts at line 1,"
                        + " found \"lease\"; skipped the statement that starts at line 1");
    }

    @Test
    void parserRejectsMissingOpeningBrace() {
        LeaseFile file = parseComplete("lease interface \"eth0\";\n" + VALID_LEASE);

        assertThat(file.leases()).hasSize(1);
        assertThat(file.malformed()).extracting(MalformedLease::toString).containsExactly(
                "test.leases:1:7: expected \"{\" after lease, found \"interface\";"
                        + " skipped the statement that starts at line 1");
    }

    static Stream<Arguments> invalidOptions() {
        return Stream.of(
                Arguments.of("subnet-mask 255.255.255.0, 255.255.0.0",
                        "invalid option subnet-mask \"255.255.255.0, 255.255.0.0\":"
                                + " expected one value, found 2"),
                Arguments.of("subnet-mask 255.255.255",
                        "invalid option subnet-mask \"255.255.255\": expected an IPv4 address in"
                                + " dotted-quad form, found \"255.255.255\""),
                Arguments.of("dhcp-lease-time 4294967296",
                        "invalid option dhcp-lease-time \"4294967296\": expected a number of"
                                + " seconds from 0 to 4294967295, found \"4294967296\""),
                Arguments.of("dhcp-lease-time -1",
                        "invalid option dhcp-lease-time \"-1\": expected a number of"
                                + " seconds from 0 to 4294967295, found \"-1\""),
                Arguments.of("routers",
                        "invalid option routers \"\": expected at least one value, found none"),
                Arguments.of("domain-name-servers 192.0.2.1, 2001:db8::1",
                        "invalid option domain-name-servers \"192.0.2.1, 2001:db8::1\": expected"
                                + " an IPv4 address in dotted-quad form, found \"2001:db8::1\""),
                Arguments.of("host-name \"a\", \"b\"",
                        "invalid option host-name \"\"a\", \"b\"\": expected one value, found 2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"epoch 999999999999999999", "epoch -1", "epoch",
            "7 2026/12/04 12:00:00", "5 2026/12/04", "5 2026/12/32 12:00:00",
            "5 2026/12/04 24:00:00", "5 2026-12-04 12:00:00", "5 2026/12/04 12:00:00 UTC",
            "sometime"})
    void parserRejectsInvalidTime(String time) {
        String text = VALID_LEASE.replace("expire 6 2026/12/05 00:00:00", "expire " + time);

        LeaseFile file = parseComplete(text);

        assertThat(file.leases()).isEmpty();
        assertThat(file.malformed()).extracting(MalformedLease::message).containsExactly(
                "invalid expire time \"" + time + "\": expected WEEKDAY YYYY/MM/DD HH:MM:SS in UTC,"
                        + " epoch SECONDS or never; skipped the lease block that starts at line 1");
    }

    @Test
    void parserRejectsMissingTime() {
        String text = VALID_LEASE.replace("expire 6 2026/12/05 00:00:00", "expire");

        LeaseFile file = parseComplete(text);

        assertThat(file.malformed()).extracting(MalformedLease::toString).containsExactly(
                "test.leases:6:3: invalid expire time \"\": expected WEEKDAY YYYY/MM/DD HH:MM:SS"
                        + " in UTC, epoch SECONDS or never;"
                        + " skipped the lease block that starts at line 1");
    }

    @ParameterizedTest
    @MethodSource("invalidOptions")
    void parserRejectsInvalidKnownOption(String option, String expectedMessage) {
        String text = VALID_LEASE.replace("  renew", "  option " + option + ";\n  renew");

        LeaseFile file = parseComplete(text);

        assertThat(file.leases()).isEmpty();
        assertThat(file.malformed()).extracting(MalformedLease::message).containsExactly(
                expectedMessage + "; skipped the lease block that starts at line 1");
    }

    @Test
    void parserRejectsEmptyListElements() {
        String text = VALID_LEASE.replace("  renew", "  option foo a,,b;\n  renew");

        LeaseFile file = parseComplete(text);

        assertThat(file.leases()).isEmpty();
        assertThat(file.malformed()).extracting(MalformedLease::toString).containsExactly(
                "test.leases:4:16: expected a value in option foo, found \",\";"
                        + " skipped the lease block that starts at line 1");
    }

    @Test
    void parserMatchesKeywordsIgnoringCase() {
        LeaseFile file = parseComplete(VALID_LEASE.replace("lease {", "LEASE {")
                .replace("interface", "Interface").replace("expire", "EXPIRE"));

        assertThat(file.malformed()).isEmpty();
        assertThat(file.leases()).hasSize(1);
    }

    @Test
    void emptyFileIsCompleteWithoutLeases() {
        LeaseFile file = parseComplete("# nothing yet\n");

        assertThat(file.leases()).isEmpty();
        assertThat(file.malformed()).isEmpty();
    }

    @Test
    void fileEndingInsideLeaseIsIncomplete() {
        String text = VALID_LEASE + VALID_LEASE.substring(0, VALID_LEASE.indexOf("renew"));

        IncompleteLeaseFile incomplete = parseIncomplete(text);

        assertThat(incomplete.line()).isEqualTo(11);
        assertThat(incomplete.column()).isEqualTo(3);
        assertThat(incomplete.reason()).isEqualTo("inside the lease block that starts at line 8");
        assertThat(incomplete.message()).isEqualTo("incomplete lease file test.leases: it ends at"
                + " line 11 column 3, inside the lease block that starts at line 8;"
                + " dhclient may still be writing it, so read it again later");
    }

    @Test
    void fileEndingInsideStringIsIncomplete() {
        IncompleteLeaseFile incomplete = parseIncomplete(VALID_LEASE + "lease {\n  interface \"et");

        assertThat(incomplete.reason())
                .isEqualTo("inside the string that starts at line 9 column 13");
    }

    @Test
    void fileEndingInsideLease6IsIncomplete() {
        IncompleteLeaseFile incomplete = parseIncomplete("lease6 {\n  ia-na 1:2:3:4 {\n");

        assertThat(incomplete.reason()).isEqualTo("inside the lease6 block that starts at line 1");
    }

    @Test
    void fileEndingInsideKeywordIsIncomplete() {
        IncompleteLeaseFile incomplete = parseIncomplete(VALID_LEASE + "lea");

        assertThat(incomplete.reason()).isEqualTo("inside the statement that starts at line 8");
    }

    @Test
    void fileEndingInsideMalformedBlockIsIncomplete() {
        IncompleteLeaseFile incomplete = parseIncomplete("lease {\n  fixed-address 192.0.2.300;\n");

        assertThat(incomplete.line()).isEqualTo(3);
    }

    @Test
    void parsePathNamesFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("dhclient.eth0.leases");
        Files.writeString(file, VALID_LEASE + "lease {");

        LeaseFileResult result = LeaseFileParser.parse(file);

        assertThat(result.source()).isEqualTo(file.toString());
        assertThat(result).isInstanceOf(IncompleteLeaseFile.class);
    }

    @Test
    void parsePathReadsFileCutInsideCharacter(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("dhclient.leases");
        String text = VALID_LEASE.replace("  renew", "  option host-name \"h\u00e9\";\n  renew");
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String beforeCharacter = text.substring(0, text.indexOf('\u00e9'));
        int cut = beforeCharacter.getBytes(StandardCharsets.UTF_8).length + 1;
        Files.write(file, Arrays.copyOf(bytes, cut));

        LeaseFileResult result = LeaseFileParser.parse(file);

        assertThat(result).isInstanceOfSatisfying(IncompleteLeaseFile.class, incomplete ->
                assertThat(incomplete.reason()).isEqualTo("inside the string that starts at line 4"
                        + " column 20"));
    }

    @Test
    void parsePathDecodesUtf8Strings(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("dhclient.leases");
        String text = VALID_LEASE.replace("  renew", "  option host-name \"h\u00e9\";\n  renew");
        Files.writeString(file, text, StandardCharsets.UTF_8);

        LeaseFileResult result = LeaseFileParser.parse(file);

        assertThat(result).isInstanceOfSatisfying(LeaseFile.class, leases ->
                assertThat(leases.leases().getFirst().hostName()).hasValue("h\u00e9"));
    }

    @Test
    void parseMissingFileThrowsNoSuchFile(@TempDir Path folder) {
        Path file = folder.resolve("missing.leases");

        assertThatThrownBy(() -> LeaseFileParser.parse(file))
                .isInstanceOf(NoSuchFileException.class);
    }
}
