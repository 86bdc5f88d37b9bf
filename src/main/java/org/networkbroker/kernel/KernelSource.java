package org.networkbroker.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.networkbroker.event.KernelEvent;
import org.networkbroker.event.NetworkEvent;
import org.networkbroker.event.NetworkEvent.Origin;
import org.networkbroker.netlink.NetlinkEvent;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.netlink.NetlinkMonitor;
import org.networkbroker.netlink.Overrun;
import org.networkbroker.netlink.RtnetlinkClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the kernel's rtnetlink messages about links, addresses and routes into events, and
 * keeps the kernel's link names for the rest of the broker.
 *
 * <p>The monitor starts before the first dump, and messages that arrive while the dump runs
 * wait until it is applied, so no change falls between the two. When the kernel drops
 * messages because the socket buffer is full, the source dumps the tables again and reports
 * the differences. Listeners, such as the policy router, get every rtnetlink message after
 * the source applied it, on the monitor's thread and in kernel order.
 */
public final class KernelSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KernelSource.class);

    private final Consumer<NetworkEvent> sink;
    private final List<Consumer<NetlinkEvent>> listeners;
    private final KernelState state = new KernelState();
    private final List<NetlinkEvent> early = new ArrayList<>();
    private boolean baselineReady;
    private NetlinkMonitor monitor;

    /**
     * Creates a source.
     *
     * @param sink receives the events in kernel order; must not block
     * @param listeners receive every rtnetlink message after the source applied it
     */
    public KernelSource(Consumer<NetworkEvent> sink, List<Consumer<NetlinkEvent>> listeners) {
        this.sink = sink;
        this.listeners = List.copyOf(listeners);
    }

    /**
     * Subscribes to the kernel's link, address, route and rule messages and reads the
     * current tables as the baseline that later messages are compared with.
     *
     * @throws NetlinkException if the netlink socket cannot be opened or the dump fails
     */
    public void start() throws NetlinkException {
        // The monitor's default error handler logs malformed messages, rate-limited.
        monitor = NetlinkMonitor.start(this::onMessage);
        try (RtnetlinkClient client = RtnetlinkClient.open()) {
            var links = client.dumpLinks();
            var addresses = client.dumpAddresses();
            var routes = client.dumpRoutes();
            synchronized (state) {
                state.replace(links, addresses, routes, Origin.KERNEL);
                baselineReady = true;
                for (NetlinkEvent message : early) {
                    handle(message);
                }
                early.clear();
            }
            log.info("subscribed to kernel link, address and route messages links={}"
                    + " addresses={} routes={}", links.size(), addresses.size(), routes.size());
        } catch (NetlinkException | RuntimeException e) {
            monitor.close();
            throw e;
        }
    }

    /**
     * Returns the name the kernel gives a link now.
     *
     * @param ifindex the link's ifindex
     * @return the name, or empty when the kernel has no such link or the source has not
     *         started
     */
    public Optional<String> linkName(int ifindex) {
        synchronized (state) {
            return state.linkName(ifindex);
        }
    }

    private void onMessage(NetlinkEvent message) {
        synchronized (state) {
            if (!baselineReady) {
                early.add(message);
                return;
            }
            handle(message);
        }
    }

    /** Applies one message and passes it on; called with the state's lock held. */
    private void handle(NetlinkEvent message) {
        if (message instanceof Overrun) {
            resynchronize();
        } else {
            for (KernelEvent event : state.apply(message, Origin.KERNEL)) {
                log.debug("kernel event {}", event);
                sink.accept(event);
            }
        }
        for (Consumer<NetlinkEvent> listener : listeners) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                log.error("rtnetlink listener failed message={}", message, e);
            }
        }
    }

    private void resynchronize() {
        log.warn("the kernel dropped rtnetlink messages because the receive buffer was full;"
                + " reading links, addresses and routes again");
        try (RtnetlinkClient client = RtnetlinkClient.open()) {
            List<KernelEvent> missed = state.replace(client.dumpLinks(),
                    client.dumpAddresses(), client.dumpRoutes(), Origin.KERNEL_RESYNC);
            missed.forEach(sink);
            log.info("kernel tables read again; changes found={}", missed.size());
        } catch (NetlinkException e) {
            log.error("reading the kernel tables after an overrun failed; changes since then"
                    + " may be missing until the next message", e);
        }
    }

    /** Stops the monitor. */
    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
    }
}
