package org.networkbroker.dispatch;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.networkbroker.event.KernelEvent;
import org.networkbroker.event.LeaseChanged;
import org.networkbroker.event.LinkStateChanged;
import org.networkbroker.event.ManagerStateChanged;
import org.networkbroker.event.NetworkEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands events to a handler strictly in arrival order per key (one key per link, one for the
 * manager), with different keys handled in parallel on virtual threads. {@link #submit} never
 * blocks, so the bus reader never waits for a script.
 *
 * <p>A key holds at most {@code bound} pending events besides the one being handled. When
 * another one arrives, the pending events of that key collapse: state changes into one event
 * that keeps the latest value of each property, kernel changes into the latest change of each
 * address, route or link, and one warning says how many were collapsed. A key's worker thread
 * and queue exist only while it has events, so memory stays bounded by the number of links
 * and of their addresses and routes.
 */
final class EventQueues implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventQueues.class);

    private final int bound;
    private final Consumer<NetworkEvent> handler;
    private final Map<Object, ArrayDeque<NetworkEvent>> queues = new HashMap<>();
    private final Map<Object, Integer> collapseAt = new HashMap<>();
    private boolean closed;

    /**
     * Creates the queues.
     *
     * @param bound the number of pending events per key before they collapse, at least 1
     * @param handler handles one event; it runs on the key's worker thread
     */
    EventQueues(int bound, Consumer<NetworkEvent> handler) {
        if (bound < 1) {
            throw new IllegalArgumentException("invalid queue bound " + bound);
        }
        this.bound = bound;
        this.handler = handler;
    }

    /**
     * Queues an event behind the earlier events of the same key.
     *
     * @param event the event
     */
    void submit(NetworkEvent event) {
        Object key = keyOf(event);
        ArrayDeque<NetworkEvent> idle;
        synchronized (queues) {
            if (closed) {
                log.debug("event dropped, broker stopping event={}", event);
                return;
            }
            ArrayDeque<NetworkEvent> queue = queues.get(key);
            if (queue != null) {
                queue.add(event);
                // The head of the queue is the event being handled, so it is not pending.
                if (queue.size() - 1 > collapseAt.getOrDefault(key, bound)) {
                    collapse(key, queue);
                }
                return;
            }
            idle = new ArrayDeque<>();
            idle.add(event);
            queues.put(key, idle);
        }
        // Outside the lock: starting a thread may wake a carrier thread with a system call,
        // and every worker takes the same lock twice per event.
        startWorker(key, idle);
    }

    /**
     * Runs a task the way an event's worker starts: it takes the queues' lock, then starts a
     * new virtual thread after releasing it. The watchdog heartbeat uses it to prove that
     * neither is stuck.
     *
     * @param task the task
     * @return false when the queues are closed and the task was not started
     */
    boolean probe(Runnable task) {
        synchronized (queues) {
            if (closed) {
                return false;
            }
        }
        Thread.ofVirtual().name("events-probe").start(task);
        return true;
    }

    private void startWorker(Object key, ArrayDeque<NetworkEvent> queue) {
        Thread.ofVirtual().name("events-" + key).start(() -> drain(key, queue));
    }

    private void drain(Object key, ArrayDeque<NetworkEvent> queue) {
        while (true) {
            NetworkEvent event;
            synchronized (queues) {
                // The head stays queued while it runs, so an empty queue means an idle key.
                event = queue.peekFirst();
                if (event == null || closed) {
                    queues.remove(key, queue);
                    collapseAt.remove(key);
                    queues.notifyAll();
                    return;
                }
            }
            try {
                handler.accept(event);
            } catch (RuntimeException e) {
                log.error("event handling failed key={} event={}", key, event, e);
            }
            synchronized (queues) {
                queue.pollFirst();
            }
        }
    }

    /**
     * Merges the waiting events of a key, but not the one being handled: the link or manager
     * state changes into one event that keeps the latest value of each property, and the
     * kernel's changes into the latest change of each address, route or link. The merged
     * events keep the position of each object's latest change.
     */
    private void collapse(Object key, ArrayDeque<NetworkEvent> queue) {
        NetworkEvent running = queue.pollFirst();
        int count = queue.size();
        Map<Object, NetworkEvent> latest = new LinkedHashMap<>();
        for (NetworkEvent event : queue) {
            Object identity = identityOf(event);
            NetworkEvent earlier = latest.remove(identity);
            latest.put(identity, earlier == null ? event : merge(earlier, event));
        }
        queue.clear();
        queue.add(running);
        queue.addAll(latest.values());
        // Distinct addresses or routes cannot merge; collapsing again only after the queue
        // doubles keeps a long burst from costing a pass over the queue per event.
        collapseAt.put(key, Math.max(bound, 2 * latest.size()));
        log.warn("events collapsed key={} collapsed={} kept={} bound={}; intermediate states"
                + " were skipped, the latest value of each property is kept", key, count,
                latest.size(), bound);
    }

    static NetworkEvent merge(NetworkEvent earlier, NetworkEvent later) {
        return switch (earlier) {
            case LinkStateChanged link -> link.mergeLater((LinkStateChanged) later);
            case ManagerStateChanged manager -> manager.mergeLater((ManagerStateChanged) later);
            case KernelEvent kernel -> later;
            case LeaseChanged lease -> later;
        };
    }

    private static Object identityOf(NetworkEvent event) {
        return switch (event) {
            case LinkStateChanged link -> "state";
            case ManagerStateChanged manager -> "manager";
            case KernelEvent kernel -> kernel.identity();
            case LeaseChanged lease -> "lease";
        };
    }

    static Object keyOf(NetworkEvent event) {
        return switch (event) {
            case LinkStateChanged link -> "ifindex-" + link.ifindex();
            case ManagerStateChanged manager -> "manager";
            case KernelEvent kernel -> kernel.ifindex() > 0 ? "ifindex-" + kernel.ifindex()
                    : "kernel";
            case LeaseChanged lease -> "ifindex-" + lease.ifindex();
        };
    }

    /**
     * Drops the events that have not started and waits until the running ones are handled.
     */
    @Override
    public void close() {
        synchronized (queues) {
            closed = true;
            int dropped = 0;
            for (ArrayDeque<NetworkEvent> queue : queues.values()) {
                dropped += Math.max(0, queue.size() - 1);
            }
            if (dropped > 0) {
                log.info("pending events dropped at shutdown count={}", dropped);
            }
            while (!queues.isEmpty()) {
                try {
                    queues.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
