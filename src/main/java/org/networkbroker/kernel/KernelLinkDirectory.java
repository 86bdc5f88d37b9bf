package org.networkbroker.kernel;

import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import org.networkbroker.event.LinkDirectory;

/**
 * Looks up link names in the kernel when no systemd-networkd runs, as with
 * {@code Generator="dhclient"}. There are no networkd states to report.
 */
public final class KernelLinkDirectory implements LinkDirectory {

    private final IntFunction<Optional<String>> names;

    /**
     * Creates a directory.
     *
     * @param names returns the kernel's name of an ifindex, or empty when it has none
     */
    public KernelLinkDirectory(IntFunction<Optional<String>> names) {
        this.names = names;
    }

    @Override
    public Optional<String> linkName(int ifindex) {
        return names.apply(ifindex);
    }

    @Override
    public Map<String, String> linkProperties(int ifindex) {
        return Map.of();
    }

    @Override
    public Map<String, String> managerProperties() {
        return Map.of();
    }
}
