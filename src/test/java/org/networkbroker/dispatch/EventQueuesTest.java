package org.networkbroker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.networkbroker.LogCapture;
import org.networkbroker.event.KernelEvent.Change;
import org.networkbroker.event.RouteChanged;
import org.networkbroker.event.LinkStateChanged;
import org.networkbroker.event.ManagerStateChanged;
import org.networkbroker.event.NetworkEvent;
import org.networkbroker.event.NetworkEvent.Origin;

class EventQueuesTest {

    private final List<NetworkEvent> handled = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private LogCapture log;
    private EventQueues queues;

    @BeforeEach
    void captureLog() {
        log = LogCapture.of(EventQueues.class);
    }

    @AfterEach
    void closeQueues() {
        gate.countDown();
        if (queues != null) {
            queues.close();
        }
        log.close();
    }

    @Test
    @Timeout(30)
    void submitKeepsOrderPerKey() throws InterruptedException {
        int perKey = 300;
        CountDownLatch done = new CountDownLatch(3 * perKey);
        Map<Object, AtomicInteger> active = new ConcurrentHashMap<>();
        List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
        queues = new EventQueues(10_000, event -> {
            Object key = EventQueues.keyOf(event);
            if (active.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                overlaps.add(key + " " + propertiesOf(event));
            }
            handled.add(event);
            active.get(key).decrementAndGet();
            done.countDown();
        });

        for (int n = 0; n < perKey; n++) {
            queues.submit(link(2, "n", Integer.toString(n)));
            queues.submit(link(3, "n", Integer.toString(n)));
            queues.submit(manager("n", Integer.toString(n)));
        }
        assertThat(done.await(20, TimeUnit.SECONDS)).as("all events handled").isTrue();

        List<String> expected = new ArrayList<>();
        for (int n = 0; n < perKey; n++) {
            expected.add(Integer.toString(n));
        }
        assertThat(numbersOf("ifindex-2")).as("order of ifindex 2").isEqualTo(expected);
        assertThat(numbersOf("ifindex-3")).as("order of ifindex 3").isEqualTo(expected);
        assertThat(numbersOf("manager")).as("order of the manager").isEqualTo(expected);
        assertThat(overlaps).as("events handled while another of the same key ran").isEmpty();
    }

    @Test
    @Timeout(30)
    void submitRunsKeysInParallel() throws InterruptedException {
        CountDownLatch otherDone = new CountDownLatch(3);
        queues = new EventQueues(64, event -> {
            if (EventQueues.keyOf(event).equals("ifindex-2")) {
                blockOnGate(event);
            } else {
                handled.add(event);
                otherDone.countDown();
            }
        });

        queues.submit(link(2, "OperationalState", "routable"));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).as("ifindex 2 handler started")
                .isTrue();
        queues.submit(link(3, "OperationalState", "routable"));
        queues.submit(manager("OperationalState", "routable"));
        queues.submit(link(3, "OperationalState", "degraded"));

