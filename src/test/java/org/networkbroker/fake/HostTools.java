package org.networkbroker.fake;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/** Checks that the host has the programs the fake-networkd tests start. */
public final class HostTools {

    /** dbus-daemon for the private bus, setsid for the broker's script runner. */
    public static final List<String> FAKE_NETWORKD_TOOLS = List.of("dbus-daemon", "setsid");

    private HostTools() {
    }

    /**
     * Skips the calling test when a program is missing, or fails it when the environment
     * variable CI is {@code true}, because CI must run every test.
     *
     * @param tools the program names to look up on PATH
     */
    public static void require(List<String> tools) {
        List<String> missing = new ArrayList<>();
        for (String tool : tools) {
            if (find(tool).isEmpty()) {
                missing.add(tool);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "test needs " + String.join(", ", missing) + " on PATH (Debian"
                + " packages dbus-daemon and util-linux)";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(message);
    }

    /**
     * Looks a program up on PATH, then in /usr/sbin and /sbin.
     *
     * @param tool the program name
     * @return its path, or empty when it is not installed
     */
    public static Optional<Path> find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";
        return Stream.of(path.split(":"))
                .filter(folder -> !folder.isEmpty())
                .map(folder -> Path.of(folder, tool))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
