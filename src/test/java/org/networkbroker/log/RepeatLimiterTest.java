package org.networkbroker.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RepeatLimiterTest {

    private static final Duration INTERVAL = Duration.ofSeconds(60);

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RepeatLimiter limiter = new RepeatLimiter(INTERVAL, now::get);

    @Test
    void admitFirstOccurrenceWithZero() {
        assertThat(limiter.admit("bad signal")).as("first \"bad signal\"").isZero();
    }

    @Test
    void admitSilencesRepeatsWithinInterval() {
        limiter.admit("bad signal");
        now.addAndGet(INTERVAL.toNanos() - 1);

        assertThat(limiter.admit("bad signal")).as("repeat just before the interval ends")
                .isEqualTo(-1);
    }

    @Test
    void admitReportsSuppressedCountAfterInterval() {
        limiter.admit("bad signal");
        for (int i = 0; i < 5; i++) {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(limiter.admit("bad signal")).as("repeat %d within the interval", i + 1)
                    .isEqualTo(-1);
        }
        now.addAndGet(INTERVAL.toNanos());

        assertThat(limiter.admit("bad signal")).as("first line after the interval")
                .isEqualTo(5);
    }

    @Test
    void admitRestartsCountAfterLoggedLine() {
        limiter.admit("bad signal");
        limiter.admit("bad signal");
        now.addAndGet(INTERVAL.toNanos());
        limiter.admit("bad signal");
        now.addAndGet(INTERVAL.toNanos());

        assertThat(limiter.admit("bad signal")).as("second line after a quiet interval")
                .isZero();
    }

    @Test
    void admitCountsEachKeyApart() {
        limiter.admit("bad signal");
        limiter.admit("bad signal");

        assertThat(limiter.admit("unknown sender")).as("first \"unknown sender\"").isZero();
    }

    @Test
    void admitMeasuresIntervalFromLoggedLine() {
        limiter.admit("bad signal");
        now.addAndGet(INTERVAL.toNanos() / 2);
        limiter.admit("bad signal");
        now.addAndGet(INTERVAL.toNanos() / 2);

        assertThat(limiter.admit("bad signal")).as("repeat one interval after the first line")
                .isEqualTo(1);
    }
}
