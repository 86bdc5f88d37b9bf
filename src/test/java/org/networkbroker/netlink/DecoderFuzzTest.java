package org.networkbroker.netlink;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Feeds random, truncated and corrupted bytes to the decoders. Each input must decode or
 * raise MalformedMessageException; any other exception fails the test.
 */
class DecoderFuzzTest {

    private static final Integer[] TYPES = {
        Netlink.NLMSG_ERROR, Netlink.NLMSG_DONE, Netlink.NLMSG_OVERRUN,
        Rtnetlink.RTM_NEWLINK, Rtnetlink.RTM_DELLINK, Rtnetlink.RTM_NEWADDR,
        Rtnetlink.RTM_DELADDR, Rtnetlink.RTM_NEWROUTE, Rtnetlink.RTM_DELROUTE,
        Rtnetlink.RTM_NEWRULE, Rtnetlink.RTM_DELRULE,
    };

    /** Decodes a datagram as the monitor and the client do. */
    private static void decodeAll(byte[] datagram) throws MalformedMessageException {
        for (NetlinkMessage message : NetlinkMessage.split(MemorySegment.ofArray(datagram))) {
            switch (message.type()) {
                case Netlink.NLMSG_ERROR -> Acknowledgement.parseError(message);
                case Netlink.NLMSG_DONE -> Acknowledgement.parseDone(message);
                default -> EventDecoder.decode(message);
            }
        }
    }

    /** Decodes and lets only MalformedMessageException through as an expected outcome. */
    private static void decodeOrReject(byte[] datagram) {
        try {
            decodeAll(datagram);
        } catch (MalformedMessageException expected) {
            // Rejecting the input is one of the two allowed outcomes.
        }
    }

    @Property
    void randomBytesDecodeOrReject(@ForAll @Size(max = 600) byte[] datagram) {
        decodeOrReject(datagram);
    }

    @Property(tries = 3000)
    void randomBodiesDecodeOrReject(@ForAll("messages") byte[] message) {
        decodeOrReject(message);
    }

    @Property(tries = 3000)
    void corruptedCapturesDecodeOrReject(@ForAll("captureMessages") byte[] message,
            @ForAll @IntRange(min = 0, max = 2000) int position, @ForAll byte value) {
        byte[] corrupted = message.clone();
        // The nlmsghdr length stays intact, so the corruption reaches the attributes.
        corrupted[Math.max(4, position % corrupted.length)] = value;
        decodeOrReject(corrupted);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyTruncatedCaptureIsRejected() {
        for (String file : Captures.FILES) {
            for (byte[] message : Captures.rawMessages(file)) {
                for (int length = 1; length < message.length; length++) {
                    byte[] truncated = Arrays.copyOf(message, length);

                    assertThatThrownBy(() -> decodeAll(truncated))
                            .as("%s cut to %d of %d bytes", file, length, message.length)
                            .isInstanceOf(MalformedMessageException.class);
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shortenedCapturesDecodeOrReject() {
        // Each cut copy gets nlmsg_len set to its new length, so the cut reaches the fixed
        // header and attribute parsers instead of failing at the nlmsghdr check.
        for (String file : Captures.FILES) {
            for (byte[] message : Captures.rawMessages(file)) {
                for (int length = 16; length < message.length; length++) {
                    byte[] truncated = Arrays.copyOf(message, length);
                    MemorySegment.ofArray(truncated).set(JAVA_INT_UNALIGNED, 0, length);
                    decodeOrReject(truncated);
                }
            }
        }
    }

    @Provide
    Arbitrary<byte[]> messages() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(16).ofMaxSize(300)
                .flatMap(bytes -> Arbitraries.of(TYPES).map(type -> withHeader(bytes, type)));
    }

    @Provide
    Arbitrary<byte[]> captureMessages() {
        return Arbitraries.of(Captures.FILES)
                .map(Captures::rawMessages)
                .filter(messages -> !messages.isEmpty())
                .flatMap(messages -> Arbitraries.of(messages));
    }

    private static byte[] withHeader(byte[] bytes, int type) {
        byte[] message = bytes.clone();
        MemorySegment segment = MemorySegment.ofArray(message);
        segment.set(JAVA_INT_UNALIGNED, Structs.NLMSG_LEN, message.length);
        segment.set(JAVA_SHORT_UNALIGNED, Structs.NLMSG_TYPE, (short) type);
        return message;
    }
}
