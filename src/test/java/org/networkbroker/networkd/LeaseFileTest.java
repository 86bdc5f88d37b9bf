package org.networkbroker.networkd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.Fixtures;

class LeaseFileTest {

    private static final String LEASE = Fixtures.networkd252("lease-ifindex-12");

    @TempDir
    Path leases;

    @Test
    void readParsesRecordedLease() throws IOException {
        Files.writeString(leases.resolve("12"), LEASE);

        Optional<Map<String, String>> lease = LeaseFile.read(leases, 12);

        assertThat(lease).as("lease of ifindex 12").isPresent();
        assertThat(lease.get()).as("pairs of the lease of ifindex 12, in file order")
                .containsExactly(
                        Map.entry("ADDRESS", "192.168.77.16"),
                        Map.entry("NETMASK", "255.255.255.0"),
                        Map.entry("ROUTER", "192.168.77.1"),
                        Map.entry("SERVER_ADDRESS", "192.168.77.1"),
                        Map.entry("T1", "1800"),
                        Map.entry("T2", "3150"),
                        Map.entry("LIFETIME", "3600"),
                        Map.entry("DNS", "192.168.77.53"),
                        Map.entry("TIMEZONE", "Etc/UTC"),
                        Map.entry("CLIENTID", "ffc1dd0aef00020000ab110033bdebf95e192c"));
    }

    @Test
    void readOfMissingFileIsEmpty() throws IOException {
        assertThat(LeaseFile.read(leases, 7)).as("lease of ifindex 7 without a file").isEmpty();
    }

    @Test
    void readOfMissingFolderIsEmpty() throws IOException {
        Path missing = leases.resolve("no-such-folder");

        assertThat(LeaseFile.read(missing, 7)).as("lease of ifindex 7 in a missing folder")
                .isEmpty();
    }

    @Test
    void readRejectsOversizedFile() throws IOException {
        Path file = leases.resolve("3");
        Files.writeString(file, "ADDRESS=192.0.2.1\n" + "X=".repeat(40_000));

        assertThatThrownBy(() -> LeaseFile.read(leases, 3))
                .as("reading an 80 KB lease file of ifindex 3")
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void readOfFolderInPlaceOfFileFails() throws IOException {
        Files.createDirectory(leases.resolve("4"));

        assertThatThrownBy(() -> LeaseFile.read(leases, 4))
                .as("reading a folder in place of the lease of ifindex 4")
                .isInstanceOf(IOException.class);
    }

    @Test
    void parseDropsLinesWithInvalidKeys() {
        String text = String.join("\n",
                "ADDRESS=192.0.2.10",
                "lower=1",
                "=no-key",
                "1ROUTER=192.0.2.1",
                "HAS-DASH=2",
                "HAS SPACE=3",
                " LEADING=4",
                "NO_EQUALS_SIGN",
                "ÄRGER=5",
                "ROUTER=192.0.2.1",
                "");

        Map<String, String> pairs = LeaseFile.parse(text);

        assertThat(pairs).as("pairs left after invalid keys are dropped").containsExactly(
                Map.entry("ADDRESS", "192.0.2.10"),
                Map.entry("ROUTER", "192.0.2.1"));
    }

    @Test
    void parseKeepsEqualsSignsInValue() {
        Map<String, String> pairs = LeaseFile.parse("VENDOR_SPECIFIC=a=b=c\n");

        assertThat(pairs.get("VENDOR_SPECIFIC")).as("value of VENDOR_SPECIFIC")
                .isEqualTo("a=b=c");
    }

    @Test
    void parseKeepsLastValueOfRepeatedKey() {
        Map<String, String> pairs = LeaseFile.parse("DNS=192.0.2.53\nT1=10\nDNS=192.0.2.54\n");

        assertThat(pairs).as("pairs with DNS written twice").containsExactly(
                Map.entry("DNS", "192.0.2.54"),
                Map.entry("T1", "10"));
    }

    @Test
    void parseDropsCommentsAndBlankLines() {
        Map<String, String> pairs = LeaseFile.parse("# ADDRESS=192.0.2.99\n\n   \nT2=20\n");

        assertThat(pairs).as("pairs of a lease with comments and blank lines")
                .containsExactly(Map.entry("T2", "20"));
    }
}
