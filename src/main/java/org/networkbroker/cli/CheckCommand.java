package org.networkbroker.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.networkbroker.config.ConfigException;
import org.networkbroker.config.LogFormat;
import org.networkbroker.config.LogLevel;
import org.networkbroker.dispatch.ScriptDirectories;
import org.networkbroker.dispatch.ScriptListing;
import org.networkbroker.log.LogSetup;
import org.networkbroker.system.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code check} command: validates the configuration file and the script folders. */
@Command(name = "check",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Validates the configuration file and the script folders.",
            "",
            "Runs without starting the broker and prints one line per problem: an invalid configuration, a"
                    + " script that would be skipped (not a regular file, not executable by"
                    + " its owner, owned by another user than root or the caller, writable"
                    + " by group or others), an unreadable folder, a <name>.d entry that is"
                    + " no folder, or a <name>.d folder whose name no state can have.",
            "",
            "Scripts are checked against the caller's uid; run it as the service's user"
                    + " when the service does not run as root.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 when no problem was found, 1 when one was."
        })
final class CheckCommand implements Callable<Integer> {

    /** Exit status when a problem was found. */
    static final int EXIT_PROBLEMS = 1;

    @Mixin
    ConfigOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LogSetup.configure(LogLevel.ERROR, LogFormat.TEXT, false);
        List<String> problems = new ArrayList<>();
        try {
            options.load(System.getenv(), Optional.empty());
        } catch (ConfigException e) {
            problems.add(e.getMessage());
        }
        ScriptDirectories directories = new ScriptDirectories(options.searchPath(),
                Credentials.effectiveUid());
        problems.addAll(folderProblems(directories));
        PrintWriter out = spec.commandLine().getOut();
        for (String problem : problems) {
            out.println(problem);
        }
        if (problems.isEmpty()) {
            out.println("no problems found in " + options.configFile() + " and the state folders"
                    + " of " + directories.searchPath());
        }
        out.flush();
        return problems.isEmpty() ? 0 : EXIT_PROBLEMS;
    }

    /**
     * Lists the problems of the script search path, one line each.
     *
     * @param directories the script folders
     * @return the problems in search-path and run order
     */
    static List<String> folderProblems(ScriptDirectories directories) {
        List<String> problems = new ArrayList<>();
        for (Path root : directories.searchPath()) {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                problems.add(root + ": not a folder, expected the folder of <state>.d folders");
            }
        }
        for (Path entry : directories.stateEntriesNotFolders()) {
            problems.add(entry + ": never runs: expected a folder, found "
                    + ScriptDirectories.describeNotFolder(entry));
        }
        for (Path folder : directories.invalidStateFolders()) {
            problems.add(folder + ": never runs: the name is not a state name of the form"
                    + " [a-z][a-z-]* followed by .d");
        }
        for (String state : directories.stateNames()) {
            ScriptListing listing = directories.inspect(state);
            for (ScriptListing.Skipped skipped : listing.skipped()) {
                if (!skipped.masked()) {
                    problems.add(skipped.path() + ": skipped: " + skipped.reason());
                }
            }
        }
        return problems;
    }
}
