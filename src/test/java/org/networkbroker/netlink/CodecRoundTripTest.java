package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Encodes random records and checks that decoding returns equal records. */
class CodecRoundTripTest {

    private static NetlinkMessage single(MessageBuilder builder) throws MalformedMessageException {
        return NetlinkMessage.split(MemorySegment.ofArray(builder.build(1))).getFirst();
    }

    @Property
    void linkRoundTrip(@ForAll("links") Link link) throws Exception {
        Link decoded = LinkCodec.decode(single(LinkCodec.encode(Rtnetlink.RTM_NEWLINK, 0, link)));

        assertThat(decoded).as("link %s after encode and decode", link.name()).isEqualTo(link);
    }

    @Property
    void addressRoundTrip(@ForAll("addresses") Address address) throws Exception {
        Address decoded = AddressCodec.decode(
                single(AddressCodec.encode(Rtnetlink.RTM_NEWADDR, 0, address))).orElseThrow();

        assertThat(decoded).as("address %s after encode and decode", address.toPrefixString())
                .isEqualTo(address);
    }

    @Property
    void routeRoundTrip(@ForAll("routes") Route route) throws Exception {
        Route decoded = RouteCodec.decode(
                single(RouteCodec.encode(Rtnetlink.RTM_NEWROUTE, 0, route))).orElseThrow();

        assertThat(decoded).as("route %s after encode and decode", route.describe())
                .isEqualTo(route);
    }

    @Property
    void ruleRoundTrip(@ForAll("rules") Rule rule) throws Exception {
        Rule decoded = RuleCodec.decode(
                single(RuleCodec.encode(Rtnetlink.RTM_NEWRULE, 0, rule))).orElseThrow();

        assertThat(decoded).as("rule %s after encode and decode", rule.describe())
                .isEqualTo(rule);
    }

    @Provide
    Arbitrary<Link> links() {
        Arbitrary<String> names = Arbitraries.strings().alpha().numeric().withChars('-', '.')
                .ofMinLength(1).ofMaxLength(15);
        Arbitrary<Optional<HardwareAddress>> hardwareAddresses = Arbitraries.bytes().array(
                byte[].class).ofMaxSize(32).map(HardwareAddress::new).optional();
        return Combinators.combine(
                Arbitraries.integers(), names, Arbitraries.integers(), Arbitraries.integers(),
                hardwareAddresses, Arbitraries.of(OperationalState.class),
                names.list().ofMaxSize(3), names.optional())
                .as(Link::new);
    }

    @Provide
    Arbitrary<Address> addresses() {
        return families().flatMap(family -> Combinators.combine(
                Arbitraries.integers(), prefixLengths(family), u8(), Arbitraries.integers(),
                addresses(family), addresses(family).optional(),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(15).optional(),
                cacheInfos().optional())
                .as((ifindex, length, scope, flags, address, local, label, cacheInfo) ->
                        new Address(ifindex, family, length, scope, flags, address, local, label,
                                cacheInfo)));
    }

    @Provide
    Arbitrary<Route> routes() {
        return families().flatMap(family -> Combinators.combine(
                addresses(family), prefixLengths(family), addresses(family).optional(),
                Arbitraries.integers(), u32(), u8().array(int[].class).ofSize(3), u32())
                .as((destination, length, gateway, oif, table, fields, priority) ->
                        new Route(family, destination, length, gateway, oif, table, fields[0],
                                fields[1], fields[2], priority)));
    }

    @Provide
    Arbitrary<Rule> rules() {
        return families().flatMap(family -> Combinators.combine(
                addresses(family), prefixLengths(family), addresses(family),
                prefixLengths(family), u32(), u32(), u8())
                .as((source, sourceLength, destination, destinationLength, table, priority,
                        action) -> new Rule(family, source, sourceLength, destination,
                        destinationLength, table, priority, action)));
    }

    private static Arbitrary<StandardProtocolFamily> families() {
        return Arbitraries.of(StandardProtocolFamily.INET, StandardProtocolFamily.INET6);
    }

    private static Arbitrary<InetAddress> addresses(StandardProtocolFamily family) {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class)
                .ofSize(Families.addressLength(family));
        // Zero addresses are common in real messages (default routes), so they get extra weight.
        Arbitrary<byte[]> zero = Arbitraries.just(new byte[Families.addressLength(family)]);
        return Arbitraries.frequencyOf(Tuple.of(1, zero), Tuple.of(4, bytes))
                .map(value -> Families.address(family, value));
    }

    private static Arbitrary<Integer> prefixLengths(StandardProtocolFamily family) {
        return Arbitraries.integers().between(0, Families.addressLength(family) * 8);
    }

    private static Arbitrary<Integer> u8() {
        return Arbitraries.integers().between(0, 255);
    }

    private static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL);
    }

    private static Arbitrary<AddressCacheInfo> cacheInfos() {
        return Combinators.combine(u32(), u32(), u32(), u32()).as(AddressCacheInfo::new);
    }
}
