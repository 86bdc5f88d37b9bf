package org.networkbroker.dispatch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.networkbroker.event.AddressChanged;
import org.networkbroker.event.KernelEvent;
import org.networkbroker.event.LinkChanged;
import org.networkbroker.event.LinkProperties;
import org.networkbroker.event.RouteChanged;
import org.networkbroker.system.InterfaceAddresses;

/**
 * Builds the environment of a script run. It starts from a fixed minimal environment, never
 * the broker's own, and leaves out variables whose value would be empty.
 */
public final class ScriptEnvironment {

    /** The search path scripts get. */
    public static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** The locale scripts get. */
    public static final String LANG = "C.UTF-8";

    private ScriptEnvironment() {
    }

    /**
     * Builds the environment for a link event.
     *
     * @param link the link's name
     * @param ifindex the link's ifindex
     * @param state the state whose folder runs, for {@code STATE}
     * @param properties the link's current state properties, with the event's changes applied
     * @param addresses the link's IP addresses
     * @param leaseVariables the variables of the link's DHCPv4 lease, such as
     *        {@code DHCP_LEASE} and {@code DHCP4_ADDRESS}; empty without a lease
     * @return the variables in a stable order
     */
    public static Map<String, String> forLink(String link, int ifindex, String state,
            Map<String, String> properties, InterfaceAddresses addresses,
            Map<String, String> leaseVariables) {
        Map<String, String> env = base();
        put(env, "LINK", link);
        put(env, "LINKIFINDEX", Integer.toString(ifindex));
        // The original broker used both spellings; networkd-dispatcher calls them IFACE and
        // STATE, networkd-broker NWD_DEVICE_IFACE and NWD_BROKER_ACTION.
        put(env, "LINKINDEX", Integer.toString(ifindex));
        put(env, "IFACE", link);
        put(env, "STATE", state);
        put(env, "NWD_DEVICE_IFACE", link);
        put(env, "NWD_BROKER_ACTION", state);
        for (String name : LinkProperties.LINK) {
            put(env, name, properties.get(name));
        }
        put(env, "ADDR", addresses.ipv4().isEmpty() ? null : addresses.ipv4().getFirst());
        put(env, "IP_ADDRS", String.join(" ", addresses.ipv4()));
        put(env, "IP6_ADDRS", String.join(" ", addresses.ipv6()));
        leaseVariables.forEach((name, value) -> put(env, name, value));
        return Collections.unmodifiableMap(env);
    }

    /**
     * Builds the environment for a manager event.
     *
     * @param state the manager's operational state, for {@code STATE}; may be null
     * @param properties the manager's current state properties, with the event's changes
     *        applied
     * @return the variables in a stable order
     */
    public static Map<String, String> forManager(String state, Map<String, String> properties) {
        Map<String, String> env = base();
        put(env, "STATE", state);
        for (String name : LinkProperties.MANAGER) {
            put(env, name, properties.get(name));
        }
        return Collections.unmodifiableMap(env);
    }

    /**
     * Builds the environment for a change of the kernel's links, addresses or routes.
     *
     * @param event the change
     * @return the variables in a stable order
     */
    public static Map<String, String> forKernel(KernelEvent event) {
        Map<String, String> env = base();
        put(env, "LINK", event.linkName());
        put(env, "LINKIFINDEX", event.ifindex() == 0 ? null : Integer.toString(event.ifindex()));
        put(env, "IFACE", event.linkName());
        switch (event) {
            case LinkChanged link -> {
                put(env, "LINK_ACTION", link.change().text());
                put(env, "LINK_OLD_NAME", link.oldName().orElse(null));
            }
            case AddressChanged address -> {
                put(env, "ADDRESS_ACTION", address.change().text());
                put(env, "ADDRESS", address.address());
                put(env, "ADDRESS_FAMILY", address.family());
                put(env, "ADDRESS_SCOPE", address.scope());
            }
            case RouteChanged route -> {
                put(env, "ROUTE_ACTION", route.change().text());
                put(env, "ROUTE_DST", route.destination());
                put(env, "ROUTE_GATEWAY", route.gateway().orElse(null));
                put(env, "ROUTE_TABLE", Long.toString(route.table()));
                put(env, "ROUTE_FAMILY", route.family());
            }
        }
        return Collections.unmodifiableMap(env);
    }

    private static Map<String, String> base() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("LANG", LANG);
        return env;
    }

    private static void put(Map<String, String> env, String name, String value) {
        // A NUL cannot be passed to execve(2); such a value is left out like an empty one.
        if (value != null && !value.isEmpty() && value.indexOf('\0') < 0) {
            env.put(name, value);
        }
    }
}
