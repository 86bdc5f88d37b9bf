package org.networkbroker.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective capability set of the broker's process, read from the {@code CapEff:} line of
 * {@code /proc/self/status} (proc(5)): a hex bit mask in which bit N is capability N.
 *
 * @param effective the bit mask
 */
public record Capabilities(long effective) {

    /** CAP_NET_ADMIN from {@code <linux/capability.h>}: routes, rules and links. */
    public static final int CAP_NET_ADMIN = 12;

    private static final Path SELF_STATUS = Path.of("/proc/self/status");
    private static final String EFFECTIVE_PREFIX = "CapEff:";

    /**
     * Reads the effective set of this process.
     *
     * @return the capabilities
     * @throws IOException if {@code /proc/self/status} cannot be read or has no valid
     *         {@code CapEff:} line
     */
    public static Capabilities ofSelf() throws IOException {
        return parse(Files.readString(SELF_STATUS, StandardCharsets.UTF_8), SELF_STATUS);
    }

    /**
     * Parses the text of a {@code /proc/<pid>/status} file.
     *
     * @param status the file's text
     * @param source the file's name for error messages
     * @return the capabilities
     * @throws IOException if the text has no {@code CapEff:} line with up to 16 hex digits
     */
    static Capabilities parse(String status, Path source) throws IOException {
        for (String line : status.split("\n")) {
            if (!line.startsWith(EFFECTIVE_PREFIX)) {
                continue;
            }
            String digits = line.substring(EFFECTIVE_PREFIX.length()).strip();
            if (digits.isEmpty() || digits.length() > 16) {
                break;
            }
            try {
                return new Capabilities(Long.parseUnsignedLong(digits, 16));
            } catch (NumberFormatException e) {
                throw new IOException("invalid CapEff line \"" + line + "\" in " + source
                        + ": expected up to 16 hex digits", e);
            }
        }
        throw new IOException("missing or invalid CapEff line in " + source
                + ": expected \"CapEff:\" and up to 16 hex digits");
    }

    /**
     * Returns whether a capability is in the effective set.
     *
     * @param capability the capability number, for example {@link #CAP_NET_ADMIN}
     * @return true when its bit is set
     * @throws IllegalArgumentException if {@code capability} is outside 0 to 63
     */
    public boolean has(int capability) {
        if (capability < 0 || capability > 63) {
            throw new IllegalArgumentException("invalid capability number " + capability
                    + ": expected 0 to 63");
        }
        return (effective >>> capability & 1) == 1;
    }
}
