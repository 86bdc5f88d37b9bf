package org.networkbroker.dispatch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output stream of a script to the log, line by line, with bounded memory: a line
 * is cut at {@value #MAX_LINE} bytes, and after {@value #MAX_LOGGED} bytes of one stream the
 * rest is read and dropped, with one note in the log.
 */
final class OutputPump implements Runnable {

    static final int MAX_LINE = 4096;
    static final long MAX_LOGGED = 64 * 1024;

    /** The pump needs little stack: an 8 KiB buffer and one logging call deep. */
    private static final long STACK_SIZE = 256 * 1024;

    private static final Logger log = LoggerFactory.getLogger("script");

    private final InputStream stream;
    private final String streamName;
    private final RunLabel label;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long lineLength;
    private long logged;
    private long dropped;

    private OutputPump(InputStream stream, String streamName, RunLabel label) {
        this.stream = stream;
        this.streamName = streamName;
        this.label = label;
    }

    /**
     * Starts a thread that copies a stream to the log until it ends.
     *
     * @param stream the script's stdout or stderr
     * @param streamName {@code stdout} or {@code stderr}
     * @param label names the run in log lines
     * @return the thread, which ends at end of stream
     */
    static Thread start(InputStream stream, String streamName, RunLabel label) {
        // A platform thread: a read on a pipe blocks its thread in the kernel, and pumps
        // blocked on children that keep a pipe open would otherwise hold the few carrier
        // threads that all virtual threads share, stalling the event queues.
        return Thread.ofPlatform()
                .daemon()
                .stackSize(STACK_SIZE)
                .name("output-" + label.script() + "-" + streamName)
                .start(new OutputPump(stream, streamName, label));
    }

    @Override
    public void run() {
        byte[] buffer = new byte[8192];
        try (stream) {
            int count;
            while ((count = stream.read(buffer)) >= 0) {
                for (int i = 0; i < count; i++) {
                    accept(buffer[i]);
                }
            }
        } catch (IOException e) {
            log.debug("reading script output failed {} script={} stream={}", label.subject(),
                    label.script(), streamName, e);
        }
        if (lineLength > 0) {
            emit(false);
        }
        if (dropped > 0) {
            log.warn("script output truncated {} script={} stream={} logged={} dropped={}",
                    label.subject(), label.script(), streamName, logged, dropped);
        }
    }

    private void accept(byte b) {
        if (b == '\n') {
            emit(true);
            return;
        }
        lineLength++;
        if (line.size() < MAX_LINE) {
            line.write(b);
        }
    }

    private void emit(boolean newline) {
        // Count the newline too, if the line had one, so the totals match the bytes the script
        // wrote.
        long length = newline ? lineLength + 1 : lineLength;
        // Once a line was dropped, later ones are too, even short ones: the log then always
        // shows the start of the output without gaps.
        if (dropped > 0 || logged + length > MAX_LOGGED) {
            dropped += length;
        } else {
            logged += length;
            String text = line.toString(StandardCharsets.UTF_8);
            boolean cut = lineLength > MAX_LINE;
            log.info("script output {} script={} {}: {}{}", label.subject(), label.script(),
                    streamName, text, cut ? " [line cut at " + MAX_LINE + " bytes]" : "");
        }
        line.reset();
        lineLength = 0;
    }
}
