package org.networkbroker.system;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A pipe for a child's stdout or stderr that the JDK does not know is a pipe.
 *
 * <p>With {@code ProcessBuilder.Redirect.PIPE}, the JDK drains and closes its end of the pipe
 * when the child process exits (ProcessImpl's process reaper), so output that a background
 * child of a script writes later is lost, and whether such a child still keeps the pipe open
 * can no longer be seen. Instead this class makes the pipe with pipe2(2) and hands both ends out
 * by their {@code /proc/self/fd} paths: the child's end through
 * {@link ProcessBuilder#redirectOutput(File)}, which opens the path, and the broker's end as a
 * plain stream, which ends only when every process holding the write end has closed it.
 */
public final class OutputPipe implements AutoCloseable {

    private static final int O_CLOEXEC = 0x80000;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));
    /** {@code int pipe2(int pipefd[2], int flags)} from <unistd.h>. */
    private static final MethodHandle PIPE2 = LINKER.downcallHandle(
            LINKER.defaultLookup().find("pipe2").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    /** {@code int close(int fd)} from <unistd.h>. */
    private static final MethodHandle CLOSE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("close").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private final InputStream reader;
    private final int writeDescriptor;
    private boolean writerClosed;

    private OutputPipe(InputStream reader, int writeDescriptor) {
        this.reader = reader;
        this.writeDescriptor = writeDescriptor;
    }

    /**
     * Creates a pipe. Both descriptors are close-on-exec, so no other child inherits them.
     *
     * @return the pipe
     * @throws IOException if pipe2(2) fails or the read end cannot be opened
     */
    public static OutputPipe open() throws IOException {
        int[] descriptors = pipe();
        InputStream reader;
        try {
            reader = Files.newInputStream(procPath(descriptors[0]));
        } catch (IOException | RuntimeException e) {
            closeQuietly(descriptors[1]);
            throw e;
        } finally {
            // The stream opened its own descriptor for the read end.
            closeQuietly(descriptors[0]);
        }
        return new OutputPipe(reader, descriptors[1]);
    }

    /**
     * Returns the path that opens the write end, for {@link ProcessBuilder#redirectOutput}.
     *
     * @return {@code /proc/self/fd/N}
     */
    public File writerPath() {
        return procPath(writeDescriptor).toFile();
    }

    /**
     * Returns the read end. It ends when the child and everything that inherited the write
     * end have closed it.
     *
     * @return the stream of the child's output
     */
    public InputStream reader() {
        return reader;
    }

    /**
     * Closes the broker's copy of the write end. Call it once the child has started, so that
     * the reader sees the end of the output when the child's processes close theirs.
     */
    public synchronized void closeWriter() {
        if (!writerClosed) {
            writerClosed = true;
            closeQuietly(writeDescriptor);
        }
    }

    /** Closes the write end if it is still open. The reading side closes the reader. */
    @Override
    public void close() {
        closeWriter();
    }

    private static Path procPath(int descriptor) {
        return Path.of("/proc/self/fd/" + descriptor);
    }

    private static int[] pipe() throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pair = arena.allocate(ValueLayout.JAVA_INT, 2);
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int result = (int) PIPE2.invokeExact(state, pair, O_CLOEXEC);
            if (result != 0) {
                throw new SystemCallException("pipe2(O_CLOEXEC)", (int) ERRNO.get(state, 0L));
            }
            return new int[] {pair.getAtIndex(ValueLayout.JAVA_INT, 0),
                    pair.getAtIndex(ValueLayout.JAVA_INT, 1)};
        } catch (SystemCallException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("pipe2(2) downcall failed", e);
        }
    }

    /** Closes a descriptor; a failure leaves at worst one descriptor open, so it is ignored. */
    private static void closeQuietly(int descriptor) {
        try (Arena arena = Arena.ofConfined()) {
            int result = (int) CLOSE.invokeExact(arena.allocate(CAPTURE_LAYOUT), descriptor);
            assert result == 0 || result == -1;
        } catch (Throwable e) {
            throw new IllegalStateException("close(2) downcall failed", e);
        }
    }
}
