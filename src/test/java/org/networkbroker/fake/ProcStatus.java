package org.networkbroker.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resource figures of one process from Linux's {@code /proc/<pid>/status} and
 * {@code /proc/<pid>/fd}.
 *
 * @param vmRssKiB resident set size ({@code VmRSS}), in KiB
 * @param vmHwmKiB the peak resident set size since the process started ({@code VmHWM}), in KiB
 * @param rssAnonKiB resident anonymous memory ({@code RssAnon}): heap, stacks and other
 *        private memory, without mapped files and shared memory, in KiB
 * @param threads the number of threads ({@code Threads})
 * @param openFiles the number of open file descriptors, the entries of {@code /proc/<pid>/fd}
 */
public record ProcStatus(long vmRssKiB, long vmHwmKiB, long rssAnonKiB, int threads,
        int openFiles) {

    /**
     * Reads the figures of a process.
     *
     * @param pid the process id
     * @return the figures at this moment
     * @throws IOException if the process is gone or /proc cannot be read
     */
    public static ProcStatus of(long pid) throws IOException {
        Path proc = Path.of("/proc", Long.toString(pid));
        long vmRss = -1;
        long vmHwm = -1;
        long rssAnon = -1;
        int threads = -1;
        for (String line : Files.readAllLines(proc.resolve("status"))) {
            if (line.startsWith("VmRSS:")) {
                vmRss = kibValue(line);
            } else if (line.startsWith("VmHWM:")) {
                vmHwm = kibValue(line);
            } else if (line.startsWith("RssAnon:")) {
                rssAnon = kibValue(line);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring("Threads:".length()).strip());
            }
        }
        int openFiles;
        try (Stream<Path> entries = Files.list(proc.resolve("fd"))) {
            openFiles = (int) entries.count();
        }
        if (vmRss < 0 || vmHwm < 0 || rssAnon < 0 || threads < 0) {
            throw new IOException("missing VmRSS, VmHWM, RssAnon or Threads in "
                    + proc.resolve("status")
                    + "; expected a Linux 4.5 or later kernel");
        }
        return new ProcStatus(vmRss, vmHwm, rssAnon, threads, openFiles);
    }

    /**
     * Lists the names of a process's threads, as Linux shows them (cut to 15 bytes).
     *
     * @param pid the process id
     * @return the names, sorted, for failure messages
     * @throws IOException if the process is gone or /proc cannot be read
     */
    public static List<String> threadNames(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    names.add(Files.readString(task.resolve("comm")).strip());
                } catch (NoSuchFileException e) {
                    // The thread ended while the folder was listed.
                }
            }
        }
        Collections.sort(names);
        return names;
    }

    /** Parses a line such as {@code VmRSS:     40212 kB}. */
    private static long kibValue(String line) {
        String value = line.substring(line.indexOf(':') + 1).strip();
        return Long.parseLong(value.substring(0, value.indexOf(' ')));
    }
}
