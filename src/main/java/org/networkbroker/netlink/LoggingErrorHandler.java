package org.networkbroker.netlink;

import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's default error handler: logs skipped malformed messages at warn, at most one
 * line per 10 seconds with the count of lines held back, and the failure that stopped the
 * monitor at error.
 */
final class LoggingErrorHandler implements Consumer<NetlinkException> {

    private static final Logger log = LoggerFactory.getLogger(NetlinkMonitor.class);

    private final WarningLimiter malformedWarnings =
            new WarningLimiter(Duration.ofSeconds(10), System::nanoTime);

    @Override
    public void accept(NetlinkException error) {
        if (error instanceof MalformedMessageException malformed) {
            if (malformedWarnings.tryAcquire()) {
                log.warn("skipped malformed netlink message offset={} suppressed={} error=\"{}\"",
                        malformed.offset(), malformedWarnings.takeSuppressed(),
                        malformed.getMessage());
            }
            return;
        }
        log.error("netlink monitor stopped, events are no longer received", error);
    }
}
