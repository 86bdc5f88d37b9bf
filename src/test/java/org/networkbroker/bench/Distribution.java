package org.networkbroker.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Summary of a sample of durations in milliseconds: count, median, 99th percentile and maximum.
 * Percentiles use the nearest-rank method: the p-th percentile of n sorted values is the value
 * at rank ceil(p / 100 * n).
 *
 * @param count the number of values
 * @param p50 the median, in ms
 * @param p99 the 99th percentile, in ms; with fewer than 100 values it is the maximum
 * @param max the largest value, in ms
 */
public record Distribution(int count, double p50, double p99, double max) {

    /** The summary of an empty sample. */
    public static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN,
            Double.NaN);

    /**
     * Summarizes durations given in nanoseconds.
     *
     * @param nanos the durations
     * @return the summary in milliseconds, or {@link #EMPTY}
     */
    public static Distribution ofNanos(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return EMPTY;
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return new Distribution(sorted.length, millis(rank(sorted, 50)), millis(rank(sorted, 99)),
                millis(sorted[sorted.length - 1]));
    }

    /**
     * Summarizes durations given in milliseconds.
     *
     * @param millis the durations
     * @return the summary, or {@link #EMPTY}
     */
    public static Distribution ofMillis(List<Double> millis) {
        return ofNanos(millis.stream().map(value -> Math.round(value * 1e6)).toList());
    }

    private static long rank(long[] sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
