package org.networkbroker.routing;

/**
 * Table numbers and rule priority of policy routing.
 *
 * <p>The link with ifindex N gets table 9999 + N, the numbering of the Go broker
 * (vmware/network-event-broker, {@code ROUTE_TABLE_BASE} in
 * {@code pkg/network/routing_policy_rule.go}). So every table from 10000 to
 * 9999 + {@link Integer#MAX_VALUE} belongs to one ifindex, and policy routing treats
 * host rules that point into this range as its own.
 */
final class PolicyTables {

    /** The table of ifindex N is {@code TABLE_BASE + N}. */
    static final long TABLE_BASE = 9999;

    /**
     * Priority of the rules that policy routing adds. It is below 32766, the priority of the
     * rule that looks up the main table, so these rules are tried first. A fixed priority also
     * lets the kernel reject an exact duplicate with EEXIST: without one, the kernel picks a
     * new priority for each add, and two equal rules could exist side by side.
     */
    static final long RULE_PRIORITY = 32765;

    private PolicyTables() {
    }

    /**
     * Returns the table of a link.
     *
     * @param ifindex the link's ifindex, at least 1
     * @return {@code 9999 + ifindex}
     * @throws IllegalArgumentException if the ifindex is below 1
     */
    static long tableOf(int ifindex) {
        if (ifindex < 1) {
            throw new IllegalArgumentException("invalid ifindex " + ifindex
                    + ": expected 1 or more");
        }
        return TABLE_BASE + ifindex;
    }

    /** Returns whether a table is in the range that policy routing numbers by ifindex. */
    static boolean isPolicyTable(long table) {
        return table > TABLE_BASE && table - TABLE_BASE <= Integer.MAX_VALUE;
    }

    /**
     * Returns the ifindex a policy table belongs to.
     *
     * @throws IllegalArgumentException if the table is not in the policy range
     */
    static int ifindexOf(long table) {
        if (!isPolicyTable(table)) {
            throw new IllegalArgumentException("invalid policy table " + table
                    + ": expected 10000 to " + (TABLE_BASE + Integer.MAX_VALUE));
        }
        return (int) (table - TABLE_BASE);
    }
}
