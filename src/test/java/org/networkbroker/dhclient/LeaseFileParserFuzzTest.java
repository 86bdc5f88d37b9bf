package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Feeds the parser broken input and checks that it always returns a result: a lease file, with
 * the damage reported as malformed statements, or an incomplete file. It never throws.
 */
class LeaseFileParserFuzzTest {

    private static final List<String> FRAGMENTS = List.of("lease", "lease6", "default-duid",
            "interface", "fixed-address", "option", "routers", "subnet-mask", "renew", "rebind",
            "expire", "epoch", "never", "bootp", "ia-na", "{", "}", ";", ",", "\"", "\\", "\\0",
            "\\x", "#", "\n", " ", "eth0", "192.0.2.1", "5", "2026/12/04", "12:00:00",
            "1796401387", "999999999999999999", "1:2:3", "\u00e9", "\u0000");

    private static void checkResult(String text) {
        LeaseFileResult result = LeaseFileParser.parse("fuzz", text);

        assertThat(result).isInstanceOfAny(LeaseFile.class, IncompleteLeaseFile.class);
        if (result instanceof LeaseFile file) {
            file.leases().forEach(lease -> assertThat(lease.scriptEnvironment()).isNotEmpty());
        }
    }

    @Property(tries = 500)
    void parserReturnsResultForTokenSoup(@ForAll("tokenSoup") String text) {
        checkResult(text);
    }

    @Property(tries = 500)
    void parserReturnsResultForEditedFixture(@ForAll("editedFixtures") String text) {
        checkResult(text);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(FRAGMENTS).list().ofMaxSize(200)
                .map(fragments -> String.join(" ", fragments));
    }

    /** Fixtures with one range of characters replaced by fragments, as a broken writer might. */
    @Provide
    Arbitrary<String> editedFixtures() {
        Arbitrary<String> fixtures = Arbitraries.of("recorded/dhclient.leases",
                "recorded/dhclient6.leases", "mixed-v4-v6.leases", "escapes.leases")
                .map(Fixtures::read);
        Arbitrary<String> insertions = Arbitraries.of(FRAGMENTS).list().ofMaxSize(4)
                .map(fragments -> String.join("", fragments));
        Arbitrary<Double> starts = Arbitraries.doubles().between(0, 1);
        Arbitrary<Integer> lengths = Arbitraries.integers().between(0, 30);
        return Combinators.combine(fixtures, starts, lengths, insertions)
                .as((text, start, length, insertion) -> {
                    int from = (int) (start * text.length());
                    int to = Math.min(text.length(), from + length);
                    return text.substring(0, from) + insertion + text.substring(to);
                });
    }
}
