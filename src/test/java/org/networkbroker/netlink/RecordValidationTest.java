package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Checks the argument checks and helpers of the public records. */
class RecordValidationTest {

    @Test
    void routeRejectsPrefixLongerThanAddress() throws Exception {
        InetAddress destination = InetAddress.getByName("198.51.100.0");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Route.unicast(destination, 33, null, 3, 10002))
                .withMessage("invalid destinationLength 33 for INET: expected 0 to 32");
    }

    @Test
    void routeRejectsGatewayOfOtherFamily() throws Exception {
        InetAddress destination = InetAddress.getByName("198.51.100.0");
        InetAddress gateway = InetAddress.getByName("2001:db8::1");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Route.unicast(destination, 24, gateway, 3, 10002))
                .withMessageContaining("invalid gateway 2001:db8::1");
    }

    @Test
    void ruleRejectsTableAboveU32() throws Exception {
        InetAddress source = InetAddress.getByName("192.0.2.1");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> Rule.fromSource(source, 32, 1L << 32, 0))
                .withMessage("invalid table 4294967296: expected 0 to 4294967295");
    }

    @Test
    void addressRejectsUnixFamily() throws Exception {
        InetAddress address = InetAddress.getByName("192.0.2.1");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Address(1, StandardProtocolFamily.UNIX, 24, 0, 0, address,
                        Optional.empty(), Optional.empty(), Optional.empty()))
                .withMessage("invalid family UNIX: expected INET or INET6");
    }

    @Test
    void describeUsesIpRouteWords() throws Exception {
        Route route = Route.unicast(InetAddress.getByName("198.51.100.0"), 24,
                InetAddress.getByName("192.0.2.254"), 3, 10002);
        Rule rule = Rule.fromSource(InetAddress.getByName("192.0.2.1"), 32, 10002, 1000);

        assertThat(route.describe()).as("route description")
                .isEqualTo("198.51.100.0/24 via 192.0.2.254 dev 3 table 10002");
        assertThat(rule.describe()).as("rule description")
                .isEqualTo("from 192.0.2.1/32 lookup 10002 priority 1000");
    }

    @Test
    void destinationRuleMatchesAnySource() throws Exception {
        Rule rule = Rule.toDestination(InetAddress.getByName("2001:db8::5"), 128, 10003, 0);

        assertThat(rule.family()).as("family").isEqualTo(StandardProtocolFamily.INET6);
        assertThat(rule.sourceLength()).as("source prefix length").isZero();
        assertThat(rule.source().isAnyLocalAddress()).as("source is the any address").isTrue();
        assertThat(rule.action()).as("action").isEqualTo(FibRules.FR_ACT_TO_TBL);
        assertThat(rule.describe()).as("rule description")
                .isEqualTo("from all to 2001:db8::5/128 lookup 10003");
    }

    @Test
    void hardwareAddressComparesBytes() {
        byte[] bytes = HexFormat.of().parseHex("020000000001");
        HardwareAddress address = new HardwareAddress(bytes);
        bytes[0] = 9;

        assertThat(address).as("address after changing the source array")
                .isEqualTo(new HardwareAddress(HexFormat.of().parseHex("020000000001")));
        assertThat(address.toString()).as("text form").isEqualTo("02:00:00:00:00:01");
    }

    @Test
    void unknownOperationalStateIsUnknown() {
        assertThat(OperationalState.of(42)).as("state 42").isEqualTo(OperationalState.UNKNOWN);
        assertThat(OperationalState.of(6)).as("state 6").isEqualTo(OperationalState.UP);
    }
}
