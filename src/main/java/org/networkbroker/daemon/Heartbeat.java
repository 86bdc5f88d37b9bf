package org.networkbroker.daemon;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.matchrules.DBusMatchRule;
import org.freedesktop.dbus.matchrules.DBusMatchRuleBuilder;
import org.freedesktop.dbus.messages.DBusSignal;
import org.networkbroker.dispatch.Dispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that the broker's event path works before it sends {@code WATCHDOG=1}.
 *
 * <p>The broker has no single event loop: networkd's signals arrive on dbus-java's one signal
 * thread, which hands them to the dispatcher, which runs each link's scripts on a virtual
 * thread of its own. A beat takes the same way. At each interval a timer sends a
 * {@code org.networkbroker.Heartbeat.Beat} signal with a sequence number on the broker's own
 * bus connection. dbus-daemon sends it back, the signal thread receives it, and the dispatcher
 * starts a virtual thread under its queue lock, as for an event. Only that thread sends
 * {@code WATCHDOG=1} and the status line. So a lost bus connection, a blocked signal thread, a
 * deadlocked dispatcher or a stalled virtual-thread scheduler all stop the beats, and systemd
 * restarts the broker when {@code WatchdogSec=} runs out. While the broker reconnects to a
 * lost bus, beats go through the dispatcher alone, because the reconnection loop is itself
 * working as intended. A slow script does not stop the beats: it holds only its link's worker.
 */
final class Heartbeat implements AutoCloseable {

    static final String INTERFACE = "org.networkbroker.Heartbeat";
    static final String MEMBER = "Beat";
    static final String PATH = "/org/networkbroker/heartbeat";

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final Duration interval;
    private final Dispatcher dispatcher;
    private final SystemdNotifier notifier;
    private final boolean watchdog;
    private final Supplier<String> status;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform()
                    .name("heartbeat-timer").daemon(true).factory());
    private volatile DBusConnection connection;
    private volatile AutoCloseable subscription;

    /**
     * Creates a heartbeat; {@link #start} starts it.
     *
     * @param interval the time between beats, half of the watchdog timeout
     * @param dispatcher the dispatcher whose workers a beat must pass through
     * @param notifier receives {@code WATCHDOG=1} and the status line after each beat
     * @param watchdog whether to send {@code WATCHDOG=1}, or only the status line
     * @param status produces the status line
     */
    Heartbeat(Duration interval, Dispatcher dispatcher, SystemdNotifier notifier,
            boolean watchdog, Supplier<String> status) {
        this.interval = interval;
        this.dispatcher = dispatcher;
        this.notifier = notifier;
        this.watchdog = watchdog;
        this.status = status;
    }

    /**
     * Routes beats through a bus connection: subscribes to the broker's own beat signals.
     *
     * @param bus the connection networkd's signals arrive on
     * @throws DBusException if the bus rejects the match rule
     */
    void attach(DBusConnection bus) throws DBusException {
        DBusMatchRule rule = DBusMatchRuleBuilder.create()
                .withType("signal")
                .withSender(bus.getUniqueName())
                .withInterface(INTERFACE)
                .withMember(MEMBER)
                .withPath(PATH)
                .build();
        subscription = bus.addGenericSigHandler(rule, this::onBeat);
        connection = bus;
    }

    /** Stops routing beats through the bus, after the connection was lost. */
    void detach() {
        connection = null;
        AutoCloseable current = subscription;
        subscription = null;
        if (current != null) {
            try {
                current.close();
            } catch (Exception e) {
                log.debug("removing the heartbeat match rule failed", e);
            }
        }
    }

    /** Starts sending beats, the first one at once. */
    void start() {
        timer.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("watchdog heartbeat started interval={}ms", interval.toMillis());
    }

    private void beat() {
        long sequence = sent.incrementAndGet();
        if (watchdog && completed.get() < sequence - 1) {
            log.warn("watchdog heartbeat overdue sent={} completed={}; not telling systemd that"
                    + " the broker is alive", sequence - 1, completed.get());
        }
        DBusConnection bus = connection;
        if (bus == null) {
            passDispatcher(sequence);
            return;
        }
        try {
            DBusSignal signal = bus.getMessageFactory().createSignal(null, PATH, INTERFACE,
                    MEMBER, "x", sequence);
            bus.sendMessage(signal);
        } catch (DBusException | RuntimeException e) {
            log.warn("sending the watchdog heartbeat failed sequence={}", sequence, e);
        }
    }

    /** Runs on dbus-java's signal thread, the one that delivers networkd's signals. */
    private void onBeat(DBusSignal signal) {
        try {
            Object[] body = signal.getParameters();
            if (body.length == 1 && body[0] instanceof Long sequence) {
                passDispatcher(sequence);
            }
        } catch (DBusException e) {
            log.warn("undecodable heartbeat signal sender={}", signal.getSource(), e);
        }
    }

    private void passDispatcher(long sequence) {
        boolean started = dispatcher.probe(() -> {
            completed.accumulateAndGet(sequence, Math::max);
            if (watchdog) {
                notifier.watchdog();
            }
            notifier.status(status.get());
        });
        if (!started) {
            log.debug("heartbeat dropped, dispatcher closed sequence={}", sequence);
        }
    }

    /**
     * Returns the number of the last beat that went all the way through.
     *
     * @return the sequence number, 0 before the first beat completed
     */
    long completedBeats() {
        return completed.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        detach();
    }
}
