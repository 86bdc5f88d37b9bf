package org.networkbroker.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads the rtnetlink captures under src/test/resources/netlink, which
 * tools/capture-rtnetlink recorded: comment lines start with '#', every other line is one
 * message in hex.
 */
final class Captures {

    /** All capture files, in the order they were recorded. */
    static final List<String> FILES = List.of(
            "01-link-add-veth.hex", "02-link-altname.hex", "03-link-up.hex",
            "04-addr-add-ipv4.hex", "05-addr-add-ipv6.hex", "06-route-add-ipv4.hex",
            "07-route-add-ipv6.hex", "08-rule-add-ipv4.hex", "09-rule-add-ipv6.hex",
            "10-rule-del-ipv4.hex", "11-route-del-ipv4.hex", "12-addr-del-ipv4.hex",
            "13-addr-dump.hex", "14-link-del-veth.hex", "15-rule-del-missing-error.hex");

    private Captures() {
    }

    /** Returns the raw messages of a capture file, in the order the kernel sent them. */
    static List<byte[]> rawMessages(String file) {
        String text;
        try (InputStream input = Captures.class.getResourceAsStream("/netlink/" + file)) {
            if (input == null) {
                throw new IllegalArgumentException("capture " + file + " not found");
            }
            text = new String(input.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> messages = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                messages.add(HexFormat.of().parseHex(line.strip()));
            }
        }
        return messages;
    }

    /** Returns the messages of a capture file that have the given type. */
    static List<NetlinkMessage> messages(String file, int type) throws MalformedMessageException {
        List<NetlinkMessage> messages = new ArrayList<>();
        for (byte[] raw : rawMessages(file)) {
            NetlinkMessage message = NetlinkMessage.split(MemorySegment.ofArray(raw)).getFirst();
            if (message.type() == type) {
                messages.add(message);
            }
        }
        return messages;
    }

    /** Returns the messages of a capture file back to back, as one datagram. */
    static byte[] datagram(String file) {
        List<byte[]> messages = rawMessages(file);
        int length = messages.stream().mapToInt(message -> message.length).sum();
        byte[] datagram = new byte[length];
        int offset = 0;
        for (byte[] message : messages) {
            System.arraycopy(message, 0, datagram, offset, message.length);
            offset += message.length;
        }
        return datagram;
    }
}
