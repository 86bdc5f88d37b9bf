package org.networkbroker.netlink;

/**
 * The operational state of a link as in RFC 2863, from {@code IFLA_OPERSTATE}. The constant
 * names follow the kernel's {@code IF_OPER_*} names in {@code <linux/if_link.h>}.
 */
public enum OperationalState {
    /** IF_OPER_UNKNOWN: the driver does not report the state. */
    UNKNOWN(IfLink.IF_OPER_UNKNOWN),
    /** IF_OPER_NOTPRESENT: a component is missing. */
    NOTPRESENT(IfLink.IF_OPER_NOTPRESENT),
    /** IF_OPER_DOWN: the link cannot pass packets. */
    DOWN(IfLink.IF_OPER_DOWN),
    /** IF_OPER_LOWERLAYERDOWN: a link below this one is down. */
    LOWERLAYERDOWN(IfLink.IF_OPER_LOWERLAYERDOWN),
    /** IF_OPER_TESTING: the link is in test mode. */
    TESTING(IfLink.IF_OPER_TESTING),
    /** IF_OPER_DORMANT: the link waits for an external event, such as 802.1X. */
    DORMANT(IfLink.IF_OPER_DORMANT),
    /** IF_OPER_UP: the link can pass packets. */
    UP(IfLink.IF_OPER_UP);

    private final int value;

    OperationalState(int value) {
        this.value = value;
    }

    /**
     * Returns the kernel's number for the state.
     *
     * @return the {@code IF_OPER_*} value
     */
    public int value() {
        return value;
    }

    /**
     * Returns the state for a kernel number.
     *
     * @param value an {@code IF_OPER_*} value
     * @return the state, or {@link #UNKNOWN} for a value that the kernel does not define
     */
    public static OperationalState of(int value) {
        for (OperationalState state : values()) {
            if (state.value == value) {
                return state;
            }
        }
        return UNKNOWN;
    }
}
