package org.networkbroker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterfaceAddressesTest {

    @ParameterizedTest
    @CsvSource({
        "0:0:0:0:0:0:0:0, ::",
        "0:0:0:0:0:0:0:1, ::1",
        "1:0:0:0:0:0:0:0, 1::",
        "fe80:0:0:0:0:0:0:1, fe80::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "2001:db8:0:0:0:1:0:0, 2001:db8::1:0:0",
        "2001:db8:1:0:0:0:0:1, 2001:db8:1::1",
        "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
        "2001:DB8:00AB:0:0:0:0:FFFF, 2001:db8:ab::ffff",
        "0:0:1:0:0:0:0:0, 0:0:1::",
        "1:2:3:4:5:6:7:0, 1:2:3:4:5:6:7:0",
    })
    void formatIpv6FollowsRfc5952(String groups, String expected) {
        String formatted = InterfaceAddresses.formatIpv6(bytesOf(groups));

        assertThat(formatted).as("text form of %s", groups).isEqualTo(expected);
    }

    @Test
    void formatIpv6RejectsIpv4Length() {
        assertThatThrownBy(() -> InterfaceAddresses.formatIpv6(new byte[4]))
                .as("formatting 4 bytes")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4");
    }

    @Property
    void formatIpv6ParsesBackToBytes(@ForAll("addresses") byte[] address)
            throws UnknownHostException {
        String text = InterfaceAddresses.formatIpv6(address);

        assertThat(sixteenBytes(InetAddress.getByName(text))).as("bytes parsed from %s", text)
                .containsExactly(address);
    }

    @Property
    void formatIpv6WritesCanonicalText(@ForAll("addresses") byte[] address) {
        String text = InterfaceAddresses.formatIpv6(address);

        assertThat(text).as("letters of %s", text).doesNotContainPattern("[A-F]");
        assertThat(text).as("leading zeros in %s", text).doesNotContainPattern("(^|:)0[0-9a-f]");
        assertThat(text.indexOf("::")).as("position of the second :: in %s", text)
                .isEqualTo(text.lastIndexOf("::"));
    }

    /** Addresses whose groups are often zero, so runs of zero groups of every length occur. */
    @Provide
    Arbitrary<byte[]> addresses() {
        Arbitrary<Integer> group = Arbitraries.oneOf(Arbitraries.just(0),
                Arbitraries.integers().between(0, 0xffff));
        return group.list().ofSize(8).map(InterfaceAddressesTest::toBytes);
    }

    @Test
    void ofLoopbackListsLocalhostFirst() throws SocketException {
        InterfaceAddresses loopback = InterfaceAddresses.of(1);

        assertThat(loopback.ipv4()).as("IPv4 addresses of lo (ifindex 1)").isNotEmpty();
        assertThat(loopback.ipv4().getFirst()).as("first IPv4 address of lo (ifindex 1)")
                .isEqualTo("127.0.0.1");
    }

    @Test
    void ofMissingLinkIsEmpty() throws SocketException {
        assertThat(InterfaceAddresses.of(Integer.MAX_VALUE))
                .as("addresses of ifindex %d, which does not exist", Integer.MAX_VALUE)
                .isEqualTo(InterfaceAddresses.NONE);
    }

    private static byte[] bytesOf(String groups) {
        List<Integer> values = Arrays.stream(groups.split(":"))
                .map(group -> Integer.parseInt(group, 16))
                .toList();
        return toBytes(values);
    }

    private static byte[] toBytes(List<Integer> groups) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (groups.get(i) >> 8);
            bytes[2 * i + 1] = (byte) (int) groups.get(i);
        }
        return bytes;
    }

    /**
     * Returns the 16 bytes of a parsed address. The JDK turns an IPv4-mapped address
     * ({@code ::ffff:a.b.c.d}) into an {@link Inet4Address}, which this maps back.
     */
    private static byte[] sixteenBytes(InetAddress parsed) {
        byte[] raw = parsed.getAddress();
        if (!(parsed instanceof Inet4Address)) {
            return raw;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }
}
