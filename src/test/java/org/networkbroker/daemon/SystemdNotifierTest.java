package org.networkbroker.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.system.DatagramListener;
import org.networkbroker.system.MonotonicClock;

@Timeout(30)
class SystemdNotifierTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long PID = 4242;

    @TempDir
    Path folder;

    @Test
    void notifierSendsEachMessageToPathSocket() throws IOException {
        String address = folder.resolve("notify.sock").toString();
        try (DatagramListener listener = DatagramListener.bind(address);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                        Map.of(SystemdNotifier.NOTIFY_SOCKET, address), PID)) {
            assertThat(notifier.isEnabled()).as("notifier with NOTIFY_SOCKET").isTrue();

            notifier.ready("watching 2 links");
            notifier.status("line one\nline two");
            notifier.watchdog();
            notifier.stopping("stopping");

            assertThat(listener.receive(WAIT)).as("ready message")
                    .contains("READY=1\nSTATUS=watching 2 links");
            assertThat(listener.receive(WAIT)).as("status message, newline replaced")
                    .contains("STATUS=line one line two");
            assertThat(listener.receive(WAIT)).as("watchdog message").contains("WATCHDOG=1");
            assertThat(listener.receive(WAIT)).as("stopping message")
                    .contains("STOPPING=1\nSTATUS=stopping");
        }
    }

    @Test
    void reloadingCarriesMonotonicTime() throws IOException {
        String address = "@network-broker-test/notify-" + HexFormat.of()
                .toHexDigits(ThreadLocalRandom.current().nextLong());
        try (DatagramListener listener = DatagramListener.bind(address);
                SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                        Map.of(SystemdNotifier.NOTIFY_SOCKET, address), PID)) {
            long before = MonotonicClock.nowMicros();
            notifier.reloading();
            long after = MonotonicClock.nowMicros();

            String message = listener.receive(WAIT).orElseThrow();
            assertThat(message).as("reloading message").startsWith("RELOADING=1\n");
            String monotonic = message.lines()
                    .filter(line -> line.startsWith("MONOTONIC_USEC="))
                    .findFirst().orElseThrow()
                    .substring("MONOTONIC_USEC=".length());
            assertThat(Long.parseLong(monotonic)).as("MONOTONIC_USEC in " + message)
                    .isBetween(before, after);
        }
    }

    @Test
    void missingVariableSendsNothing() {
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of(), PID)) {
            assertThat(notifier.isEnabled()).as("notifier without NOTIFY_SOCKET").isFalse();
            notifier.ready("ignored");
            assertThat(notifier.watchdogTimeout()).as("watchdog without NOTIFY_SOCKET")
                    .isEmpty();
        }
    }

    @Test
    void invalidAddressDisablesNotifier() {
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                Map.of(SystemdNotifier.NOTIFY_SOCKET, "relative.sock"), PID)) {
            assertThat(notifier.isEnabled()).as("notifier with a relative address").isFalse();
        }
    }

    @Test
    void sendFailureIsNotThrown() {
        String address = folder.resolve("nobody-listens.sock").toString();
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(
                Map.of(SystemdNotifier.NOTIFY_SOCKET, address), PID)) {
            notifier.ready("nobody listens");
            notifier.watchdog();
            assertThat(notifier.isEnabled()).as("notifier after failed sends").isTrue();
        }
    }

    @Test
    void watchdogTimeoutFollowsPid() {
        assertThat(SystemdNotifier.watchdogTimeout(
                Map.of(SystemdNotifier.WATCHDOG_USEC, "20000000"), PID))
                .as("WATCHDOG_USEC without WATCHDOG_PID")
                .contains(Duration.ofSeconds(20));
        assertThat(SystemdNotifier.watchdogTimeout(Map.of(SystemdNotifier.WATCHDOG_USEC,
                "1500000", SystemdNotifier.WATCHDOG_PID, Long.toString(PID)), PID))
                .as("WATCHDOG_PID of this process")
                .contains(Duration.ofMillis(1500));
        assertThat(SystemdNotifier.watchdogTimeout(Map.of(SystemdNotifier.WATCHDOG_USEC,
                "1500000", SystemdNotifier.WATCHDOG_PID, "1"), PID))
                .as("WATCHDOG_PID of another process")
                .isEqualTo(Optional.empty());
        assertThat(SystemdNotifier.watchdogTimeout(
                Map.of(SystemdNotifier.WATCHDOG_USEC, "soon"), PID))
                .as("WATCHDOG_USEC that is not a number").isEmpty();
        assertThat(SystemdNotifier.watchdogTimeout(
                Map.of(SystemdNotifier.WATCHDOG_USEC, "0"), PID))
                .as("WATCHDOG_USEC of 0").isEmpty();
    }

    @Test
    void statusTextIsOneBoundedLine() {
        assertThat(SystemdNotifier.statusText("a\nb")).as("two lines").isEqualTo("a b");
        assertThat(SystemdNotifier.statusText("x".repeat(500))).as("500 characters")
                .hasSize(SystemdNotifier.MAX_STATUS);
    }
}
