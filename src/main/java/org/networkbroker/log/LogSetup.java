package org.networkbroker.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.networkbroker.config.LogFormat;
import org.networkbroker.config.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Configures Logback to write the broker's log to stdout, as text or as JSON lines. */
public final class LogSetup {

    /** dbus-java's own logger, which reports every bus message at debug. */
    private static final String DBUS_JAVA_LOGGER = "org.freedesktop.dbus";

    private LogSetup() {
    }

    /**
     * Replaces the logging configuration.
     *
     * @param level the level of the broker's own loggers. dbus-java's own lines appear only
     *        at debug (its warnings and errors) and trace (all of them), because the broker
     *        logs each failure it sees itself, and dbus-java adds a stack trace even for a
     *        bus that restarts
     * @param format text lines, or one JSON object per line
     * @param journal true when stdout is connected to journald ({@code JOURNAL_STREAM} is
     *        set): text lines then carry a syslog priority prefix instead of a timestamp
     */
    public static void configure(LogLevel level, LogFormat format, boolean journal) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        configure(context, level, format, journal);
    }

    /** Adds the stdout appender and sets the levels on a context that has none yet. */
    static void configure(LoggerContext context, LogLevel level, LogFormat format,
            boolean journal) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("stdout");
        appender.setEncoder(encoder(context, format, journal));
        appender.start();

        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(toLogback(level));
        root.addAppender(appender);
        context.getLogger(DBUS_JAVA_LOGGER).setLevel(switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.WARN;
            default -> Level.OFF;
        });
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, LogFormat format,
            boolean journal) {
        LayoutBase<ILoggingEvent> layout =
                format == LogFormat.JSON ? new JsonLineLayout() : new TextLayout(journal);
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    static Level toLogback(LogLevel level) {
        return switch (level) {
            case ERROR -> Level.ERROR;
            case WARN -> Level.WARN;
            case INFO -> Level.INFO;
            case DEBUG -> Level.DEBUG;
            case TRACE -> Level.TRACE;
        };
    }
}
