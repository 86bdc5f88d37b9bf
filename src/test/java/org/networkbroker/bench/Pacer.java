package org.networkbroker.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces sends evenly at a fixed rate. Signal {@code i} is due {@code i / rate} seconds after
 * the start. A sender that falls behind sends at once until it catches up, so the average rate
 * holds, and {@link #achievedRate} shows when the sender itself was the limit.
 */
final class Pacer {

    private final double rate;
    private long start;
    private long count;

    /**
     * Creates a pacer.
     *
     * @param rate sends per second
     */
    Pacer(double rate) {
        this.rate = rate;
    }

    /** Waits until the next send is due. */
    void awaitNext() {
        long now = System.nanoTime();
        if (count == 0) {
            start = now;
        }
        long due = start + (long) (count * 1e9 / rate);
        count++;
        while (now < due) {
            LockSupport.parkNanos(due - now);
            now = System.nanoTime();
        }
    }

    /**
     * Returns the rate reached so far.
     *
     * @return sends per second from the first send until now
     */
    double achievedRate() {
        double seconds = (System.nanoTime() - start) / 1e9;
        return seconds <= 0 ? 0 : count / seconds;
    }
}
