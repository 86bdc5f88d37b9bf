package org.networkbroker.netlink;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A NETLINK_ROUTE socket: opens and binds it, sends messages to the kernel and receives whole
 * datagrams from it. Not thread-safe; each owner uses it from one thread at a time.
 *
 * <p>The socket belongs to the network namespace of the thread that opens it, for its whole
 * life, whichever thread uses it later.
 */
final class NetlinkSocket implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetlinkSocket.class);

    /** {@code struct sockaddr_nl} from {@code <linux/netlink.h>}. */
    private static final StructLayout SOCKADDR_NL = MemoryLayout.structLayout(
            JAVA_SHORT.withName("nl_family"),
            JAVA_SHORT.withName("nl_pad"),
            JAVA_INT.withName("nl_pid"),
            JAVA_INT.withName("nl_groups"));
    private static final long NL_FAMILY = SOCKADDR_NL.byteOffset(groupElement("nl_family"));
    private static final long NL_PID = SOCKADDR_NL.byteOffset(groupElement("nl_pid"));

    /** {@code struct iovec} from {@code <sys/uio.h>}, LP64. */
    private static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len"));

    /**
     * {@code struct msghdr} from {@code <sys/socket.h>}, LP64: 4 bytes of padding follow
     * msg_namelen.
     */
    private static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));

    /** {@code struct timeval} from {@code <sys/time.h>}, LP64. */
    private static final StructLayout TIMEVAL = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_usec"));

    private final int fd;
    private final int portId;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NetlinkSocket(int fd, int portId) {
        this.fd = fd;
        this.portId = portId;
    }

    /**
     * Opens a blocking NETLINK_ROUTE socket for requests in the calling thread's network
     * namespace, bound to a port id that the kernel chooses.
     *
     * @throws ErrnoException if socket, bind or getsockname fails; the socket is closed
     *         before the exception leaves
     */
    static NetlinkSocket forRequests() throws ErrnoException {
        return open(0, new int[0]);
    }

    /**
     * Opens a non-blocking NETLINK_ROUTE socket in the calling thread's network namespace
     * and joins multicast groups. A receive with nothing queued fails with EAGAIN, so a
     * reader that polls the socket never blocks in recvmsg.
     *
     * @param groups RTNLGRP_* group numbers to join with NETLINK_ADD_MEMBERSHIP
     * @throws ErrnoException if socket, bind, getsockname or setsockopt fails; the socket is
     *         closed before the exception leaves
     */
    static NetlinkSocket forMulticast(int... groups) throws ErrnoException {
        return open(LibC.SOCK_NONBLOCK, groups);
    }

    private static NetlinkSocket open(int typeFlags, int[] groups) throws ErrnoException {
        int fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC | typeFlags,
                Netlink.NETLINK_ROUTE, "open NETLINK_ROUTE socket");
        try {
            int portId = bind(fd);
            for (int group : groups) {
                setIntOption(fd, Netlink.SOL_NETLINK, Netlink.NETLINK_ADD_MEMBERSHIP, group,
                        "join multicast group " + group);
            }
            return new NetlinkSocket(fd, portId);
        } catch (ErrnoException | RuntimeException e) {
            closeAfterFailure(fd, e);
            throw e;
        }
    }

    private static int bind(int fd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(SOCKADDR_NL);
            address.set(JAVA_SHORT, NL_FAMILY, (short) LibC.AF_NETLINK);
            LibC.bind(fd, address, "bind NETLINK_ROUTE socket");
            LibC.getsockname(fd, address, "read port id of NETLINK_ROUTE socket");
            return address.get(JAVA_INT, NL_PID);
        }
    }

    private static void closeAfterFailure(int fd, Exception failure) {
        try {
            LibC.close(fd, "close NETLINK_ROUTE socket after failed setup");
        } catch (ErrnoException e) {
            failure.addSuppressed(e);
        }
    }

    /** Returns the port id that the kernel bound the socket to, its {@code nl_pid}. */
    int portId() {
        return portId;
    }

    /** Returns the file descriptor, for poll. */
    int fd() {
        return fd;
    }

    /** Sets an int socket option. */
    void setOption(int level, int name, int value, String request) throws ErrnoException {
        setIntOption(fd, level, name, value, request);
    }

    private static void setIntOption(int fd, int level, int name, int value, String request)
            throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            LibC.setsockopt(fd, level, name, arena.allocateFrom(JAVA_INT, value), request);
        }
    }

    /**
     * Sets SO_RCVTIMEO, after which a blocked receive fails with EAGAIN.
     *
     * @param timeout the timeout, at least one microsecond
     */
    void setReceiveTimeout(Duration timeout) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(TIMEVAL);
            value.set(JAVA_LONG, TIMEVAL.byteOffset(groupElement("tv_sec")),
                    timeout.toSeconds());
            value.set(JAVA_LONG, TIMEVAL.byteOffset(groupElement("tv_usec")),
                    timeout.toNanosPart() / 1000);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, value,
                    "set receive timeout " + timeout);
        }
    }

    /**
     * Sends one message to the kernel.
     *
     * @param message the encoded message
     * @param request what the message requests, for the error message
     * @throws ErrnoException if sendto fails
     * @throws IllegalStateException if the socket is closed
     */
    void send(byte[] message, String request) throws ErrnoException {
        requireOpen(request);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocateFrom(JAVA_BYTE, message);
            MemorySegment kernel = arena.allocate(SOCKADDR_NL);
            kernel.set(JAVA_SHORT, NL_FAMILY, (short) LibC.AF_NETLINK);
            LibC.sendto(fd, buffer, kernel, request);
        }
    }

    /**
     * Receives the next datagram from the kernel. Datagrams from other senders are dropped.
     *
     * @param request what the caller waits for, for the error message
     * @return a copy of the datagram on the Java heap
     * @throws ErrnoException if recvmsg fails, for example with ENOBUFS after the kernel
     *         dropped multicast messages, or with EAGAIN after the receive timeout or, on a
     *         non-blocking socket, when nothing is queued
     * @throws IllegalStateException if the socket is closed
     */
    MemorySegment receive(String request) throws ErrnoException {
        requireOpen(request);
        while (true) {
            try (Arena arena = Arena.ofConfined()) {
                // A peek with MSG_TRUNC returns the datagram's full length, so the buffer fits.
                long length = receive(arena, arena.allocate(0), LibC.MSG_PEEK | LibC.MSG_TRUNC,
                        request).length();
                MemorySegment buffer = arena.allocate(Math.max(length, 1));
                Received received = receive(arena, buffer, 0, request);
                if (received.senderPortId() == 0) {
                    return MemorySegment.ofArray(
                            buffer.asSlice(0, received.length()).toArray(JAVA_BYTE));
                }
                log.debug("dropped netlink datagram from a process sender={} bytes={}",
                        received.senderPortId(), received.length());
            }
        }
    }

    private record Received(long length, int senderPortId) {
    }

    private Received receive(Arena arena, MemorySegment buffer, int flags, String request)
            throws ErrnoException {
        MemorySegment sender = arena.allocate(SOCKADDR_NL);
        MemorySegment vector = arena.allocate(IOVEC);
        vector.set(ADDRESS, IOVEC.byteOffset(groupElement("iov_base")), buffer);
        vector.set(JAVA_LONG, IOVEC.byteOffset(groupElement("iov_len")), buffer.byteSize());
        MemorySegment header = arena.allocate(MSGHDR);
        header.set(ADDRESS, MSGHDR.byteOffset(groupElement("msg_name")), sender);
        header.set(JAVA_INT, MSGHDR.byteOffset(groupElement("msg_namelen")),
                (int) sender.byteSize());
        header.set(ADDRESS, MSGHDR.byteOffset(groupElement("msg_iov")), vector);
        header.set(JAVA_LONG, MSGHDR.byteOffset(groupElement("msg_iovlen")), 1L);
        long length = LibC.recvmsg(fd, header, flags, request);
        return new Received(length, sender.get(JAVA_INT, NL_PID));
    }

    // After close the kernel may hand the descriptor number to another file, so a late call
    // must not reach it.
    private void requireOpen(String request) {
        if (closed.get()) {
            throw new IllegalStateException("failed to " + request
                    + ": the netlink socket is closed, open a new client");
        }
    }

    /**
     * Closes the socket. Later calls do nothing.
     *
     * @throws ErrnoException if close fails
     */
    @Override
    public void close() throws ErrnoException {
        if (closed.compareAndSet(false, true)) {
            LibC.close(fd, "close NETLINK_ROUTE socket");
        }
    }
}
