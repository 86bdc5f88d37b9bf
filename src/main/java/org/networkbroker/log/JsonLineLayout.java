package org.networkbroker.log;

import java.io.StringWriter;
import java.time.Instant;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Formats one log event as one JSON object per line:
 * {@code {"time":"2026-12-04T16:20:07.278Z","level":"INFO","logger":"...","thread":"...",
 * "message":"..."}}, plus {@code "exception"} with the stack trace when there is one. The
 * message is formatted, so a collector needs no knowledge of SLF4J placeholders.
 */
final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

    private final JsonFactory factory = new JsonFactory();
    private final ThrowableProxyConverter throwables = new ThrowableProxyConverter();

    @Override
    public void start() {
        throwables.setContext(getContext());
        throwables.start();
        super.start();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = factory.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringProperty("time",
                    Instant.ofEpochMilli(event.getTimeStamp()).toString());
            json.writeStringProperty("level", event.getLevel().toString());
            json.writeStringProperty("logger", event.getLoggerName());
            json.writeStringProperty("thread", event.getThreadName());
            json.writeStringProperty("message", event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                json.writeStringProperty("exception", throwables.convert(event));
            }
            json.writeEndObject();
        }
        line.append('\n');
        return line.toString();
    }
}
