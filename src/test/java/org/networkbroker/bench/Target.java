package org.networkbroker.bench;

import java.util.Locale;

/**
 * One goal of the report and how the measurement compares.
 *
 * @param name what is measured
 * @param goal the goal as text, for example {@code < 5 ms}
 * @param measured the measurement as text
 * @param met whether the goal is met
 * @param margin by how much it is met or missed
 */
record Target(String name, String goal, String measured, boolean met, String margin) {

    /**
     * Compares a value that must stay at or below a limit.
     *
     * @param name what is measured
     * @param value the measurement
     * @param limit the largest value that meets the goal
     * @param unit the unit for the text, such as {@code ms}
     * @param strict true when the value must stay below the limit, not reach it
     * @return the comparison
     */
    static Target atMost(String name, double value, double limit, String unit,
            boolean strict) {
        boolean met = strict ? value < limit : value <= limit;
        String goal = (strict ? "< " : "<= ") + format(limit) + " " + unit;
        return new Target(name, goal, format(value) + " " + unit, met,
                margin(met, Math.abs(limit - value), limit, unit));
    }

    /**
     * Compares a value that must reach a minimum.
     *
     * @param name what is measured
     * @param value the measurement
     * @param minimum the smallest value that meets the goal
     * @param unit the unit for the text
     * @return the comparison
     */
    static Target atLeast(String name, double value, double minimum, String unit) {
        boolean met = value >= minimum;
        return new Target(name, ">= " + format(minimum) + " " + unit,
                format(value) + " " + unit, met,
                margin(met, Math.abs(value - minimum), minimum, unit));
    }

    private static String margin(boolean met, double difference, double goal, String unit) {
        if (difference == 0) {
            return met ? "met" : "missed";
        }
        String percent = goal == 0 ? "" : String.format(Locale.ROOT, " (%.0f%%)",
                100 * difference / goal);
        return (met ? "met by " : "missed by ") + format(difference) + " " + unit + percent;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%,.2f", value);
    }
}
