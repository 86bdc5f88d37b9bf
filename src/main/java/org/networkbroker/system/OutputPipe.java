package org.networkbroker.system;

import java.io.File;
import java.io.FileInputStream;
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

/**
 * A pipe(2) for a child's stdout or stderr whose read end the broker owns, so that it stays
 * open until every writer, the child and anything it left in the background, has closed its
 * end.
 *
 * <p>The pipes that {@link ProcessBuilder.Redirect#PIPE} creates do not work for this: when the
 * child exits, the JDK's process reaper drains what is buffered and closes the read end
 * ({@code ProcessImpl.ProcessPipeInputStream.processExited}, JDK 25), unless a reader happens
 * to be blocked in {@code read} at that moment. A background child that still keeps
 * the output open then goes unnoticed.
 *
 * <p>The child gets the write end through {@link #writeEnd()}, a {@code /proc/self/fd} path
 * used as a redirect file: {@link ProcessBuilder} opens redirect files in the parent, so the
 * open yields a second descriptor of the same pipe, which the child inherits.
 */
public final class OutputPipe implements AutoCloseable {

    /**
     * {@code O_CLOEXEC} from <fcntl.h>: 02000000 on x86-64, arm64 and most other Linux
     * architectures (alpha, parisc and sparc differ).
     */
    private static final int O_CLOEXEC = 02000000;

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

    private int readFd;
    private int writeFd;

    private OutputPipe(int readFd, int writeFd) {
        this.readFd = readFd;
        this.writeFd = writeFd;
    }

    /**
     * Creates a pipe with both ends close-on-exec, so that no other child inherits them.
     *
     * @return the pipe
     * @throws SystemCallException if pipe2(2) fails, for example with EMFILE
     */
    public static OutputPipe open() throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int result = (int) PIPE2.invokeExact(state, fds, O_CLOEXEC);
            if (result != 0) {
                throw new SystemCallException("pipe2(O_CLOEXEC)", (int) ERRNO.get(state, 0L));
            }
            return new OutputPipe(fds.getAtIndex(ValueLayout.JAVA_INT, 0),
                    fds.getAtIndex(ValueLayout.JAVA_INT, 1));
        } catch (SystemCallException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("pipe2(2) downcall failed", e);
        }
    }

    /**
     * Returns a path that opens the write end, for {@link ProcessBuilder#redirectOutput(File)}
     * or {@link ProcessBuilder#redirectError(File)}.
     *
     * @return {@code /proc/self/fd/<write end>}, valid until {@link #close}
     * @throws IllegalStateException if the pipe is closed
     */
    public File writeEnd() {
        if (writeFd < 0) {
            throw new IllegalStateException("pipe is closed");
        }
        return new File("/proc/self/fd/" + writeFd);
    }

    /**
     * Opens the read end as a stream of its own and closes the raw descriptor; call it once.
     * The stream ends when every copy of the write end is closed.
     *
     * @return the stream, which the caller closes
     * @throws IOException if opening fails
     * @throws IllegalStateException if the read end was opened before
     */
    public InputStream openReadEnd() throws IOException {
        if (readFd < 0) {
            throw new IllegalStateException("read end already opened");
        }
        InputStream stream = new FileInputStream("/proc/self/fd/" + readFd);
        closeDescriptor(readFd);
        readFd = -1;
        return stream;
    }

    /**
     * Closes the raw descriptors still open: always the broker's write end, which the child
     * no longer needs once it has started, and the read end if it was not opened as a stream.
     *
     * @throws SystemCallException if close(2) fails
     */
    @Override
    public void close() throws SystemCallException {
        int write = writeFd;
        int read = readFd;
        writeFd = -1;
        readFd = -1;
        try {
            if (write >= 0) {
                closeDescriptor(write);
            }
        } finally {
            if (read >= 0) {
                closeDescriptor(read);
            }
        }
    }

    private static void closeDescriptor(int fd) throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int result = (int) CLOSE.invokeExact(state, fd);
            // After EINTR Linux has closed the descriptor already, so it is not retried.
            if (result != 0 && (int) ERRNO.get(state, 0L) != Errno.EINTR) {
                throw new SystemCallException("close(" + fd + ")", (int) ERRNO.get(state, 0L));
            }
        } catch (SystemCallException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("close(2) downcall failed", e);
        }
    }
}
