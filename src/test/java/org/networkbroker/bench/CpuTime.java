package org.networkbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time of a process from Linux's {@code /proc/<pid>/stat}. */
final class CpuTime {

    /**
     * Nanoseconds per clock tick. {@code /proc} counts CPU time in USER_HZ ticks, which are
     * 100 per second on x86-64, arm64 and most other architectures ({@code getconf CLK_TCK}).
     */
    private static final long NANOS_PER_TICK = 10_000_000;

    private CpuTime() {
    }

    /**
     * Reads the user and system CPU time a process has used so far.
     *
     * @param pid the process id
     * @return the time in nanoseconds, at a resolution of 10 ms
     * @throws IOException if the process is gone
     */
    static long of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // Split after the command name, which is in parentheses and may contain spaces.
        // utime and stime are fields 14 and 15 of proc(5), so 11 and 12 of the rest.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }
}
