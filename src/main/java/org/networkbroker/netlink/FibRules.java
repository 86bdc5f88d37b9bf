package org.networkbroker.netlink;

/**
 * Constants of {@code <linux/fib_rules.h>}: routing rule attributes and actions, with their
 * kernel names and values.
 */
public final class FibRules {

    /** Rule attribute: destination prefix. */
    public static final int FRA_DST = 1;
    /** Rule attribute: source prefix. */
    public static final int FRA_SRC = 2;
    /** Rule attribute: input interface name. */
    public static final int FRA_IIFNAME = 3;
    /** Rule attribute: priority, also called preference. */
    public static final int FRA_PRIORITY = 6;
    /** Rule attribute: 32-bit table id, which replaces the 8-bit {@code table}. */
    public static final int FRA_TABLE = 15;
    /** Rule attribute: output interface name. */
    public static final int FRA_OIFNAME = 17;

    /** Rule action: unknown. */
    public static final int FR_ACT_UNSPEC = 0;
    /** Rule action: look up the route in a table. */
    public static final int FR_ACT_TO_TBL = 1;
    /** Rule action: jump to another rule. */
    public static final int FR_ACT_GOTO = 2;
    /** Rule action: do nothing. */
    public static final int FR_ACT_NOP = 3;
    /** Rule action: drop silently. */
    public static final int FR_ACT_BLACKHOLE = 6;
    /** Rule action: drop with a network unreachable error. */
    public static final int FR_ACT_UNREACHABLE = 7;
    /** Rule action: drop with a permission error. */
    public static final int FR_ACT_PROHIBIT = 8;

    private FibRules() {
    }
}
