package org.networkbroker.fake;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/** One element of the {@code a(iso)} array that {@code ListLinks} returns. */
public final class LinkEntry extends Struct {

    /** The link's ifindex. */
    @Position(0)
    public final int ifindex;

    /** The link's name, such as {@code eth0}. */
    @Position(1)
    public final String name;

    /** The link's object path. */
    @Position(2)
    public final DBusPath path;

    /**
     * Creates an entry.
     *
     * @param ifindex the link's ifindex
     * @param name the link's name
     * @param path the link's object path
     */
    public LinkEntry(int ifindex, String name, DBusPath path) {
        this.ifindex = ifindex;
        this.name = name;
        this.path = path;
    }
}
