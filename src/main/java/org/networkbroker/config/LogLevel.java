package org.networkbroker.config;

import java.util.Locale;
import java.util.Optional;

/** How much the broker logs, from least to most. */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE;

    /** The accepted names, as shown in error messages. */
    static final String EXPECTED = "error, warn, info, debug or trace";

    /**
     * Parses a level name, ignoring case. The original broker's {@code fatal} and
     * {@code panic} (logrus levels) mean error, and {@code warning} means warn.
     *
     * @param name the name as written
     * @return the level, or empty when the name is unknown
     */
    public static Optional<LogLevel> parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "error", "fatal", "panic" -> Optional.of(ERROR);
            case "warn", "warning" -> Optional.of(WARN);
            case "info" -> Optional.of(INFO);
            case "debug" -> Optional.of(DEBUG);
            case "trace" -> Optional.of(TRACE);
            default -> Optional.empty();
        };
    }
}
