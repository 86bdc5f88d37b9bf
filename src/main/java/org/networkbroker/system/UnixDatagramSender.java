package org.networkbroker.system;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * Sends datagrams to one UNIX socket address, such as systemd's {@code $NOTIFY_SOCKET}. The
 * JDK's UNIX domain channels are stream-only, so this calls socket(2) and sendto(2) itself.
 *
 * <p>An address that starts with {@code /} names a socket file. One that starts with
 * {@code @} names a socket in the abstract namespace of the caller's network namespace: the
 * {@code @} becomes a leading NUL byte and the name is not NUL-terminated, as unix(7)
 * describes and as sd_notify(3) accepts it. The address is resolved again at every send, so a
 * listener that was re-created under the same name still gets the next datagram.
 *
 * <p>The signatures assume LP64 Linux, where {@code size_t} and {@code ssize_t} are 64 bits.
 */
public final class UnixDatagramSender implements AutoCloseable {

    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;

    /** The size of {@code sun_path} in {@code struct sockaddr_un} on Linux. */
    static final int SUN_PATH_SIZE = 108;

    /**
     * {@code struct sockaddr_un} from {@code <sys/un.h>}: {@code sa_family_t sun_family}
     * (an unsigned short) and {@code char sun_path[108]}.
     */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(SUN_PATH_SIZE, JAVA_BYTE).withName("sun_path"));

    private static final long SUN_PATH_OFFSET =
            SOCKADDR_UN.byteOffset(MemoryLayout.PathElement.groupElement("sun_path"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** {@code int socket(int domain, int type, int protocol)} from {@code <sys/socket.h>}. */
    private static final MethodHandle SOCKET =
            downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /**
     * {@code ssize_t sendto(int fd, const void *buf, size_t len, int flags,
     * const struct sockaddr *addr, socklen_t addrlen)} from {@code <sys/socket.h>}.
     */
    private static final MethodHandle SENDTO = downcall("sendto", FunctionDescriptor.of(
            JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    /** {@code int close(int fd)} from {@code <unistd.h>}. */
    private static final MethodHandle CLOSE =
            downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    private final String address;
    private final byte[] encodedAddress;
    private int fd;

    private UnixDatagramSender(String address, byte[] encodedAddress, int fd) {
        this.address = address;
        this.encodedAddress = encodedAddress;
        this.fd = fd;
    }

    /**
     * Opens a datagram socket for sending to an address.
     *
     * @param address a socket file path starting with {@code /}, or an abstract socket name
     *        starting with {@code @}
     * @return the sender; close it to release the socket
     * @throws IllegalArgumentException if the address does not start with {@code /} or
     *         {@code @}, contains a NUL character, or is longer than {@code sun_path} allows
     * @throws SystemCallException if socket(2) fails
     */
    public static UnixDatagramSender open(String address) throws SystemCallException {
        byte[] encoded = encodeAddress(address);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new SystemCallException("socket(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC)",
                        errno(state));
            }
            return new UnixDatagramSender(address, encoded, fd);
        } catch (SystemCallException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("socket(2) downcall failed", e);
        }
    }

    /**
     * Encodes an address as the bytes of {@code sun_path} that the kernel reads: a path with
     * its terminating NUL, or a leading NUL and the abstract name without one.
     */
    static byte[] encodeAddress(String address) {
        if (address.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid UNIX socket address \"" + address
                    .replace('\0', '?') + "\": contains a NUL character");
        }
        byte[] text = address.getBytes(StandardCharsets.UTF_8);
        byte[] encoded;
        if (address.startsWith("/")) {
            encoded = new byte[text.length + 1];
            System.arraycopy(text, 0, encoded, 0, text.length);
        } else if (address.startsWith("@") && address.length() > 1) {
            encoded = text.clone();
            encoded[0] = 0;
        } else {
            throw new IllegalArgumentException("invalid UNIX socket address \"" + address
                    + "\": expected a path starting with / or an abstract name starting"
                    + " with @");
        }
        if (encoded.length > SUN_PATH_SIZE) {
            throw new IllegalArgumentException("invalid UNIX socket address \"" + address
                    + "\": " + text.length + " bytes, expected at most "
                    + (SUN_PATH_SIZE - 1));
        }
        return encoded;
    }

    /**
     * Sends one datagram. sendto(2) is repeated when a signal interrupts it.
     *
     * @param message the datagram's bytes
     * @throws SystemCallException if sendto(2) fails, for example with ECONNREFUSED when no
     *         socket listens at the address, or ENOENT when the socket file is missing
     * @throws IllegalStateException if the sender was closed
     */
    public synchronized void send(byte[] message) throws SystemCallException {
        if (fd < 0) {
            throw new IllegalStateException("sender for " + address + " is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            MemorySegment sockaddr = arena.allocate(SOCKADDR_UN);
            sockaddr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(encodedAddress, 0, sockaddr, JAVA_BYTE, SUN_PATH_OFFSET,
                    encodedAddress.length);
            int length = (int) SUN_PATH_OFFSET + encodedAddress.length;
            MemorySegment buffer = arena.allocate(Math.max(1, message.length));
            MemorySegment.copy(message, 0, buffer, JAVA_BYTE, 0, message.length);
            while (true) {
                long sent = (long) SENDTO.invokeExact(state, fd, buffer, (long) message.length,
                        0, sockaddr, length);
                if (sent >= 0) {
                    return;
                }
                int errno = errno(state);
                if (errno != Errno.EINTR) {
                    throw new SystemCallException("sendto(" + address + ")", errno);
                }
            }
        } catch (SystemCallException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("sendto(2) downcall failed", e);
        }
    }

    /**
     * Returns the address as given to {@link #open}.
     *
     * @return the socket path or {@code @}-prefixed abstract name
     */
    public String address() {
        return address;
    }

    /**
     * Closes the socket. EINTR from close(2) is not retried, because Linux releases the
     * descriptor even then.
     *
     * @throws UncheckedIOException if close(2) fails with another error, such as EBADF
     */
    @Override
    public synchronized void close() {
        if (fd < 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            int result = (int) CLOSE.invokeExact(state, fd);
            if (result != 0 && errno(state) != Errno.EINTR) {
                throw new UncheckedIOException(
                        new SystemCallException("close(" + fd + ")", errno(state)));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("close(2) downcall failed", e);
        } finally {
            fd = -1;
        }
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().findOrThrow(name), descriptor,
                Linker.Option.captureCallState("errno"));
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }
}
