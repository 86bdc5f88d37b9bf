package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Cuts lease files at every position, as a reader sees them while dhclient writes, and checks
 * that each cut parses to a complete result or to "incomplete", never to an exception or a wrong
 * lease. Also generates lease files with {@link LeaseFileWriter} and parses them back.
 */
class LeaseFileTruncationTest {

    private static final List<String> VALID_FIXTURES = List.of("recorded/dhclient.leases",
            "recorded/dhclient-epoch.leases", "recorded/dhclient6.leases",
            "several-leases.leases", "escapes.leases", "epoch.leases", "mixed-v4-v6.leases");

    /**
     * Checks every prefix of a valid file: it is incomplete, or complete with no malformed
     * statements and with the first leases of the whole file.
     */
    private static void checkEveryPrefix(String name, String text) {
        LeaseFileResult whole = LeaseFileParser.parse(name, text);
        assertThat(whole).as("whole %s", name).isInstanceOf(LeaseFile.class);
        List<DhcpLease> leases = ((LeaseFile) whole).leases();
        for (int length = 0; length < text.length(); length++) {
            LeaseFileResult result = LeaseFileParser.parse(name, text.substring(0, length));
            if (result instanceof LeaseFile file) {
                assertThat(file.malformed()).as("malformed in %s cut at %d", name, length)
                        .isEmpty();
                assertThat(file.leases()).as("leases of %s cut at %d", name, length)
                        .isEqualTo(leases.subList(0, file.leases().size()));
            } else {
                assertThat(result).as("%s cut at %d", name, length)
                        .isInstanceOf(IncompleteLeaseFile.class);
            }
        }
    }

    @Example
    void everyPrefixOfValidFixtureParses() {
        for (String name : VALID_FIXTURES) {
            checkEveryPrefix(name, Fixtures.read(name));
        }
    }

    @Example
    void everyPrefixOfMalformedFixtureParses() {
        String text = Fixtures.read("malformed.leases");

        for (int length = 0; length <= text.length(); length++) {
            String prefix = text.substring(0, length);

            LeaseFileResult result = LeaseFileParser.parse("malformed.leases", prefix);

            assertThat(result).as("cut at %d", length)
                    .isInstanceOfAny(LeaseFile.class, IncompleteLeaseFile.class);
        }
    }

    @Example
    void cutInsideLastLeaseDropsNothingEarlier() {
        String text = Fixtures.read("recorded/dhclient.leases");
        int lastLease = text.lastIndexOf("lease {");

        LeaseFileResult beforeLast = LeaseFileParser.parse("cut", text.substring(0, lastLease));
        LeaseFileResult insideLast =
                LeaseFileParser.parse("cut", text.substring(0, lastLease + 40));

        assertThat(beforeLast).isInstanceOfSatisfying(LeaseFile.class,
                file -> assertThat(file.leases()).hasSize(3));
        assertThat(insideLast).isInstanceOf(IncompleteLeaseFile.class);
    }

    @Property(tries = 200)
    void generatedFileParsesToSameLeases(@ForAll("leaseLists") List<DhcpLease> leases,
            @ForAll LeaseFileWriter.TimeFormat format, @ForAll boolean comments) {
        String text = LeaseFileWriter.write(leases, format, comments);

        LeaseFileResult result = LeaseFileParser.parse("generated", text);

        assertThat(result).isInstanceOfSatisfying(LeaseFile.class, file -> {
            assertThat(file.malformed()).isEmpty();
            assertThat(file.leases()).isEqualTo(leases);
            for (int index = 0; index < leases.size(); index++) {
                assertThat(file.leases().get(index).options().sequencedKeySet())
                        .containsExactlyElementsOf(leases.get(index).options().sequencedKeySet());
            }
        });
    }

    @Property(tries = 50)
    void everyPrefixOfGeneratedFileParses(@ForAll("leaseLists") List<DhcpLease> leases,
            @ForAll LeaseFileWriter.TimeFormat format, @ForAll boolean comments) {
        checkEveryPrefix("generated", LeaseFileWriter.write(leases, format, comments));
    }

