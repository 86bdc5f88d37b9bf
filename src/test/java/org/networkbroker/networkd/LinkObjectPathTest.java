package org.networkbroker.networkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashSet;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.networkbroker.Fixtures;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LinkObjectPathTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @CsvSource({"_32, 2", "_39, 9", "_310, 10", "_3123, 123", "_32147483647, 2147483647"})
    void ifindexDecodesEscapedLabel(String label, int expected) {
        String path = LinkObjectPath.PREFIX + label;

        assertThat(LinkObjectPath.ifindex(path)).as("ifindex of %s", path).isEqualTo(expected);
    }

    @Test
    void ifindexMatchesRecordedListLinks() {
        JsonNode links = JSON.readTree(Fixtures.networkd252("ListLinks.json"))
                .get("data").get(0);

        assertThat(links.size()).as("links in ListLinks.json").isEqualTo(3);
        for (JsonNode link : links) {
            int ifindex = link.get(0).intValue();
            String path = link.get(2).stringValue();
            assertThat(LinkObjectPath.ifindex(path))
                    .as("ifindex of link %s at %s", link.get(1).stringValue(), path)
                    .isEqualTo(ifindex);
            assertThat(LinkObjectPath.of(ifindex)).as("path of ifindex %d", ifindex)
                    .isEqualTo(path);
        }
    }

    @Test
    void ifindexDecodesRecordedSignalPaths() {
        Set<String> linkPaths = new LinkedHashSet<>();
        for (String line : Fixtures.networkd252("signals.jsonl").split("\n")) {
            if (!line.isBlank()) {
                String path = JSON.readTree(line).get("path").stringValue();
                if (LinkObjectPath.isLinkPath(path)) {
                    linkPaths.add(path);
                }
            }
        }

        assertThat(linkPaths).as("link paths in signals.jsonl").containsExactlyInAnyOrder(
                LinkObjectPath.PREFIX + "_32", LinkObjectPath.PREFIX + "_33");
        assertThat(LinkObjectPath.ifindex(LinkObjectPath.PREFIX + "_32"))
                .as("ifindex of recorded path _32").isEqualTo(2);
        assertThat(LinkObjectPath.ifindex(LinkObjectPath.PREFIX + "_33"))
                .as("ifindex of recorded path _33").isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "_30",          // decodes to "0", not a valid ifindex
        "_3",           // escape cut short
        "_",            // lone underscore
        "",             // no label at all
        "abc",          // not an escaped number
        "_2d1",         // decodes to "-1"
        "_32147483648", // Integer.MAX_VALUE + 1
        "_399999999999", // eleven digits
        "_3０",         // fullwidth digit zero in place of a hex digit
        "_32３",        // fullwidth digit three after a valid escape
        "_32٣",         // Arabic-Indic digit three
        "_32१",         // Devanagari digit one
        "_32_2d",       // "2-"
        "_32/extra",    // a child object of the link
        "_3a",          // decodes to ':'
    })
    void ifindexRejectsInvalidLabel(String label) {
        String path = LinkObjectPath.PREFIX + label;

        assertThatThrownBy(() -> LinkObjectPath.ifindex(path))
                .as("ifindex of label \"%s\"", label)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid link object path");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/org/freedesktop/network1",
        "/org/freedesktop/network1/link",
        "/org/freedesktop/network1/network/_32",
        "/org/freedesktop/login1/link/_32",
        "org/freedesktop/network1/link/_32",
    })
    void ifindexRejectsNonLinkPath(String path) {
        assertThatThrownBy(() -> LinkObjectPath.ifindex(path))
                .as("ifindex of %s", path)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(path)
                .hasMessageContaining(LinkObjectPath.PREFIX);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void ofRejectsNonPositiveIfindex(int ifindex) {
        assertThatThrownBy(() -> LinkObjectPath.of(ifindex))
                .as("path of ifindex %d", ifindex)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(ifindex));
    }

    @Property
    void ofRoundTripsEveryIfindex(@ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int ifindex) {
        String path = LinkObjectPath.of(ifindex);

        assertThat(LinkObjectPath.ifindex(path)).as("ifindex of %s", path).isEqualTo(ifindex);
    }

    @Property
    void ifindexThrowsOnlyIllegalArgument(@ForAll String label) {
        checkOnlyIllegalArgument(label);
    }

    @Property
    void ifindexOfEscapeLikeLabels(@ForAll("escapeLikeLabels") String label) {
        checkOnlyIllegalArgument(label);
    }

    /** Labels built from the characters that matter to the decoder, so escapes are frequent. */
    @Provide
    Arbitrary<String> escapeLikeLabels() {
        return Arbitraries.strings().withChars("_0123456789abcdefABCDEF-/:.").ofMaxLength(16);
    }

    private static void checkOnlyIllegalArgument(String label) {
        String path = LinkObjectPath.PREFIX + label;
        Throwable thrown = catchThrowable(() -> LinkObjectPath.ifindex(path));

        if (thrown == null) {
            assertThat(LinkObjectPath.ifindex(path)).as("ifindex of label \"%s\"", label)
                    .isPositive();
        } else {
            assertThat(thrown).as("exception for label \"%s\"", label)
                    .isExactlyInstanceOf(IllegalArgumentException.class);
        }
    }
}
