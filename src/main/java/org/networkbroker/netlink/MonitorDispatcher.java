package org.networkbroker.netlink;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the datagrams of a monitor socket and hands the events to the consumer in kernel
 * order. A malformed message goes to the error handler, and decoding goes on with the next
 * message. An exception from the consumer is logged, and delivery goes on with the next event.
 */
final class MonitorDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MonitorDispatcher.class);

    private final Consumer<? super NetlinkEvent> consumer;
    private final Consumer<? super NetlinkException> errorHandler;
    private final WarningLimiter consumerWarnings =
            new WarningLimiter(Duration.ofSeconds(10), System::nanoTime);

    MonitorDispatcher(Consumer<? super NetlinkEvent> consumer,
            Consumer<? super NetlinkException> errorHandler) {
        this.consumer = consumer;
        this.errorHandler = errorHandler;
    }

    /**
     * Delivers the events of one datagram. When the datagram cannot be cut into messages,
     * its events are lost and the error handler gets the exception.
     */
    void dispatch(MemorySegment datagram) {
        if (log.isTraceEnabled()) {
            log.trace("netlink datagram bytes={}",
                    HexFormat.of().formatHex(datagram.toArray(ValueLayout.JAVA_BYTE)));
        }
        List<NetlinkMessage> messages;
        try {
            messages = NetlinkMessage.split(datagram);
        } catch (MalformedMessageException e) {
            reportError(e);
            return;
        }
        for (NetlinkMessage message : messages) {
            Optional<NetlinkEvent> event;
            try {
                event = EventDecoder.decode(message);
            } catch (MalformedMessageException e) {
                reportError(e);
                continue;
            }
            if (event.isPresent()) {
                deliver(event.get());
            } else {
                log.debug("skipped netlink message type={} seq={}", message.typeName(),
                        message.sequence());
            }
        }
    }

    /** Delivers an {@link Overrun}. */
    void overrun() {
        deliver(new Overrun());
    }

    /** Hands an error to the error handler and logs what the handler throws. */
    void reportError(NetlinkException error) {
        try {
            errorHandler.accept(error);
        } catch (RuntimeException e) {
            log.warn("netlink monitor error handler failed error=\"{}\"", error.getMessage(), e);
        }
    }

    private void deliver(NetlinkEvent event) {
        log.debug("netlink event {}", event);
        try {
            consumer.accept(event);
        } catch (RuntimeException e) {
            if (consumerWarnings.tryAcquire()) {
                log.warn("netlink event consumer failed event={} suppressed={}", event,
                        consumerWarnings.takeSuppressed(), e);
            }
        }
    }
}
