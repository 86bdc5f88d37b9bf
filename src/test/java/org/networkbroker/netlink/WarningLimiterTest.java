package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarningLimiterTest {

    @Test
    void limiterCountsHeldBackWarnings() {
        AtomicLong now = new AtomicLong(1_000);
        WarningLimiter limiter = new WarningLimiter(Duration.ofNanos(100), now::get);

        assertThat(limiter.tryAcquire()).as("first warning").isTrue();
        assertThat(limiter.takeSuppressed()).as("held back before the first").isZero();
        assertThat(limiter.tryAcquire()).as("second warning at once").isFalse();
        assertThat(limiter.tryAcquire()).as("third warning at once").isFalse();
        now.addAndGet(100);
        assertThat(limiter.tryAcquire()).as("warning after the interval").isTrue();
        assertThat(limiter.takeSuppressed()).as("held back in the interval").isEqualTo(2);
    }
}
