package org.networkbroker.networkd;

import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.Position;

/**
 * One {@code (iso)} entry of {@code ListLinks}: ifindex, link name and object path. dbus-java
 * fills the public fields by position through the constructor.
 */
public final class LinkListEntry extends Struct {

    /** The kernel's interface index. */
    @Position(0)
    public final int ifindex;

    /** The link name, such as {@code eth0}. */
    @Position(1)
    public final String name;

    /** The link's object path, such as {@code /org/freedesktop/network1/link/_32}. */
    @Position(2)
    public final DBusPath path;

    /**
     * Creates an entry; called by dbus-java when it decodes a reply.
     *
     * @param ifindex the kernel's interface index
     * @param name the link name
     * @param path the link's object path
     */
    public LinkListEntry(int ifindex, String name, DBusPath path) {
        this.ifindex = ifindex;
        this.name = name;
        this.path = path;
    }
}
