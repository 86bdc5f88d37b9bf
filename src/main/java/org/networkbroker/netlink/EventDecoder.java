package org.networkbroker.netlink;

import java.util.Optional;
import org.networkbroker.netlink.NetlinkEvent.Change;

/** Decodes multicast rtnetlink messages into events. */
final class EventDecoder {

    private EventDecoder() {
    }

    /**
     * Decodes one message.
     *
     * @return the event, or empty for a message type the monitor does not report, or an
     *         address, route or rule of a family other than IPv4 and IPv6
     * @throws MalformedMessageException if the message is malformed
     */
    static Optional<NetlinkEvent> decode(NetlinkMessage message)
            throws MalformedMessageException {
        return switch (message.type()) {
            case Rtnetlink.RTM_NEWLINK -> Optional.of(
                    new LinkEvent(Change.NEW, LinkCodec.decode(message)));
            case Rtnetlink.RTM_DELLINK -> Optional.of(
                    new LinkEvent(Change.DEL, LinkCodec.decode(message)));
            case Rtnetlink.RTM_NEWADDR -> AddressCodec.decode(message)
                    .map(address -> new AddressEvent(Change.NEW, address));
            case Rtnetlink.RTM_DELADDR -> AddressCodec.decode(message)
                    .map(address -> new AddressEvent(Change.DEL, address));
            case Rtnetlink.RTM_NEWROUTE -> RouteCodec.decode(message)
                    .map(route -> new RouteEvent(Change.NEW, route));
            case Rtnetlink.RTM_DELROUTE -> RouteCodec.decode(message)
                    .map(route -> new RouteEvent(Change.DEL, route));
            case Rtnetlink.RTM_NEWRULE -> RuleCodec.decode(message)
                    .map(rule -> new RuleEvent(Change.NEW, rule));
            case Rtnetlink.RTM_DELRULE -> RuleCodec.decode(message)
                    .map(rule -> new RuleEvent(Change.DEL, rule));
            case Netlink.NLMSG_OVERRUN -> Optional.of(new Overrun());
            default -> Optional.empty();
        };
    }
}
