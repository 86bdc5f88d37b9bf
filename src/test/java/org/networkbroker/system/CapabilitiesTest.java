package org.networkbroker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    private static final Path SOURCE = Path.of("/proc/self/status");

    @Test
    void rootStatusHasNetAdmin() throws IOException {
        Capabilities capabilities = Capabilities.parse("""
                Name:\tjava
                CapInh:\t0000000000000000
                CapPrm:\t000001ffffffffff
                CapEff:\t000001ffffffffff
                """, SOURCE);

        assertThat(capabilities.has(Capabilities.CAP_NET_ADMIN)).as("CAP_NET_ADMIN").isTrue();
    }

    @Test
    void ambientNetAdminOnlyHasBitTwelve() throws IOException {
        Capabilities capabilities = Capabilities.parse("CapEff:\t0000000000001000\n", SOURCE);

        assertThat(capabilities.has(Capabilities.CAP_NET_ADMIN)).as("CAP_NET_ADMIN").isTrue();
        assertThat(capabilities.has(11)).as("bit 11").isFalse();
        assertThat(capabilities.has(13)).as("bit 13").isFalse();
    }

    @Test
    void unprivilegedStatusLacksNetAdmin() throws IOException {
        Capabilities capabilities = Capabilities.parse("CapEff:\t0000000000000000\n", SOURCE);

        assertThat(capabilities.has(Capabilities.CAP_NET_ADMIN)).as("CAP_NET_ADMIN").isFalse();
    }

    @Test
    void highestBitIsRead() throws IOException {
        Capabilities capabilities = Capabilities.parse("CapEff:\t8000000000000000\n", SOURCE);

        assertThat(capabilities.has(63)).as("bit 63").isTrue();
    }

    @Test
    void missingOrBadLineIsRejected() {
        assertThatThrownBy(() -> Capabilities.parse("Name:\tjava\n", SOURCE))
                .as("no CapEff line").hasMessageContaining("missing or invalid CapEff");
        assertThatThrownBy(() -> Capabilities.parse("CapEff:\tzz\n", SOURCE))
                .as("not hex").hasMessageContaining("invalid CapEff line");
        assertThatThrownBy(() -> Capabilities.parse("CapEff:\t" + "f".repeat(17) + "\n",
                SOURCE)).as("17 digits").hasMessageContaining("missing or invalid CapEff");
    }

    @Test
    void ownProcessCanBeRead() {
        assertThatCode(Capabilities::ofSelf).as("reading /proc/self/status")
                .doesNotThrowAnyException();
    }
}
