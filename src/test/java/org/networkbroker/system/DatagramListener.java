package org.networkbroker.system;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A UNIX datagram socket that a test binds, as systemd binds {@code $NOTIFY_SOCKET}, and reads
 * datagrams from. Path sockets are removed on close.
 */
public final class DatagramListener implements AutoCloseable {

    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;
    private static final int MAX_DATAGRAM = 4096;

    /** {@code struct timeval} from {@code <sys/time.h>} on LP64: two 64-bit fields. */
    private static final StructLayout TIMEVAL = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_usec"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET =
            downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND =
            downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECV = downcall("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle CLOSE =
            downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final String address;
    private final int fd;

    private DatagramListener(String address, int fd) {
        this.address = address;
        this.fd = fd;
    }

    /**
     * Binds a datagram socket.
     *
     * @param address a socket path starting with {@code /}, or an abstract name starting
     *        with {@code @}
     * @return the listener
     * @throws IOException if a call fails
     */
    public static DatagramListener bind(String address) throws IOException {
        byte[] encoded = UnixDatagramSender.encodeAddress(address);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int fd = (int) SOCKET.invokeExact(state, UnixDatagramSender.AF_UNIX,
                    UnixDatagramSender.SOCK_DGRAM | UnixDatagramSender.SOCK_CLOEXEC, 0);
            check("socket", fd, state);
            MemorySegment sockaddr = arena.allocate(UnixDatagramSender.SOCKADDR_UN);
            sockaddr.set(JAVA_SHORT, 0, (short) UnixDatagramSender.AF_UNIX);
            MemorySegment.copy(encoded, 0, sockaddr, JAVA_BYTE, 2, encoded.length);
            int result = (int) BIND.invokeExact(state, fd, sockaddr, 2 + encoded.length);
            if (result != 0) {
                int errno = (int) ERRNO.get(state, 0L);
                // The bind error is the one to report; a failed close would add nothing.
                int ignored = (int) CLOSE.invokeExact(state, fd);
                throw new SystemCallException("bind(" + address + ")", errno);
            }
            return new DatagramListener(address, fd);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("downcall failed", e);
        }
    }

    /**
     * Waits for the next datagram.
     *
     * @param timeout how long to wait
     * @return the datagram as UTF-8 text, or empty when none arrived in time
     * @throws IOException if recv(2) fails
     */
    public Optional<String> receive(Duration timeout) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            MemorySegment time = arena.allocate(TIMEVAL);
            long millis = Math.max(1, timeout.toMillis());
            time.set(JAVA_LONG, 0, millis / 1000);
            time.set(JAVA_LONG, 8, millis % 1000 * 1000);
            int result = (int) SETSOCKOPT.invokeExact(state, fd, SOL_SOCKET, SO_RCVTIMEO, time,
                    (int) TIMEVAL.byteSize());
            check("setsockopt(SO_RCVTIMEO)", result, state);
            MemorySegment buffer = arena.allocate(MAX_DATAGRAM);
            long length = (long) RECV.invokeExact(state, fd, buffer, (long) MAX_DATAGRAM, 0);
            if (length < 0 && (int) ERRNO.get(state, 0L) == EAGAIN) {
                return Optional.empty();
            }
            check("recv", length, state);
            byte[] bytes = buffer.asSlice(0, length).toArray(JAVA_BYTE);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("downcall failed", e);
        }
    }

    /**
     * Returns the address the listener is bound to.
     *
     * @return the path or {@code @}-prefixed abstract name
     */
    public String address() {
        return address;
    }

    @Override
    public void close() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int result = (int) CLOSE.invokeExact(state, fd);
            check("close", result, state);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("downcall failed", e);
        } finally {
            if (address.startsWith("/")) {
                Files.deleteIfExists(Path.of(address));
            }
        }
    }

    private static void check(String call, long result, MemorySegment state)
            throws SystemCallException {
        if (result < 0) {
            throw new SystemCallException(call, (int) ERRNO.get(state, 0L));
        }
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor,
                Linker.Option.captureCallState("errno"));
    }
}
