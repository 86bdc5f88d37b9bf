package org.networkbroker.netlink;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Lets one warning of a kind through per interval and counts the ones it holds back, so a
 * flood of bad messages cannot flood the log. Used by one thread.
 */
final class WarningLimiter {

    private final long intervalNanos;
    private final LongSupplier clock;
    private long lastNanos;
    private boolean started;
    private long suppressed;

    /**
     * Creates a limiter.
     *
     * @param interval the minimum time between two warnings
     * @param clock the time source in nanoseconds, {@code System::nanoTime} outside tests
     */
    WarningLimiter(Duration interval, LongSupplier clock) {
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * Returns whether a warning may be logged now. If so, the caller logs it with
     * {@link #takeSuppressed()}; if not, the warning is counted as suppressed.
     */
    boolean tryAcquire() {
        long now = clock.getAsLong();
        if (!started || now - lastNanos >= intervalNanos) {
            started = true;
            lastNanos = now;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Returns the number of warnings held back since the last call, and resets it. */
    long takeSuppressed() {
        long count = suppressed;
        suppressed = 0;
        return count;
    }
}
