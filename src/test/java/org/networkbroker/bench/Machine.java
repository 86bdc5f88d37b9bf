package org.networkbroker.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host a benchmark ran on.
 *
 * @param cpu the CPU model from {@code /proc/cpuinfo}
 * @param cores the processors the JVM may use
 * @param kernel the kernel release from {@code /proc/sys/kernel/osrelease}
 * @param jdk the vendor and version of the JDK that runs the broker and the benchmark
 */
public record Machine(String cpu, int cores, String kernel, String jdk) {

    /**
     * Describes this host.
     *
     * @return the description
     * @throws IOException if /proc cannot be read
     */
    public static Machine current() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name"))
                .map(line -> line.substring(line.indexOf(':') + 1).strip())
                .findFirst()
                .orElse("unknown");
        String kernel = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        String jdk = System.getProperty("java.vm.vendor") + " "
                + System.getProperty("java.runtime.version");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), kernel, jdk);
    }

    /**
     * Reads the 1-minute load average.
     *
     * @return the first field of {@code /proc/loadavg}
     * @throws IOException if it cannot be read
     */
    public static double loadAverage() throws IOException {
        String text = Files.readString(Path.of("/proc/loadavg"));
        return Double.parseDouble(text.substring(0, text.indexOf(' ')));
    }
}
