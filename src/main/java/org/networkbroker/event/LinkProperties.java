package org.networkbroker.event;

import java.util.List;

/**
 * Names of the state properties of systemd-networkd's {@code org.freedesktop.network1.Link}
 * and {@code org.freedesktop.network1.Manager} interfaces (systemd 252), as they appear on the
 * bus and in scripts' environments.
 */
public final class LinkProperties {

    /** The operational state, for example {@code routable}; selects {@code <state>.d}. */
    public static final String OperationalState = "OperationalState";
    /** The setup state ({@code configured}, {@code configuring}...); selects {@code <state>.d}. */
    public static final String AdministrativeState = "AdministrativeState";
    public static final String CarrierState = "CarrierState";
    public static final String AddressState = "AddressState";
    public static final String IPv4AddressState = "IPv4AddressState";
    public static final String IPv6AddressState = "IPv6AddressState";
    public static final String OnlineState = "OnlineState";

    /** The string properties of a link that scripts receive, in environment order. */
    public static final List<String> LINK = List.of(AdministrativeState, OperationalState,
            CarrierState, AddressState, IPv4AddressState, IPv6AddressState, OnlineState);

    /** The string properties of the manager that scripts receive. */
    public static final List<String> MANAGER = List.of(OperationalState, CarrierState,
            AddressState, IPv4AddressState, IPv6AddressState, OnlineState);

    /** The properties whose value names a state directory, in the order they run. */
    public static final List<String> SELECTING = List.of(OperationalState, AdministrativeState);

    private LinkProperties() {
    }
}