    @Provide
    Arbitrary<List<DhcpLease>> leaseLists() {
        Arbitrary<DhcpLease> lease = Combinators.combine(
                Arbitraries.of("eth0", "eth1", "wlp2s0", "br-lan.10"),
                addresses().map(KnownOptions::parseAddress),
                entries(Arbitraries.oneOf(knownOptions(), unknownOptions())),
                entries(declarations()),
                times(), times(), times()).as(DhcpLease::new);
        return lease.list().ofMinSize(1).ofMaxSize(3);
    }

    private static Arbitrary<SequencedMap<String, OptionValue>> entries(
            Arbitrary<Map.Entry<String, OptionValue>> entry) {
        return entry.list().ofMaxSize(8).uniqueElements(Map.Entry::getKey).map(list -> {
            SequencedMap<String, OptionValue> map = new LinkedHashMap<>();
            list.forEach(item -> map.put(item.getKey(), item.getValue()));
            return map;
        });
    }

    private static Arbitrary<Map.Entry<String, OptionValue>> knownOptions() {
        return Arbitraries.oneOf(
                addresses().map(address -> Map.entry("subnet-mask", words(List.of(address)))),
                addresses().list().ofMinSize(1).ofMaxSize(3)
                        .map(list -> Map.entry("routers", words(list))),
                addresses().list().ofMinSize(1).ofMaxSize(3)
                        .map(list -> Map.entry("domain-name-servers", words(list))),
                addresses().map(address ->
                        Map.entry("dhcp-server-identifier", words(List.of(address)))),
                texts().map(text -> Map.entry("domain-name", strings(List.of(text)))),
                texts().list().ofMinSize(1).ofMaxSize(3)
                        .map(list -> Map.entry("domain-search", strings(list))),
                texts().map(text -> Map.entry("host-name", strings(List.of(text)))),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL).map(seconds ->
                        Map.entry("dhcp-lease-time", words(List.of(Long.toString(seconds))))));
    }

    private static Arbitrary<Map.Entry<String, OptionValue>> unknownOptions() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1)
                .ofMaxLength(8).map(name -> "x-" + name);
        Arbitrary<String> hex = Arbitraries.integers().between(0, 255).list().ofMinSize(1)
                .ofMaxSize(6).map(bytes -> bytes.stream().map(Integer::toHexString)
                        .collect(Collectors.joining(":")));
        Arbitrary<OptionValue> values = Arbitraries.oneOf(
                hex.list().ofMinSize(1).ofMaxSize(3).map(LeaseFileTruncationTest::words),
                texts().list().ofMinSize(1).ofMaxSize(3).map(LeaseFileTruncationTest::strings),
                texts().map(text -> new OptionValue("success " + LeaseFileWriter.quote(text),
                        List.of("success " + text))),
                Arbitraries.just(new OptionValue("", List.of())));
        return Combinators.combine(names, values).as(Map::entry);
    }

    private static Arbitrary<Map.Entry<String, OptionValue>> declarations() {
        return Arbitraries.oneOf(
                Arbitraries.of("filename", "server-name", "medium").flatMap(keyword ->
                        texts().map(text -> Map.entry(keyword, strings(List.of(text))))),
                Arbitraries.just(Map.entry("bootp", new OptionValue("", List.of()))));
    }

    private static Arbitrary<String> addresses() {
        return Arbitraries.integers().between(0, 255).list().ofSize(4).map(bytes ->
                bytes.stream().map(String::valueOf).collect(Collectors.joining(".")));
    }

    private static Arbitrary<String> texts() {
        return Arbitraries.strings().withCharRange(' ', '~')
                .withChars('\t', '\n', '\0', '\u007f', '\u00e9', '\u65e5', '\u0085', '\ufffd')
                .ofMaxLength(12);
    }

    private static Arbitrary<Instant> times() {
        return Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.longs().between(0, 4_102_444_799L)
                        .map(Instant::ofEpochSecond)),
                Tuple.of(1, Arbitraries.just(DhcpLease.NEVER)));
    }

    /** Makes a value of unquoted words, joined with commas as dhclient writes addresses. */
    private static OptionValue words(List<String> words) {
        return new OptionValue(String.join(",", words), words);
    }

    /** Makes a value of quoted strings, joined with ", " as dhclient writes domain lists. */
    private static OptionValue strings(List<String> texts) {
        String text = texts.stream().map(LeaseFileWriter::quote).collect(Collectors.joining(", "));
        return new OptionValue(text, texts);
    }
}
