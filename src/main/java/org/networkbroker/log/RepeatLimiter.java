package org.networkbroker.log;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Decides whether a repeated log message may be written now, so that a flood of identical
 * problems (for example malformed signals) costs one line per interval instead of one per
 * occurrence.
 */
public final class RepeatLimiter {

    /** Keys kept at most; past this the table is cleared, which at worst repeats a line. */
    private static final int MAX_KEYS = 1024;

    private final long intervalNanos;
    private final LongSupplier clock;
    private final Map<String, Entry> entries = new HashMap<>();

    private static final class Entry {
        long lastLogged;
        long suppressed;
    }

    /**
     * Creates a limiter that allows one line per key and interval.
     *
     * @param interval the minimum time between two lines with the same key
     */
    public RepeatLimiter(Duration interval) {
        this(interval, System::nanoTime);
    }

    RepeatLimiter(Duration interval, LongSupplier clock) {
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
    }

    /**
     * Records one occurrence and tells whether to log it.
     *
     * @param key identifies the kind of message, for example its reason
     * @return -1 to stay silent, otherwise the number of occurrences suppressed since the
     *         last line that was logged for this key
     */
    public synchronized long admit(String key) {
        long now = clock.getAsLong();
        Entry entry = entries.get(key);
        if (entry == null) {
            if (entries.size() >= MAX_KEYS) {
                entries.clear();
            }
            entry = new Entry();
            entry.lastLogged = now;
            entries.put(key, entry);
            return 0;
        }
        if (now - entry.lastLogged < intervalNanos) {
            entry.suppressed++;
            return -1;
        }
        long suppressed = entry.suppressed;
        entry.lastLogged = now;
        entry.suppressed = 0;
        return suppressed;
    }
}
