package org.networkbroker.fake;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.Variant;

/**
 * Sends signals with any path, interface, member and body signature on one connection.
 *
 * <p>dbus-java normally builds a signal from a {@link DBusSignal} subclass, whose constructor
 * derives the signature from its Java parameter types, so a well-typed class cannot send a
 * wrong one. {@code MessageFactory.createSignal(source, path, interface, member, signature,
 * body...)} (dbus-java 5.2.2) instead marshals the body by the signature given, which is how
 * this class sends malformed signals. A null source leaves the sender header out, and the
 * bus daemon fills in the connection's unique name.
 *
 * <p>Sending is serialized: dbus-java numbers a message when it is created and writes
 * messages from one sender thread in the order they were handed over, so under one lock the
 * serials on the wire rise in sending order. The broker relies on that order.
 */
public final class SignalEmitter {

    /** The standard properties interface, which carries {@code PropertiesChanged}. */
    public static final String PROPERTIES_INTERFACE = "org.freedesktop.DBus.Properties";
    /** The signature of a well-formed {@code PropertiesChanged} body. */
    public static final String PROPERTIES_CHANGED_SIGNATURE = "sa{sv}as";

    private final DBusConnection connection;

    /**
     * Creates an emitter.
     *
     * @param connection the connection to send on; the signals' sender is its unique name
     */
    public SignalEmitter(DBusConnection connection) {
        this.connection = connection;
    }

    /**
     * Sends a well-formed {@code PropertiesChanged} signal with no invalidated properties.
     *
     * @param path the object path the signal comes from
     * @param changedInterface the interface whose properties changed, the body's first field
     * @param changed the new values by property name
     * @return the wall-clock time just before the signal was handed to dbus-java, in
     *         nanoseconds since the epoch, the clock that {@code date +%s%N} reads
     * @throws DBusException if dbus-java cannot marshal the signal
     */
    public long propertiesChanged(String path, String changedInterface,
            Map<String, Variant<?>> changed) throws DBusException {
        return send(path, PROPERTIES_INTERFACE, "PropertiesChanged",
                PROPERTIES_CHANGED_SIGNATURE, changedInterface, changed, List.of());
    }

    /**
     * Sends a signal with a body marshalled by the given signature, whatever it is.
     *
     * @param path the object path the signal comes from
     * @param interfaceName the interface header of the signal
     * @param member the member header, for example {@code PropertiesChanged}
     * @param signature the DBus signature of the body, for example {@code sa{ss}as}
     * @param body the body's values, which must match {@code signature}
     * @return the wall-clock send time in nanoseconds since the epoch
     * @throws DBusException if the values do not match the signature
     */
    public synchronized long send(String path, String interfaceName, String member,
            String signature, Object... body) throws DBusException {
        DBusSignal signal = connection.getMessageFactory().createSignal(null, path,
                interfaceName, member, signature, body);
        long sent = epochNanos();
        connection.sendMessage(signal);
        return sent;
    }

    /**
     * Reads the wall clock in nanoseconds since the epoch.
     *
     * @return the time, comparable with {@code date +%s%N} on the same host
     */
    public static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
