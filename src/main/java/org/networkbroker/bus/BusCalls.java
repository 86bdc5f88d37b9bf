package org.networkbroker.bus;

import java.time.Duration;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.messages.Message;
import org.freedesktop.dbus.messages.MethodCall;
import org.freedesktop.dbus.messages.constants.Flags;

/**
 * Calls DBus methods as plain messages rather than through dbus-java proxies, for three
 * reasons: each call gets its own timeout, the reply's serial is available to order it among
 * signals, and the NO_AUTO_START flag keeps the bus from starting a service that is not
 * running, such as systemd-networkd.
 */
public final class BusCalls {

    private BusCalls() {
    }

    /**
     * Calls a method and waits for its reply.
     *
     * @param connection the bus connection
     * @param destination the bus name of the service
     * @param path the object path
     * @param interfaceName the interface of the method
     * @param member the method name
     * @param timeout how long to wait for the reply
     * @param signature the DBus signature of the arguments, or null for none
     * @param arguments the arguments; a struct is an {@code Object[]}, an array of structs a
     *        {@code List<Object[]>}
     * @return the reply, whose body {@link Message#getParameters()} decodes
     * @throws BusCallException if the message cannot be sent, the service returns an error or
     *         the reply does not arrive in time
     */
    public static Message call(DBusConnection connection, String destination, String path,
            String interfaceName, String member, Duration timeout, String signature,
            Object... arguments) throws BusCallException {
        String description = interfaceName + "." + member + " on " + destination + " " + path;
        Message reply;
        try {
            MethodCall call = connection.getMessageFactory().createMethodCall(destination, path,
                    interfaceName, member, Flags.NO_AUTO_START, signature, arguments);
            connection.sendMessage(call);
            reply = call.getReply(timeout.toMillis());
        } catch (DBusException | DBusExecutionException e) {
            throw new BusCallException(description + " failed: " + e.getMessage(), e);
        }
        if (reply == null) {
            throw new BusCallException(description + " timed out after " + timeout.toMillis()
                    + " ms", null);
        }
        if (reply instanceof org.freedesktop.dbus.messages.Error error) {
            throw new BusCallException(description + " failed: " + error.getName() + ": "
                    + errorText(error), error.getName(), null);
        }
        return reply;
    }

    private static String errorText(org.freedesktop.dbus.messages.Error error) {
        try {
            Object[] body = error.getParameters();
            return body != null && body.length > 0 ? String.valueOf(body[0]) : "no message";
        } catch (DBusException e) {
            return "undecodable message";
        }
    }
}
