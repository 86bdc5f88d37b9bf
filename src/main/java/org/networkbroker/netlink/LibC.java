package org.networkbroker.netlink;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import org.networkbroker.system.Errno;

/**
 * Downcalls to the C library's socket, poll and eventfd functions.
 *
 * <p>Each call captures errno with {@code Linker.Option.captureCallState("errno")} in the same
 * downcall, because any later native call, the JVM's included, may overwrite it. A failed call
 * raises {@link ErrnoException}. Calls that can block are repeated when a signal interrupts
 * them (EINTR).
 *
 * <p>The signatures assume LP64 Linux (x86-64, arm64, riscv64): {@code size_t} and
 * {@code ssize_t} are 64 bits wide.
 */
final class LibC {

    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SO_RCVBUFFORCE = 33;
    static final int MSG_PEEK = 0x2;
    static final int MSG_TRUNC = 0x20;
    static final int POLLIN = 0x1;
    static final int EFD_CLOEXEC = 0x80000;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_STATE.varHandle(groupElement("errno"));

    private static final MethodHandle SOCKET =
            downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND =
            downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKNAME =
            downcall("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDTO = downcall("sendto", FunctionDescriptor.of(
            JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMSG =
            downcall("recvmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle POLL =
            downcall("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle EVENTFD =
            downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle WRITE =
            downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CLOSE =
            downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private LibC() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        MemorySegment function = LINKER.defaultLookup().findOrThrow(name);
        return LINKER.downcallHandle(function, descriptor,
                Linker.Option.captureCallState("errno"));
    }

    /** Calls socket(2) and returns the new file descriptor. */
    static int socket(int domain, int type, int protocol, String request)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int result;
            try {
                result = (int) SOCKET.invokeExact(state, domain, type, protocol);
            } catch (Throwable e) {
                throw unexpected("socket", e);
            }
            return (int) check("socket", result, state, request);
        }
    }

    /** Calls bind(2) with an address of {@code address.byteSize()} bytes. */
    static void bind(int fd, MemorySegment address, String request) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int result;
            try {
                result = (int) BIND.invokeExact(state, fd, address, (int) address.byteSize());
            } catch (Throwable e) {
                throw unexpected("bind", e);
            }
            check("bind", result, state, request);
        }
    }

    /** Calls getsockname(2) and fills {@code address}, which must be large enough. */
    static void getsockname(int fd, MemorySegment address, String request)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            MemorySegment length = arena.allocateFrom(JAVA_INT, (int) address.byteSize());
            int result;
            try {
                result = (int) GETSOCKNAME.invokeExact(state, fd, address, length);
            } catch (Throwable e) {
                throw unexpected("getsockname", e);
            }
            check("getsockname", result, state, request);
        }
    }

    /** Calls setsockopt(2) with an option value of {@code value.byteSize()} bytes. */
    static void setsockopt(int fd, int level, int name, MemorySegment value, String request)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int result;
            try {
                result = (int) SETSOCKOPT.invokeExact(state, fd, level, name, value,
                        (int) value.byteSize());
            } catch (Throwable e) {
                throw unexpected("setsockopt", e);
            }
            check("setsockopt", result, state, request);
        }
    }

    /** Calls sendto(2) and returns the number of bytes sent. */
    static long sendto(int fd, MemorySegment buffer, MemorySegment address, String request)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            while (true) {
                long result;
                try {
                    result = (long) SENDTO.invokeExact(state, fd, buffer, buffer.byteSize(), 0,
                            address, (int) address.byteSize());
                } catch (Throwable e) {
                    throw unexpected("sendto", e);
                }
                if (!interrupted(result, state)) {
                    return check("sendto", result, state, request);
                }
            }
        }
    }

    /** Calls recvmsg(2) with a {@code struct msghdr} and returns its result. */
    static long recvmsg(int fd, MemorySegment message, int flags, String request)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            while (true) {
                long result;
                try {
                    result = (long) RECVMSG.invokeExact(state, fd, message, flags);
                } catch (Throwable e) {
                    throw unexpected("recvmsg", e);
                }
                if (!interrupted(result, state)) {
                    return check("recvmsg", result, state, request);
                }
            }
        }
    }

    /** Calls poll(2) on an array of {@code struct pollfd} and returns the ready count. */
    static int poll(MemorySegment fds, long count, int timeoutMillis, String request)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            while (true) {
                int result;
                try {
                    result = (int) POLL.invokeExact(state, fds, count, timeoutMillis);
                } catch (Throwable e) {
                    throw unexpected("poll", e);
                }
                if (!interrupted(result, state)) {
                    return (int) check("poll", result, state, request);
                }
            }
        }
    }

    /** Calls eventfd(2) and returns the new file descriptor. */
    static int eventfd(int flags, String request) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int result;
            try {
                result = (int) EVENTFD.invokeExact(state, 0, flags);
            } catch (Throwable e) {
                throw unexpected("eventfd", e);
            }
            return (int) check("eventfd", result, state, request);
        }
    }

    /** Calls write(2) and returns the number of bytes written. */
    static long write(int fd, MemorySegment buffer, String request) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            while (true) {
                long result;
                try {
                    result = (long) WRITE.invokeExact(state, fd, buffer, buffer.byteSize());
                } catch (Throwable e) {
                    throw unexpected("write", e);
                }
                if (!interrupted(result, state)) {
                    return check("write", result, state, request);
                }
            }
        }
    }

    /**
     * Calls close(2). EINTR is not retried, because Linux releases the descriptor even then
     * and a second close could hit a descriptor that another thread just opened.
     */
    static void close(int fd, String request) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int result;
            try {
                result = (int) CLOSE.invokeExact(state, fd);
            } catch (Throwable e) {
                throw unexpected("close", e);
            }
            if (result < 0 && errno(state) != Errno.EINTR) {
                check("close", result, state, request);
            }
        }
    }

    private static boolean interrupted(long result, MemorySegment state) {
        return result < 0 && errno(state) == Errno.EINTR;
    }

    private static long check(String call, long result, MemorySegment state, String request)
            throws ErrnoException {
        if (result < 0) {
            throw new ErrnoException(call, errno(state), request, null);
        }
        return result;
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    // A downcall handle throws only what the native code cannot: errors of the JVM itself.
    private static RuntimeException unexpected(String call, Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("downcall " + call + " threw a checked exception", e);
    }
}
