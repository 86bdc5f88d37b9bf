package org.networkbroker.fake;

import java.util.List;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/** The one method of systemd-networkd's manager interface that the broker calls. */
@DBusInterfaceName("org.freedesktop.network1.Manager")
public interface NetworkdManager extends DBusInterface {

    /**
     * Lists the links networkd manages. The name keeps networkd's bus member name.
     *
     * @return ifindex, name and object path of each link
     */
    List<LinkEntry> ListLinks();
}
