package org.networkbroker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LinkFilterTest {

    private final LinkFilter listed = new LinkFilter(Optional.of(Set.of("eth1", "lo")));
    private final LinkFilter unset = new LinkFilter(Optional.empty());

    @Test
    void acceptsListedLink() {
        assertThat(listed.accepts("eth1")).as("eth1 with Links = \"eth1 lo\"").isTrue();
        assertThat(listed.accepts("lo")).as("lo with Links = \"eth1 lo\"").isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth10", "eth", "th1", "ETH1", "eth1 ", "", "eth0"})
    void rejectsNamesNotListedExactly(String link) {
        assertThat(listed.accepts(link)).as("link \"%s\" with Links = \"eth1 lo\"", link)
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth0", "eth1", "wlan0", "veth1", "lo0", "lo1"})
    void acceptsAllButLoopbackWhenUnset(String link) {
        assertThat(unset.accepts(link)).as("link %s without Links", link).isTrue();
    }

    @Test
    void rejectsLoopbackWhenUnset() {
        assertThat(unset.accepts("lo")).as("lo without Links").isFalse();
    }

    @Test
    void emptyListAcceptsNothing() {
        LinkFilter empty = new LinkFilter(Optional.of(Set.of()));

        assertThat(empty.accepts("eth0")).as("eth0 with an empty Links list").isFalse();
    }
}
