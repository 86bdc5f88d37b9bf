package org.networkbroker.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a growing log file line by line from where the last read stopped, so that following
 * a long log costs only its new bytes. A line counts once its newline is written.
 */
public final class LogTail {

    private final Path file;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private long position;

    /**
     * Creates a reader at the start of a file, which need not exist yet.
     *
     * @param file the log file
     */
    public LogTail(Path file) {
        this.file = file;
    }

    /**
     * Returns the complete lines written since the last call.
     *
     * @return the new lines without their newlines; empty when nothing new is complete
     * @throws IOException if the file exists but cannot be read
     */
    public synchronized List<String> readNew() throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            channel.position(position);
            int count;
            while ((count = channel.read(buffer.clear())) > 0) {
                position += count;
                byte[] bytes = buffer.array();
                for (int i = 0; i < count; i++) {
                    if (bytes[i] == '\n') {
                        lines.add(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(bytes[i]);
                    }
                }
            }
        }
        return lines;
    }
}
