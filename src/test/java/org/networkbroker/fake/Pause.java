package org.networkbroker.fake;

import java.time.Duration;

/** Sleeps for polling loops, turning an interrupt into an unchecked failure of the test. */
public final class Pause {

    private Pause() {
    }

    /**
     * Sleeps.
     *
     * @param duration how long
     * @throws IllegalStateException if the thread is interrupted, with the interrupt kept set
     */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