        assertThat(otherDone.await(10, TimeUnit.SECONDS))
                .as("events of ifindex 3 and the manager while ifindex 2 is blocked").isTrue();
        assertThat(handled).as("events handled while ifindex 2 is blocked").hasSize(3);
        assertThat(handled).as("events handled while ifindex 2 is blocked")
                .noneMatch(event -> EventQueues.keyOf(event).equals("ifindex-2"));
    }

    @Test
    @Timeout(30)
    void submitCollapsesBeyondBound() throws InterruptedException {
        queues = new EventQueues(3, this::blockFirstThenRecord);
        queues.submit(link(2, "OperationalState", "no-carrier"));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).as("first handler of ifindex 2")
                .isTrue();

        queues.submit(link(2, "OperationalState", "degraded", "CarrierState", "carrier"));
        queues.submit(link(2, "OperationalState", "routable"));
        queues.submit(link(2, "AdministrativeState", "configuring"));
        assertThat(log.messages(Level.WARN, "collapsed"))
                .as("warnings with 3 events pending at bound 3").isEmpty();
        queues.submit(link(2, "AdministrativeState", "configured", "OnlineState", "online"));
        gate.countDown();
        awaitHandled(event -> "online".equals(propertiesOf(event).get("OnlineState")));

        Map<String, String> latest = new LinkedHashMap<>();
        latest.put("OperationalState", "routable");
        latest.put("CarrierState", "carrier");
        latest.put("AdministrativeState", "configured");
        latest.put("OnlineState", "online");
        assertThat(handled).as("events handled for ifindex 2").containsExactly(
                link(2, "OperationalState", "no-carrier"),
                new LinkStateChanged(2, latest, Origin.SIGNAL));
        assertThat(log.messages(Level.WARN, "events collapsed"))
                .as("collapse warnings for ifindex 2").singleElement().asString()
                .contains("key=ifindex-2")
                .contains("collapsed=4")
                .contains("bound=3");
    }

    @Test
    @Timeout(30)
    void collapseKeepsLatestChangePerRoute() throws InterruptedException {
        queues = new EventQueues(3, this::blockFirstThenRecord);
        queues.submit(link(2, "OperationalState", "routable"));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).as("first handler of ifindex 2")
                .isTrue();

        queues.submit(route(Change.ADDED, "10.1.0.0/16"));
        queues.submit(route(Change.ADDED, "10.2.0.0/16"));
        queues.submit(link(2, "OperationalState", "degraded"));
        queues.submit(route(Change.REMOVED, "10.1.0.0/16"));
        queues.submit(link(2, "CarrierState", "carrier"));
        RouteChanged last = route(Change.ADDED, "10.3.0.0/16");
        queues.submit(last);
        gate.countDown();
        awaitHandled(last::equals);

        // The fourth pending event collapses the three before it: the add of 10.1.0.0/16
        // gives way to its removal. Later events wait until the queue doubles.
        assertThat(handled).as("events handled for ifindex 2 after the collapse")
                .containsExactly(link(2, "OperationalState", "routable"),
                        route(Change.ADDED, "10.2.0.0/16"),
                        link(2, "OperationalState", "degraded"),
                        route(Change.REMOVED, "10.1.0.0/16"),
                        link(2, "CarrierState", "carrier"),
                        last);
        assertThat(log.messages(Level.WARN, "events collapsed"))
                .as("collapse warnings for ifindex 2").singleElement().asString()
                .contains("collapsed=4")
                .contains("kept=3");
    }

    private static RouteChanged route(Change change, String destination) {
        return new RouteChanged(2, "eth0", change, destination, Optional.of("192.0.2.1"), 254,
                "ipv4", Origin.KERNEL);
    }

    @Test
    @Timeout(30)
    void submitKeepsEventsUpToBound() throws InterruptedException {
        queues = new EventQueues(3, this::blockFirstThenRecord);
        queues.submit(manager("OperationalState", "off"));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).as("first manager handler")
                .isTrue();

        queues.submit(manager("OperationalState", "no-carrier"));
        queues.submit(manager("OperationalState", "degraded"));
        queues.submit(manager("OperationalState", "routable"));
        gate.countDown();
        awaitHandled(event -> "routable".equals(propertiesOf(event).get("OperationalState")));

        assertThat(handled).as("manager events handled").containsExactly(
                manager("OperationalState", "off"),
                manager("OperationalState", "no-carrier"),
                manager("OperationalState", "degraded"),
                manager("OperationalState", "routable"));
        assertThat(log.messages(Level.WARN, "")).as("warnings for the manager").isEmpty();
    }

    @Test
    @Timeout(30)
    void submitNeverBlocksOnHandler() throws InterruptedException {
        int count = 10_000;
        queues = new EventQueues(Dispatcher.QUEUE_BOUND, this::blockFirstThenRecord);
        queues.submit(link(2, "n", "first"));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).as("first handler of ifindex 2")
                .isTrue();

        for (int n = 0; n < count; n++) {
            queues.submit(link(2, "n", Integer.toString(n), "n" + n % 10, "seen"));
        }
        gate.countDown();
        String last = Integer.toString(count - 1);
        awaitHandled(event -> last.equals(propertiesOf(event).get("n")));

        assertThat(handled).as("events handled for ifindex 2 after %d submits", count)
                .hasSizeLessThanOrEqualTo(Dispatcher.QUEUE_BOUND + 1);
        LinkStateChanged latest = (LinkStateChanged) handled.get(1);
        for (NetworkEvent event : handled.subList(2, handled.size())) {
            latest = latest.mergeLater((LinkStateChanged) event);
        }
        assertThat(latest.properties().get("n")).as("latest n of ifindex 2").isEqualTo(last);
        for (int digit = 0; digit < 10; digit++) {
            assertThat(latest.properties().get("n" + digit))
                    .as("property n%d of ifindex 2 after the collapse", digit)
                    .isEqualTo("seen");
        }
    }

    @Test
    @Timeout(30)
    void closeDropsPendingAndWaitsRunning() throws InterruptedException {
        List<String> steps = Collections.synchronizedList(new ArrayList<>());
        queues = new EventQueues(64, event -> {
            steps.add("start " + propertiesOf(event).get("n"));
            blockOnGate(event);
            steps.add("end " + propertiesOf(event).get("n"));
        });
        queues.submit(link(2, "n", "0"));
        assertThat(firstStarted.await(10, TimeUnit.SECONDS)).as("first handler of ifindex 2")
                .isTrue();
        queues.submit(link(2, "n", "1"));
        queues.submit(link(2, "n", "2"));

        Thread closer = Thread.ofPlatform().name("closer").start(() -> {
            queues.close();
            steps.add("closed");
        });
        // Once close() waits on the queues' monitor, it has seen the pending events.
        while (closer.getState() != Thread.State.WAITING) {
            TimeUnit.MILLISECONDS.sleep(5);
        }
        assertThat(steps).as("steps while close() waits").containsExactly("start 0");
        gate.countDown();
        closer.join();
        queues.submit(link(2, "n", "3"));

        assertThat(steps).as("steps of ifindex 2 around close()")
                .containsExactly("start 0", "end 0", "closed");
        assertThat(log.messages(Level.INFO, "pending events dropped"))
                .as("shutdown lines").singleElement().asString().contains("count=2");
    }

    @Test
    @Timeout(30)
    void handlerFailureKeepsKeyRunning() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        queues = new EventQueues(64, event -> {
            if ("0".equals(propertiesOf(event).get("n"))) {
                throw new IllegalStateException("handler failed on purpose");
            }
            handled.add(event);
            done.countDown();
        });

        queues.submit(link(2, "n", "0"));
        queues.submit(link(2, "n", "1"));

        assertThat(done.await(10, TimeUnit.SECONDS)).as("second event of ifindex 2 handled")
                .isTrue();
        assertThat(handled).as("events handled for ifindex 2")
                .containsExactly(link(2, "n", "1"));
        assertThat(log.messages(Level.ERROR, "event handling failed"))
                .as("error lines for ifindex 2").singleElement().asString()
                .contains("key=ifindex-2");
    }

    @Test
    void constructorRejectsZeroBound() {
        Consumer<NetworkEvent> ignore = handled::add;

        assertThatThrownBy(() -> new EventQueues(0, ignore))
                .as("queues with bound 0")
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Blocks the first event handled until the gate opens and records every later one. */
    private void blockFirstThenRecord(NetworkEvent event) {
        if (firstStarted.getCount() > 0) {
            blockOnGate(event);
        }
        handled.add(event);
    }

    private void blockOnGate(NetworkEvent event) {
        firstStarted.countDown();
        try {
            if (!gate.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate not opened for " + event);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handling " + event, e);
        }
    }

    private void awaitHandled(Predicate<NetworkEvent> last)
            throws InterruptedException {
        while (true) {
            synchronized (handled) {
                if (!handled.isEmpty() && last.test(handled.getLast())) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    private List<String> numbersOf(String key) {
        synchronized (handled) {
            return handled.stream()
                    .filter(event -> EventQueues.keyOf(event).equals(key))
                    .map(event -> propertiesOf(event).get("n"))
                    .toList();
        }
    }

    private static Map<String, String> propertiesOf(NetworkEvent event) {
        return switch (event) {
            case LinkStateChanged link -> link.properties();
            case ManagerStateChanged manager -> manager.properties();
            default -> Map.of();
        };
    }

    private static LinkStateChanged link(int ifindex, String... pairs) {
        return new LinkStateChanged(ifindex, properties(pairs), Origin.SIGNAL);
    }

    private static ManagerStateChanged manager(String... pairs) {
        return new ManagerStateChanged(properties(pairs), Origin.SIGNAL);
    }

    private static Map<String, String> properties(String... pairs) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.put(pairs[i], pairs[i + 1]);
        }
        return properties;
    }
}
