package org.networkbroker.config;

import java.util.Locale;
import java.util.Optional;

/** The format of log lines on stdout. */
public enum LogFormat {
    /** One readable line per message. */
    TEXT,
    /** One JSON object per line, for log collectors. */
    JSON;

    static final String EXPECTED = "text or json";

    /**
     * Parses a format name, ignoring case.
     *
     * @param name the name as written
     * @return the format, or empty when the name is unknown
     */
    public static Optional<LogFormat> parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "text" -> Optional.of(TEXT);
            case "json" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }
}
