package org.networkbroker.fake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Deletes folder trees that the fake-networkd harness created. */
public final class TempFolders {

    private TempFolders() {
    }

    /**
     * Deletes a folder and everything below it. Symbolic links are deleted, not followed.
     *
     * @param folder the folder; nothing happens when it does not exist
     * @throws IOException if a file cannot be deleted
     */
    public static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}
