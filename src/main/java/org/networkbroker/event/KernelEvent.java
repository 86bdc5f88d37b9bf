package org.networkbroker.event;

/**
 * A change of the kernel's links, addresses or routes, reported over rtnetlink. Each carries
 * the link's name as the kernel knew it when the message arrived.
 */
public sealed interface KernelEvent extends NetworkEvent
        permits LinkChanged, AddressChanged, RouteChanged {

    /**
     * Returns the ifindex of the link the change belongs to.
     *
     * @return a positive ifindex, or 0 for a route without an output link
     */
    int ifindex();

    /**
     * Returns the name of that link.
     *
     * @return the name, or an empty string for a route without an output link
     */
    String linkName();

    /**
     * Returns what happened.
     *
     * @return the change
     */
    Change change();

    /**
     * Returns what identifies the changed object among others of its link, so that when
     * events back up only the latest change of each object is kept.
     *
     * @return a value with equals and hashCode
     */
    Object identity();

    /** The kind of change to a link, an address or a route. */
    enum Change {
        ADDED, RENAMED, REMOVED;

        /**
         * Returns the value scripts see, such as {@code added}.
         *
         * @return the lower-case name
         */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
