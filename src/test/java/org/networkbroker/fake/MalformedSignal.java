package org.networkbroker.fake;

import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.types.Variant;

/**
 * {@code PropertiesChanged} signals that systemd-networkd never sends. Each carries
 * {@code OperationalState} {@code routable} in some form, so a broker that lets one through
 * may run {@code routable.d}, which a test can see.
 */
public enum MalformedSignal {

    /** Body {@code sa{ss}as}: the state arrives as a plain string, not in a variant. */
    WRONG_SIGNATURE {
        @Override
        public long send(SignalEmitter emitter, int ifindex, int sequence)
                throws DBusException {
            return emitter.send(FakeNetworkd.linkPath(ifindex),
                    SignalEmitter.PROPERTIES_INTERFACE, "PropertiesChanged", "sa{ss}as",
                    FakeNetworkd.LINK_INTERFACE, Map.of("OperationalState", "routable"),
                    List.of());
        }
    },

    /** {@code OperationalState} as a variant of type {@code as} holding "routable". */
    NON_STRING_STATE {
        @Override
        public long send(SignalEmitter emitter, int ifindex, int sequence)
                throws DBusException {
            Variant<?> array = new Variant<>(new String[] {"routable"}, "as");
            return emitter.propertiesChanged(FakeNetworkd.linkPath(ifindex),
                    FakeNetworkd.LINK_INTERFACE, Map.of("OperationalState", array));
        }
    },

    /** A well-formed body for an interface outside networkd's namespace. */
    UNKNOWN_INTERFACE {
        @Override
        public long send(SignalEmitter emitter, int ifindex, int sequence)
                throws DBusException {
            return emitter.propertiesChanged(FakeNetworkd.linkPath(ifindex),
                    "org.example.Unknown", FakeNetworkd.variants(Map.of("OperationalState",
                            "routable")));
        }
    },

    /**
     * A link path whose label is not an escaped ifindex. The label changes with
     * {@code sequence}, so a rate limit keyed by the label would not hold.
     */
    UNDECODABLE_PATH {
        @Override
        public long send(SignalEmitter emitter, int ifindex, int sequence)
                throws DBusException {
            String path = "/org/freedesktop/network1/link/eth" + sequence;
            return emitter.propertiesChanged(path, FakeNetworkd.LINK_INTERFACE,
                    FakeNetworkd.variants(Map.of("OperationalState", "routable")));
        }
    };

    /**
     * Sends one signal of this kind about a link.
     *
     * @param emitter the connection to send on
     * @param ifindex the link the signal is about, where the kind has a link path
     * @param sequence a number that varies between repeats, where the kind uses one
     * @return the wall-clock send time in nanoseconds since the epoch
     * @throws DBusException if the signal cannot be marshalled
     */
    public abstract long send(SignalEmitter emitter, int ifindex, int sequence)
            throws DBusException;
}
