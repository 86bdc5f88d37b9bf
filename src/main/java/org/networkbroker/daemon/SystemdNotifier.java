package org.networkbroker.daemon;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.networkbroker.log.RepeatLimiter;
import org.networkbroker.system.MonotonicClock;
import org.networkbroker.system.SystemCallException;
import org.networkbroker.system.UnixDatagramSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd about the service's state through {@code $NOTIFY_SOCKET}, as sd_notify(3)
 * does: {@code READY=1}, {@code RELOADING=1}, {@code STOPPING=1}, {@code STATUS=} and
 * {@code WATCHDOG=1}, each datagram a set of newline-separated assignments.
 *
 * <p>Without {@code NOTIFY_SOCKET} (not started by systemd, or not with {@code Type=notify})
 * nothing is sent. A failed send is logged, at most once a minute per kind, and the broker
 * goes on. If {@code WATCHDOG=1} keeps failing, systemd's watchdog restarts the service.
 */
public final class SystemdNotifier implements AutoCloseable {

    /** The variable systemd sets to the notification socket's address. */
    public static final String NOTIFY_SOCKET = "NOTIFY_SOCKET";
    /** The watchdog timeout in microseconds, set by systemd with {@code WatchdogSec=}. */
    public static final String WATCHDOG_USEC = "WATCHDOG_USEC";
    /** The process the watchdog timeout is meant for; when unset, any process. */
    public static final String WATCHDOG_PID = "WATCHDOG_PID";

    /** systemd shows about one line of status; longer texts are cut. */
    static final int MAX_STATUS = 200;

    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

    private final UnixDatagramSender sender;
    private final Optional<Duration> watchdogTimeout;
    private final RepeatLimiter failures = new RepeatLimiter(Duration.ofMinutes(1));

    private SystemdNotifier(UnixDatagramSender sender, Optional<Duration> watchdogTimeout) {
        this.sender = sender;
        this.watchdogTimeout = watchdogTimeout;
    }

    /**
     * Creates a notifier that sends nothing.
     *
     * @return the notifier
     */
    public static SystemdNotifier disabled() {
        return new SystemdNotifier(null, Optional.empty());
    }

    /**
     * Creates a notifier from the variables systemd sets for a {@code Type=notify} service.
     * An unusable {@code NOTIFY_SOCKET} or watchdog variable is logged and ignored.
     *
     * @param environment the process environment
     * @param pid this process's id, compared with {@code WATCHDOG_PID}
     * @return the notifier; one that sends nothing when {@code NOTIFY_SOCKET} is unset or
     *         empty
     */
    public static SystemdNotifier fromEnvironment(Map<String, String> environment, long pid) {
        String address = environment.get(NOTIFY_SOCKET);
        if (address == null || address.isEmpty()) {
            return disabled();
        }
        UnixDatagramSender sender;
        try {
            sender = UnixDatagramSender.open(address);
        } catch (IllegalArgumentException | SystemCallException e) {
            log.warn("systemd notifications disabled: cannot use {}={}: {}", NOTIFY_SOCKET,
                    address, e.getMessage());
            return disabled();
        }
        return new SystemdNotifier(sender, watchdogTimeout(environment, pid));
    }

    /**
     * Reads the watchdog timeout as sd_watchdog_enabled(3) does: {@code WATCHDOG_USEC} applies
     * when {@code WATCHDOG_PID} is unset or names this process.
     */
    static Optional<Duration> watchdogTimeout(Map<String, String> environment, long pid) {
        String micros = environment.get(WATCHDOG_USEC);
        if (micros == null || micros.isEmpty()) {
            return Optional.empty();
        }
        String watchdogPid = environment.get(WATCHDOG_PID);
        if (watchdogPid != null && !watchdogPid.isEmpty()
                && !watchdogPid.equals(Long.toString(pid))) {
            log.debug("watchdog is for another process {}={} pid={}", WATCHDOG_PID,
                    watchdogPid, pid);
            return Optional.empty();
        }
        long value;
        try {
            value = Long.parseLong(micros);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value <= 0) {
            log.warn("watchdog disabled: invalid {}=\"{}\": expected a positive number of"
                    + " microseconds", WATCHDOG_USEC, micros);
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(Math.multiplyExact(value, 1000L)));
    }

    /**
     * Returns whether notifications are sent at all.
     *
     * @return true when {@code NOTIFY_SOCKET} was set to a usable address
     */
    public boolean isEnabled() {
        return sender != null;
    }

    /**
     * Returns the watchdog timeout systemd expects {@code WATCHDOG=1} within.
     *
     * @return the timeout, or empty when the service has no watchdog
     */
    public Optional<Duration> watchdogTimeout() {
        return watchdogTimeout;
    }

    /**
     * Reports that start-up, or a reload, is complete.
     *
     * @param status the status line to show in {@code systemctl status}
     */
    public void ready(String status) {
        send("ready", "READY=1\nSTATUS=" + statusText(status));
    }

    /**
     * Reports that the configuration is being reloaded. {@code MONOTONIC_USEC} lets systemd 253
     * and later match this message with the reload it requested; systemd 252 ignores it.
     */
    public void reloading() {
        long now;
        try {
            now = MonotonicClock.nowMicros();
        } catch (SystemCallException e) {
            log.warn("reading CLOCK_MONOTONIC failed; reload notification without"
                    + " MONOTONIC_USEC", e);
            send("reloading", "RELOADING=1\nSTATUS=reloading the configuration");
            return;
        }
        send("reloading", "RELOADING=1\nMONOTONIC_USEC=" + now
                + "\nSTATUS=reloading the configuration");
    }

    /**
     * Reports that the service is shutting down.
     *
     * @param status the status line to show while it stops
     */
    public void stopping(String status) {
        send("stopping", "STOPPING=1\nSTATUS=" + statusText(status));
    }

    /**
     * Updates the status line.
     *
     * @param status the status line to show in {@code systemctl status}
     */
    public void status(String status) {
        send("status", "STATUS=" + statusText(status));
    }

    /** Tells the watchdog that the service is alive. */
    public void watchdog() {
        send("watchdog", "WATCHDOG=1");
    }

    /** Keeps the status to one line of bounded length, as systemd shows it. */
    static String statusText(String status) {
        String line = status.replace('\n', ' ').replace('\0', ' ');
        return line.length() > MAX_STATUS ? line.substring(0, MAX_STATUS) : line;
    }

    private void send(String kind, String message) {
        if (sender == null) {
            return;
        }
        try {
            sender.send(message.getBytes(StandardCharsets.UTF_8));
            log.trace("notification sent socket={} message=\"{}\"", sender.address(),
                    message.replace('\n', ' '));
        } catch (SystemCallException e) {
            long suppressed = failures.admit(kind);
            if (suppressed >= 0) {
                log.warn("systemd notification failed kind={} socket={} suppressed={}: {}", kind,
                        sender.address(), suppressed, e.getMessage());
            }
        }
    }

    /** Closes the notification socket. */
    @Override
    public void close() {
        if (sender != null) {
            sender.close();
        }
    }
}
