package org.networkbroker;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * A collector of the Logback events of one logger while a test runs. Closing it detaches its
 * appender again.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
    }

    /**
     * Starts collecting the events of the logger named after a class.
     *
     * @param type the class whose logger is watched
     * @return the capture
     */
    public static LogCapture of(Class<?> type) {
        return of(type.getName());
    }

    /**
     * Starts collecting the events of a named logger.
     *
     * @param name the logger name
     * @return the capture
     */
    public static LogCapture of(String name) {
        return new LogCapture((Logger) LoggerFactory.getLogger(name));
    }

    /**
     * Returns a snapshot of the events collected so far.
     *
     * @return the events in logging order
     */
    public List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /**
     * Returns the formatted messages of one level that contain a text.
     *
     * @param level the level to keep
     * @param text the text the message must contain
     * @return the matching messages in logging order
     */
    public List<String> messages(Level level, String text) {
        return events().stream()
                .filter(event -> event.getLevel().equals(level))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.contains(text))
                .toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
    }
}
