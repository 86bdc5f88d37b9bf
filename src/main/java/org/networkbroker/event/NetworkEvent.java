package org.networkbroker.event;

/**
 * A change reported by an event source. Sources produce events; the dispatcher consumes them
 * and runs the scripts they select.
 */
public sealed interface NetworkEvent permits LinkStateChanged, ManagerStateChanged,
        KernelEvent, LeaseChanged {

    /**
     * Returns where the event came from.
     *
     * @return the origin of this event
     */
    Origin origin();

    /** The source of an event. */
    enum Origin {
        /** A PropertiesChanged signal from systemd-networkd. */
        SIGNAL,
        /** The current state, replayed once at start-up by {@code --run-startup-triggers}. */
        STARTUP_TRIGGER,
        /**
         * A change found by reading the current state after the broker reconnected to the
         * bus or systemd-networkd restarted, which no signal reported to the broker.
         */
        RESYNC,
        /** An rtnetlink message from the kernel. */
        KERNEL,
        /**
         * A change found by reading the kernel's tables again after the kernel dropped
         * rtnetlink messages because the broker's socket buffer was full.
         */
        KERNEL_RESYNC,
        /** A change of an ISC dhclient lease file. */
        DHCLIENT
    }
}
