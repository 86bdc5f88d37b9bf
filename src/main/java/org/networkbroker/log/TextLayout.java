package org.networkbroker.log;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/**
 * Formats one log line as {@code <time> <LEVEL> <message>}. For journald the time is left out,
 * because the journal records its own, and the line starts with a {@code <N>} syslog priority
 * (sd-daemon(3)), so {@code journalctl -p warning} finds the broker's warnings.
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX")
                    .withZone(ZoneId.systemDefault());

    private final boolean journal;
    private final ThrowableProxyConverter throwables = new ThrowableProxyConverter();

    TextLayout(boolean journal) {
        this.journal = journal;
    }

    @Override
    public void start() {
        throwables.setContext(getContext());
        throwables.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        if (journal) {
            line.append('<').append(priority(event.getLevel())).append('>');
        } else {
            line.append(TIME.format(Instant.ofEpochMilli(event.getTimeStamp()))).append(' ');
        }
        line.append(event.getLevel()).append(' ');
        appendEscaped(line, event.getFormattedMessage());
        line.append('\n');
        if (event.getThrowableProxy() != null) {
            line.append(throwables.convert(event));
        }
        return line.toString();
    }

    /**
     * Appends text with control characters written as {@code \n}, {@code \r} or
     * {@code \xHH}, so that script output or a file name cannot split a log line, forge the
     * next one or send escape sequences to a terminal.
     */
    static void appendEscaped(StringBuilder line, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if ((c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0)) {
                line.append(String.format("\\x%02x", (int) c));
            } else {
                line.append(c);
            }
        }
    }

    /** Maps a level to a syslog priority from syslog.h: err 3, warning 4, info 6, debug 7. */
    private static int priority(Level level) {
        return switch (level.toInt()) {
            case Level.ERROR_INT -> 3;
            case Level.WARN_INT -> 4;
            case Level.INFO_INT -> 6;
            default -> 7;
        };
    }
}
