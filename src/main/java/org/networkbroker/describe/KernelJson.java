package org.networkbroker.describe;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

import org.networkbroker.kernel.KernelNames;
import org.networkbroker.netlink.Address;
import org.networkbroker.netlink.AddressCacheInfo;
import org.networkbroker.netlink.IfAddr;
import org.networkbroker.netlink.IfLink;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.Rtnetlink;
import tools.jackson.core.JsonGenerator;

/** Writes the kernel's view of a link, its addresses and its routes as JSON properties. */
final class KernelJson {

    /** IFF_* flags of <linux/if.h> by bit, named as ip(8) shows them. */
    private static final List<Object[]> LINK_FLAGS = List.of(
            new Object[] {IfLink.IFF_UP, "UP"},
            new Object[] {IfLink.IFF_BROADCAST, "BROADCAST"},
            new Object[] {IfLink.IFF_LOOPBACK, "LOOPBACK"},
            new Object[] {IfLink.IFF_POINTOPOINT, "POINTOPOINT"},
            new Object[] {IfLink.IFF_RUNNING, "RUNNING"},
            new Object[] {IfLink.IFF_NOARP, "NOARP"},
            new Object[] {IfLink.IFF_MULTICAST, "MULTICAST"},
            new Object[] {IfLink.IFF_LOWER_UP, "LOWER_UP"});

    /** IFA_F_* flags of <linux/if_addr.h> by bit, named as ip(8) shows them. */
    private static final List<Object[]> ADDRESS_FLAGS = List.of(
            new Object[] {IfAddr.IFA_F_SECONDARY, "secondary"},
            new Object[] {IfAddr.IFA_F_NODAD, "nodad"},
            new Object[] {IfAddr.IFA_F_DADFAILED, "dadfailed"},
            new Object[] {IfAddr.IFA_F_DEPRECATED, "deprecated"},
            new Object[] {IfAddr.IFA_F_TENTATIVE, "tentative"},
            new Object[] {IfAddr.IFA_F_PERMANENT, "permanent"},
            new Object[] {IfAddr.IFA_F_NOPREFIXROUTE, "noprefixroute"});

    private KernelJson() {
    }

    static void writeLink(JsonGenerator json, Link link) {
        json.writeNumberProperty("Index", link.ifindex());
        json.writeStringProperty("Name", link.name());
        json.writeArrayPropertyStart("AlternativeNames");
        link.alternativeNames().forEach(json::writeString);
        json.writeEndArray();
        link.kind().ifPresent(kind -> json.writeStringProperty("Kind", kind));
        json.writeNumberProperty("MTU", link.mtu());
        link.address().ifPresent(mac -> json.writeStringProperty("HardwareAddress",
                mac.toString()));
        json.writeArrayPropertyStart("Flags");
        for (Object[] flag : LINK_FLAGS) {
            if ((link.flags() & (Integer) flag[0]) != 0) {
                json.writeString((String) flag[1]);
            }
        }
        json.writeEndArray();
        json.writeStringProperty("KernelOperationalState",
                link.operationalState().name().toLowerCase(Locale.ROOT));
    }

    static void writeAddresses(JsonGenerator json, List<Address> addresses) {
        json.writeArrayPropertyStart("Addresses");
        for (Address address : addresses) {
            json.writeStartObject();
            InetAddress own = address.local().orElse(address.address());
            json.writeStringProperty("Address", KernelNames.text(own));
            json.writeNumberProperty("PrefixLength", address.prefixLength());
            json.writeStringProperty("Family", KernelNames.family(address.family()));
            json.writeStringProperty("Scope", KernelNames.scope(address.scope()));
            json.writeArrayPropertyStart("Flags");
            for (Object[] flag : ADDRESS_FLAGS) {
                if ((address.flags() & (Integer) flag[0]) != 0) {
                    json.writeString((String) flag[1]);
                }
            }
            json.writeEndArray();
            if (address.cacheInfo().isPresent()) {
                AddressCacheInfo lifetimes = address.cacheInfo().get();
                writeLifetime(json, "PreferredLifetimeSec", lifetimes.preferredLifetime());
                writeLifetime(json, "ValidLifetimeSec", lifetimes.validLifetime());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** Writes a lifetime in seconds, or null for forever (INFINITY_LIFE_TIME). */
    private static void writeLifetime(JsonGenerator json, String key, long seconds) {
        json.writeName(key);
        if (seconds == IfAddr.INFINITY_LIFE_TIME) {
            json.writeNull();
        } else {
            json.writeNumber(seconds);
        }
    }

    static void writeRoutes(JsonGenerator json, List<Route> routes) {
        json.writeArrayPropertyStart("Routes");
        for (Route route : routes) {
            if (route.table() == Rtnetlink.RT_TABLE_LOCAL) {
                continue;
            }
            json.writeStartObject();
            json.writeStringProperty("Destination",
                    KernelNames.text(route.destination()) + "/" + route.destinationLength());
            route.gateway().ifPresent(gateway ->
                    json.writeStringProperty("Gateway", KernelNames.text(gateway)));
            json.writeNumberProperty("Table", route.table());
            json.writeStringProperty("Family", KernelNames.family(route.family()));
            json.writeStringProperty("Scope", KernelNames.scope(route.scope()));
            json.writeNumberProperty("Protocol", route.protocol());
            json.writeNumberProperty("Priority", route.priority());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
