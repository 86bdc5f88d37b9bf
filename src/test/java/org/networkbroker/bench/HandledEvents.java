package org.networkbroker.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.networkbroker.fake.LogTail;

/**
 * Follows a broker's log and counts what it handled, from its own lines: each event is logged
 * once at info ({@code link state changed link=... AddressState=n000042}) when the dispatcher
 * takes it, and each script run once when it ends ({@code script finished}). The tokens of
 * {@link org.networkbroker.fake.LinkStorm} show lost and reordered events per link.
 */
final class HandledEvents {

    private static final String EVENT = " INFO link state changed link=";
    private static final String TOKEN = "AddressState=n";

    private final LogTail tail;
    private final Map<String, Integer> expected = new HashMap<>();
    private long events;
    private long scripts;
    private long lost;
    private long reordered;
    private long collapseWarnings;

    /**
     * Creates a follower at the start of a log.
     *
     * @param log the broker's log file
     */
    HandledEvents(Path log) {
        this.tail = new LogTail(log);
    }

    /**
     * Reads the lines written since the last call and counts them.
     *
     * @throws IOException if the log cannot be read
     */
    void poll() throws IOException {
        List<String> lines = tail.readNew();
        for (String line : lines) {
            if (line.contains(EVENT)) {
                countEvent(line);
            } else if (line.contains(" INFO script finished ")) {
                scripts++;
            } else if (line.contains(" WARN events collapsed ")) {
                collapseWarnings++;
            }
        }
    }

    private void countEvent(String line) {
        events++;
        int nameStart = line.indexOf(EVENT) + EVENT.length();
        String link = line.substring(nameStart, line.indexOf(' ', nameStart));
        int tokenStart = line.indexOf(TOKEN);
        if (tokenStart < 0) {
            return;
        }
        tokenStart += TOKEN.length();
        int sequence = Integer.parseInt(line.substring(tokenStart, tokenStart + 6));
        int next = expected.getOrDefault(link, 0);
        if (sequence > next) {
            lost += sequence - next;
        } else if (sequence < next) {
            reordered++;
        }
        expected.put(link, Math.max(next, sequence + 1));
    }

    /**
     * Returns how many changes of a link were handled or skipped so far.
     *
     * @param link the link's name
     * @return one more than the highest token logged for it, 0 before the first
     */
    long handled(String link) {
        return expected.getOrDefault(link, 0);
    }

    /** Returns the events the dispatcher took so far. */
    long events() {
        return events;
    }

    /** Returns the script runs that ended so far. */
    long scripts() {
        return scripts;
    }

    /** Returns the changes skipped so far: a later token of their link was logged first. */
    long lost() {
        return lost;
    }

    /** Returns the events logged after an event of the same link with a higher token. */
    long reordered() {
        return reordered;
    }

    /** Returns the collapse warnings so far. */
    long collapseWarnings() {
        return collapseWarnings;
    }
}
