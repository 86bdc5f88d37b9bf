package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {

    /** Parses the full form of eight groups, which InetAddress turns into IPv4 when mapped. */
    private static InetAddress ipv6(String groups) {
        String[] parts = groups.split(":");
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            int group = Integer.parseInt(parts[i], 16);
            bytes[2 * i] = (byte) (group >> 8);
            bytes[2 * i + 1] = (byte) group;
        }
        return Families.address(StandardProtocolFamily.INET6, bytes);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
        "0:0:0:0:0:0:0:1, ::1",
        "0:0:0:0:0:0:0:0, ::",
        "fe80:0:0:0:0:0:0:0, fe80::",
        "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
        "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
        "2001:db8:0:2:3:4:5:6, 2001:db8:0:2:3:4:5:6",
        "0:0:0:0:0:ffff:c000:201, ::ffff:192.0.2.1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    })
    void ipv6FollowsRfc5952(String groups, String expected) {
        assertThat(AddressText.format(ipv6(groups))).as("text of %s", groups)
                .isEqualTo(expected);
    }

    @Test
    void ipv4IsDottedQuad() throws Exception {
        assertThat(AddressText.format(InetAddress.getByName("192.0.2.1"))).as("text of 192.0.2.1")
                .isEqualTo("192.0.2.1");
    }
}
