package org.freedesktop.resolve1;

import org.freedesktop.dbus.exceptions.DBusExecutionException;

/**
 * The error systemd-resolved returns for a link that systemd-networkd manages. dbus-java names
 * a DBus error after the class of the exception that a service method throws, so this class
 * must live in this package under this name.
 */
public class LinkBusy extends DBusExecutionException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message the error message, as resolved writes it: "Link eth0 is managed."
     */
    public LinkBusy(String message) {
        super(message);
    }
}
