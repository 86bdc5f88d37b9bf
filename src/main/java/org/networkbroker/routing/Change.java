package org.networkbroker.routing;

import java.util.Objects;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.Rule;

/**
 * One kernel request that a {@link Plan} contains. Each change names the link and table it is
 * for, so that it can be logged with them.
 */
sealed interface Change {

    /** Returns the link and table the change is for. */
    Subject subject();

    /**
     * The link and table of a change.
     *
     * @param link the link name, or {@code "-"} when the link is gone
     * @param ifindex the link's ifindex
     * @param table the policy table of the link
     */
    record Subject(String link, int ifindex, long table) {

        /** Name logged for a link that no longer exists. */
        static final String GONE = "-";

        /**
         * Creates a subject.
         *
         * @throws NullPointerException if the link name is null
         */
        public Subject {
            Objects.requireNonNull(link, "link");
        }
    }

    /**
     * Adds a rule.
     *
     * @param rule the rule, with the priority of {@link PolicyTables#RULE_PRIORITY}
     * @param subject the link and table
     */
    record AddRule(Rule rule, Subject subject) implements Change {
    }

    /**
     * Deletes a rule.
     *
     * @param rule the rule as the kernel reported it, priority included, so that the delete
     *         matches this rule and no other
     * @param subject the link and table
     */
    record DeleteRule(Rule rule, Subject subject) implements Change {
    }

    /**
     * Adds a default route to a policy table.
     *
     * @param route the route
     * @param subject the link and table
     */
    record AddRoute(Route route, Subject subject) implements Change {
    }

    /**
     * Replaces the default route of a policy table with one through another gateway.
     *
     * @param previous the route as the kernel reported it
     * @param route the new route, with the metric of {@code previous} so that the kernel
     *         replaces that route
     * @param subject the link and table
     */
    record ReplaceRoute(Route previous, Route route, Subject subject) implements Change {
    }

    /**
     * Deletes a default route from a policy table.
     *
     * @param route the route as the kernel reported it
     * @param subject the link and table
     */
    record DeleteRoute(Route route, Subject subject) implements Change {
    }
}
