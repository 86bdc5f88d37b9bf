package org.networkbroker.netlink;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.networkbroker.system.Errno;

/**
 * Receives the kernel's link, address, route and rule change messages and delivers them as
 * {@link NetlinkEvent} records, in kernel order, on one reader thread.
 *
 * <p>The socket joins RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
 * RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_IPV4_RULE and RTNLGRP_IPV6_RULE in the
 * network namespace of the thread that calls {@code start}. Messages queue in the socket from
 * that moment, so a caller that starts the monitor and then dumps the current state misses no
 * change in between.
 *
 * <p>The reader is a platform daemon thread named {@code netlink-monitor-N}. It is not a
 * virtual thread, because it spends its life blocked in poll(2), and a virtual thread
 * blocked in a native call pins its carrier thread all that time. The consumer runs on the
 * reader thread: while it runs, messages queue in the socket buffer, and when the buffer
 * overflows the consumer receives an {@link Overrun}.
 *
 * <p>{@link #close()} wakes the reader through an eventfd that it polls beside the socket,
 * so the reader stops at once instead of at the next timeout, and it is the reader itself
 * that closes both descriptors. No other thread closes a descriptor that the reader may
 * still use, or that the process may already have reused.
 */
public final class NetlinkMonitor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NetlinkMonitor.class);
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();

    /**
     * Socket receive buffer in bytes. 4 MiB is an estimate, meant to absorb a burst of a few
     * thousand route messages, as when a routing daemon loads a table. Without CAP_NET_ADMIN
     * the kernel caps it at net.core.rmem_max.
     */
    static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    private static final int[] GROUPS = {
        Rtnetlink.RTNLGRP_LINK,
        Rtnetlink.RTNLGRP_IPV4_IFADDR,
        Rtnetlink.RTNLGRP_IPV6_IFADDR,
        Rtnetlink.RTNLGRP_IPV4_ROUTE,
        Rtnetlink.RTNLGRP_IPV6_ROUTE,
        Rtnetlink.RTNLGRP_IPV4_RULE,
        Rtnetlink.RTNLGRP_IPV6_RULE,
    };

    /** {@code struct pollfd} from {@code <poll.h>}. */
    private static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents"));
    private static final long POLL_FD = POLLFD.byteOffset(groupElement("fd"));
    private static final long POLL_EVENTS = POLLFD.byteOffset(groupElement("events"));
    private static final long POLL_REVENTS = POLLFD.byteOffset(groupElement("revents"));

    private final NetlinkSocket socket;
    private final int wakeFd;
    private final MonitorDispatcher dispatcher;
    private final Thread reader;
    private final Object lock = new Object();
    private boolean closing;
    private boolean descriptorsClosed;

    private NetlinkMonitor(NetlinkSocket socket, int wakeFd, MonitorDispatcher dispatcher) {
        this.socket = socket;
        this.wakeFd = wakeFd;
        this.dispatcher = dispatcher;
        this.reader = Thread.ofPlatform()
                .name("netlink-monitor-" + THREAD_NUMBER.incrementAndGet())
                .daemon(true)
                .unstarted(this::run);
    }

    /**
     * Starts a monitor whose errors are logged: malformed messages at warn, at most one line
     * per 10 seconds, and a socket failure that stops the monitor at error.
     *
     * @param consumer receives each event on the reader thread
     * @return the running monitor; close it to stop the reader thread
     * @throws ErrnoException if the socket or the eventfd cannot be set up
     */
    public static NetlinkMonitor start(Consumer<? super NetlinkEvent> consumer)
            throws ErrnoException {
        return start(consumer, new LoggingErrorHandler());
    }

    /**
     * Starts a monitor with an error handler.
     *
     * @param consumer receives each event on the reader thread
     * @param errorHandler receives, on the reader thread, a
     *         {@link MalformedMessageException} for each message that was skipped while the
     *         monitor goes on, and at most once an {@link ErrnoException} after which the
     *         monitor has stopped
     * @return the running monitor; close it to stop the reader thread
     * @throws ErrnoException if the socket or the eventfd cannot be set up
     */
    public static NetlinkMonitor start(Consumer<? super NetlinkEvent> consumer,
            Consumer<? super NetlinkException> errorHandler) throws ErrnoException {
        return start(consumer, errorHandler, RECEIVE_BUFFER_BYTES);
    }

    /** Starts a monitor with a socket receive buffer of the given size, for tests. */
    static NetlinkMonitor start(Consumer<? super NetlinkEvent> consumer,
            Consumer<? super NetlinkException> errorHandler, int receiveBufferBytes)
            throws ErrnoException {
        NetlinkSocket socket = NetlinkSocket.forMulticast(GROUPS);
        int wakeFd;
        try {
            setReceiveBuffer(socket, receiveBufferBytes);
            wakeFd = LibC.eventfd(LibC.EFD_CLOEXEC, "create eventfd to stop netlink monitor");
        } catch (ErrnoException | RuntimeException e) {
            try {
                socket.close();
            } catch (ErrnoException closeFailure) {
                e.addSuppressed(closeFailure);
            }
            throw e;
        }
        NetlinkMonitor monitor = new NetlinkMonitor(socket, wakeFd,
                new MonitorDispatcher(consumer, errorHandler));
        monitor.reader.start();
        log.info("netlink monitor started thread={}", monitor.reader.getName());
        return monitor;
    }

    // SO_RCVBUFFORCE passes net.core.rmem_max but needs CAP_NET_ADMIN; SO_RCVBUF is capped.
    private static void setReceiveBuffer(NetlinkSocket socket, int bytes) throws ErrnoException {
        try {
            socket.setOption(LibC.SOL_SOCKET, LibC.SO_RCVBUFFORCE, bytes,
                    "set receive buffer to " + bytes + " bytes");
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            socket.setOption(LibC.SOL_SOCKET, LibC.SO_RCVBUF, bytes,
                    "set receive buffer to " + bytes + " bytes");
        }
    }

    /** Returns the name of the reader thread, for tests. */
    String threadName() {
        return reader.getName();
    }

    /**
     * Returns whether the reader thread is alive.
     *
     * @return false after {@link #close()} returned, or after a socket failure
     */
    public boolean isRunning() {
        return reader.isAlive();
    }

    /**
     * Stops the reader thread and waits until it has ended and closed its socket. A consumer
     * may call this on the reader thread; then the reader stops after the consumer returns.
     * Later calls from other threads wait for the same end.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (!closing && !descriptorsClosed) {
                wakeReader();
            }
            closing = true;
        }
        if (Thread.currentThread() == reader) {
            return;
        }
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void wakeReader() {
        try (Arena arena = Arena.ofConfined()) {
            LibC.write(wakeFd, arena.allocateFrom(JAVA_LONG, 1L), "wake netlink monitor");
        } catch (ErrnoException e) {
            throw new IllegalStateException("failed to stop netlink monitor thread "
                    + reader.getName(), e);
        }
    }

    private void run() {
        try {
            while (waitForInput()) {
                receiveAndDispatch();
            }
        } catch (ErrnoException e) {
            dispatcher.reportError(e);
        } catch (RuntimeException e) {
            log.error("netlink monitor stopped by an unexpected exception", e);
        } finally {
            closeDescriptors();
        }
    }

    /** Waits until the socket or the eventfd is readable; returns false to stop. */
    private boolean waitForInput() throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(POLLFD, 2);
            MemorySegment wake = fds.asSlice(POLLFD.byteSize());
            fds.set(JAVA_INT, POLL_FD, socket.fd());
            fds.set(JAVA_SHORT, POLL_EVENTS, (short) LibC.POLLIN);
            wake.set(JAVA_INT, POLL_FD, wakeFd);
            wake.set(JAVA_SHORT, POLL_EVENTS, (short) LibC.POLLIN);
            LibC.poll(fds, 2, -1, "wait for netlink events");
            synchronized (lock) {
                return !closing && wake.get(JAVA_SHORT, POLL_REVENTS) == 0;
            }
        }
    }

    private void receiveAndDispatch() throws ErrnoException {
        MemorySegment datagram;
        try {
            datagram = socket.receive("receive netlink events");
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EAGAIN) {
                // Poll reported the socket readable, but the only datagram came from another
                // process and was dropped.
                return;
            }
            if (e.errno() != Errno.ENOBUFS) {
                throw e;
            }
            log.debug("netlink socket overrun, events were dropped thread={}", reader.getName());
            dispatcher.overrun();
            return;
        }
        dispatcher.dispatch(datagram);
    }

    private void closeDescriptors() {
        synchronized (lock) {
            descriptorsClosed = true;
            try {
                socket.close();
            } catch (ErrnoException e) {
                log.warn("failed to close netlink monitor socket thread={}", reader.getName(), e);
            }
            try {
                LibC.close(wakeFd, "close eventfd of netlink monitor");
            } catch (ErrnoException e) {
                log.warn("failed to close netlink monitor eventfd thread={}", reader.getName(), e);
            }
        }
        log.info("netlink monitor stopped thread={}", reader.getName());
    }
}
