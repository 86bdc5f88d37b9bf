package org.networkbroker.networkd;

import java.util.List;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The part of systemd-networkd's {@code org.freedesktop.network1.Manager} interface we call. */
@DBusInterfaceName("org.freedesktop.network1.Manager")
public interface Network1Manager extends DBusInterface {

    /**
     * Lists the links networkd knows, the bus method {@code ListLinks() -> a(iso)}.
     *
     * @return one entry per link
     */
    List<LinkListEntry> ListLinks();
}
