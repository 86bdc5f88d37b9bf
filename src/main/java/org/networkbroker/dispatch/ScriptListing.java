package org.networkbroker.dispatch;

import java.nio.file.Path;
import java.util.List;

/**
 * The contents of one state's folders: the scripts an event would run and the files it would
 * skip, for {@code network-broker status} and {@code network-broker check}.
 *
 * @param state the state name, for example {@code routable}
 * @param scripts the scripts that would run, in run order
 * @param skipped the files and folders that would be skipped, in run order of the files
 */
public record ScriptListing(String state, List<Script> scripts, List<Skipped> skipped) {

    /** Copies both lists. */
    public ScriptListing {
        scripts = List.copyOf(scripts);
        skipped = List.copyOf(skipped);
    }

    /**
     * A file or folder that would be skipped.
     *
     * @param path the file, or the folder that cannot be read
     * @param reason why, for example {@code not executable by its owner (mode 0644)}
     * @param masked true for a symbolic link to {@code /dev/null}, which masks a script of a
     *        later search folder on purpose and so is no problem
     */
    public record Skipped(Path path, String reason, boolean masked) {
    }
}
