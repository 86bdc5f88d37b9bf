package org.networkbroker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class UnixDatagramSenderTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path folder;

    @Test
    void sendReachesPathSocket() throws IOException {
        String address = folder.resolve("notify.sock").toString();
        try (DatagramListener listener = DatagramListener.bind(address);
                UnixDatagramSender sender = UnixDatagramSender.open(address)) {
            sender.send("READY=1".getBytes(StandardCharsets.UTF_8));
            sender.send("STATUS=two\nWATCHDOG=1".getBytes(StandardCharsets.UTF_8));

            assertThat(listener.receive(WAIT)).as("first datagram on %s", address)
                    .contains("READY=1");
            assertThat(listener.receive(WAIT)).as("second datagram on %s", address)
                    .contains("STATUS=two\nWATCHDOG=1");
        }
    }

    @Test
    void sendReachesAbstractSocket() throws IOException {
        String address = "@network-broker-test/" + HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextLong());
        try (DatagramListener listener = DatagramListener.bind(address);
                UnixDatagramSender sender = UnixDatagramSender.open(address)) {
            sender.send("READY=1".getBytes(StandardCharsets.UTF_8));

            assertThat(listener.receive(WAIT)).as("datagram on %s", address)
                    .contains("READY=1");
        }
    }

    @Test
    void recreatedListenerGetsNextDatagram() throws IOException {
        String address = folder.resolve("notify.sock").toString();
        try (UnixDatagramSender sender = UnixDatagramSender.open(address)) {
            try (DatagramListener first = DatagramListener.bind(address)) {
                sender.send("A=1".getBytes(StandardCharsets.UTF_8));
                assertThat(first.receive(WAIT)).as("datagram to the first listener")
                        .contains("A=1");
            }
            try (DatagramListener second = DatagramListener.bind(address)) {
                sender.send("B=2".getBytes(StandardCharsets.UTF_8));
                assertThat(second.receive(WAIT)).as("datagram to the re-created listener")
                        .contains("B=2");
            }
        }
    }

    @Test
    void missingSocketFileFailsWithEnoent() throws IOException {
        String address = folder.resolve("absent.sock").toString();
        try (UnixDatagramSender sender = UnixDatagramSender.open(address)) {
            assertThatThrownBy(() -> sender.send(new byte[] {'X'}))
                    .isInstanceOfSatisfying(SystemCallException.class, e -> {
                        assertThat(e.errno()).as("errno").isEqualTo(Errno.ENOENT);
                        assertThat(e.call()).as("call").contains(address);
                    })
                    .hasMessageContaining("ENOENT");
        }
    }

    @Test
    void unboundAbstractNameFailsWithEconnrefused() throws IOException {
        String address = "@network-broker-test/unbound-" + HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextLong());
        try (UnixDatagramSender sender = UnixDatagramSender.open(address)) {
            assertThatThrownBy(() -> sender.send(new byte[] {'X'}))
                    .isInstanceOfSatisfying(SystemCallException.class, e ->
                            assertThat(e.errno()).as("errno").isEqualTo(Errno.ECONNREFUSED));
        }
    }

    @Test
    void encodeAddressTerminatesPathWithNul() {
        assertThat(UnixDatagramSender.encodeAddress("/run/x"))
                .as("encoded /run/x")
                .containsExactly('/', 'r', 'u', 'n', '/', 'x', 0);
    }

    @Test
    void encodeAddressReplacesAtWithNul() {
        assertThat(UnixDatagramSender.encodeAddress("@ab"))
                .as("encoded @ab, without a trailing NUL")
                .containsExactly(0, 'a', 'b');
    }

    @Test
    void encodeAddressRejectsBadForms() {
        assertThatThrownBy(() -> UnixDatagramSender.encodeAddress("relative.sock"))
                .as("relative path").hasMessageContaining("expected a path starting with /");
        assertThatThrownBy(() -> UnixDatagramSender.encodeAddress("@"))
                .as("empty abstract name").hasMessageContaining("expected a path");
        assertThatThrownBy(() -> UnixDatagramSender.encodeAddress("/a\0b"))
                .as("NUL inside").hasMessageContaining("NUL");
        assertThatThrownBy(() -> UnixDatagramSender.encodeAddress("/" + "x".repeat(107)))
                .as("path of 108 bytes").hasMessageContaining("expected at most 107");
        assertThat(UnixDatagramSender.encodeAddress("/" + "x".repeat(106)))
                .as("path of 107 bytes plus NUL").hasSize(108);
        assertThat(UnixDatagramSender.encodeAddress("@" + "x".repeat(107)))
                .as("abstract name of 107 bytes").hasSize(108);
    }

    @Test
    void sendAfterCloseFails() throws IOException {
        UnixDatagramSender sender = UnixDatagramSender.open("@network-broker-test/closed");
        sender.close();
        sender.close();
        assertThatThrownBy(() -> sender.send(new byte[] {'X'}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
