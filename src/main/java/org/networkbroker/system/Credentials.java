package org.networkbroker.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The identity the broker's process runs as. */
public final class Credentials {

    private Credentials() {
    }

    /**
     * Returns the effective uid, the owner of {@code /proc/self} for a dumpable process.
     *
     * @return the uid
     * @throws UncheckedIOException if {@code /proc/self} cannot be read
     */
    public static int effectiveUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the broker's uid from /proc/self", e);
        }
    }
}
