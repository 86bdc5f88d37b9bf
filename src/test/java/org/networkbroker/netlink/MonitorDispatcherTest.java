package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checks event order and error handling of the monitor's dispatcher, without a socket. */
class MonitorDispatcherTest {

    private final List<NetlinkEvent> events = new ArrayList<>();
    private final List<NetlinkException> errors = new ArrayList<>();

    private static byte[] concat(byte[]... messages) {
        ByteArrayOutputStream datagram = new ByteArrayOutputStream();
        for (byte[] message : messages) {
            datagram.writeBytes(message);
        }
        return datagram.toByteArray();
    }

    private static byte[] capture(String file, int index) {
        return Captures.rawMessages(file).get(index);
    }

    private static byte[] linkWithoutName() {
        MessageBuilder builder = new MessageBuilder(Rtnetlink.RTM_NEWLINK, 0);
        builder.appendStruct(Structs.IFINFOMSG);
        return builder.build(1);
    }

    @Test
    void malformedMessageIsReportedAndNextDelivered() {
        MonitorDispatcher dispatcher = new MonitorDispatcher(events::add, errors::add);
        byte[] link = capture("01-link-add-veth.hex", 1);
        byte[] address = capture("04-addr-add-ipv4.hex", 0);

        dispatcher.dispatch(MemorySegment.ofArray(concat(link, linkWithoutName(), address)));

        assertThat(events).as("events around the malformed link message").hasSize(2);
        assertThat(events.get(0)).as("first event, nb-veth0").isInstanceOf(LinkEvent.class);
        assertThat(events.get(1)).as("second event, 192.0.2.1").isInstanceOf(AddressEvent.class);
        assertThat(errors).as("errors").singleElement()
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void eventsKeepKernelOrder() {
        MonitorDispatcher dispatcher = new MonitorDispatcher(events::add, errors::add);
        List<String> types = new ArrayList<>();

        for (byte[] message : Captures.rawMessages("14-link-del-veth.hex")) {
            dispatcher.dispatch(MemorySegment.ofArray(message));
        }
        for (NetlinkEvent event : events) {
            types.add(event.getClass().getSimpleName());
        }

        assertThat(types).as("event types while nb-veth0 is deleted").containsExactly(
                "LinkEvent", "RouteEvent", "RouteEvent", "RouteEvent", "RouteEvent",
                "AddressEvent", "LinkEvent", "LinkEvent");
        assertThat(errors).as("errors").isEmpty();
    }

    @Test
    void failingConsumerDoesNotStopDelivery() {
        List<NetlinkEvent> delivered = new ArrayList<>();
        MonitorDispatcher dispatcher = new MonitorDispatcher(event -> {
            delivered.add(event);
            throw new IllegalStateException("consumer failure for the test");
        }, errors::add);
        byte[] rules = concat(capture("08-rule-add-ipv4.hex", 0),
                capture("09-rule-add-ipv6.hex", 0));

        dispatcher.dispatch(MemorySegment.ofArray(rules));

        assertThat(delivered).as("rule events delivered to a failing consumer").hasSize(2);
    }

    @Test
    void overrunIsDeliveredAsEvent() {
        MonitorDispatcher dispatcher = new MonitorDispatcher(events::add, errors::add);

        dispatcher.overrun();

        assertThat(events).as("events after ENOBUFS").containsExactly(new Overrun());
    }

    @Test
    void cutDatagramIsReported() {
        MonitorDispatcher dispatcher = new MonitorDispatcher(events::add, errors::add);

        dispatcher.dispatch(MemorySegment.ofArray(new byte[7]));

        assertThat(events).as("events of a 7-byte datagram").isEmpty();
        assertThat(errors).as("errors of a 7-byte datagram").singleElement()
                .isInstanceOf(MalformedMessageException.class);
    }
}
