package org.networkbroker.dhclient;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The folders to watch for a list of lease file paths, each with the file name patterns that
 * select lease files in it: {@code /var/lib/dhcp/dhclient*.leases} watches
 * {@code /var/lib/dhcp} for names matching {@code dhclient*.leases}.
 */
final class LeaseFolders {

    private final Map<Path, List<PathMatcher>> patterns = new LinkedHashMap<>();

    /**
     * Groups paths by folder.
     *
     * @param paths absolute paths whose file names may hold glob patterns
     */
    LeaseFolders(List<String> paths) {
        for (String text : paths) {
            Path path = Path.of(text);
            PathMatcher matcher = FileSystems.getDefault()
                    .getPathMatcher("glob:" + path.getFileName());
            patterns.computeIfAbsent(path.getParent(), folder -> new ArrayList<>()).add(matcher);
        }
    }

    /**
     * Returns the folders to watch.
     *
     * @return absolute folder paths in configuration order
     */
    List<Path> folders() {
        return List.copyOf(patterns.keySet());
    }

    /**
     * Returns whether a file is a lease file.
     *
     * @param file an absolute path
     * @return true when its folder is watched and its name matches one of the folder's
     *         patterns
     */
    boolean matches(Path file) {
        List<PathMatcher> matchers = patterns.get(file.getParent());
        return matchers != null
                && matchers.stream().anyMatch(matcher -> matcher.matches(file.getFileName()));
    }
}
