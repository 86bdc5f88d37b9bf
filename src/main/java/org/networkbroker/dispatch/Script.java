package org.networkbroker.dispatch;

import java.nio.file.Path;

/**
 * An executable that passed the ownership and mode checks and will run for an event.
 *
 * @param name the file name, which orders scripts and identifies them in logs
 * @param path the path in the first search directory that has this name
 */
public record Script(String name, Path path) {

    private static final String NO_WAIT_SUFFIX = "-nowait";

    /**
     * Returns whether the broker starts this script without waiting for it: its name ends in
     * {@code -nowait}, before any extension ({@code 50-vpn-nowait} or {@code 50-vpn-nowait.sh}).
     *
     * @return true for scripts that run in the background
     */
    public boolean noWait() {
        if (name.endsWith(NO_WAIT_SUFFIX)) {
            return true;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && name.substring(0, dot).endsWith(NO_WAIT_SUFFIX);
    }
}
