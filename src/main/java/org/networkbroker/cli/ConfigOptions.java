package org.networkbroker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.networkbroker.config.BrokerConfig;
import org.networkbroker.config.ConfigException;
import org.networkbroker.config.ConfigLoader;
import org.networkbroker.dispatch.ScriptDirectories;
import picocli.CommandLine.Option;

/** The options that select the configuration file and the script folders, for every command. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: ${DEFAULT-VALUE}). A missing file"
                    + " means the defaults.")
    Path config = ConfigLoader.DEFAULT_FILE;

    @Option(names = "--script-dir", paramLabel = "DIR[:DIR...]",
            description = "Folders searched for <state>.d script folders, earliest first; for"
                    + " equal script names the earlier folder wins (default:"
                    + " /etc/network-broker:/usr/lib/network-broker).")
    String scriptDir;

    /**
     * Reads the configuration file and applies the environment's log overrides.
     *
     * @param environment the process environment
     * @return the settings
     * @throws ConfigException if the file or a variable is invalid
     */
    BrokerConfig load(Map<String, String> environment) throws ConfigException {
        return ConfigLoader.applyEnvironment(ConfigLoader.load(config), environment);
    }

    /**
     * Returns the script search path: {@code --script-dir} or the default, with the legacy
     * folder added where it exists.
     *
     * @return the folders, earliest first
     */
    List<Path> searchPath() {
        return ScriptDirectories.withLegacyRoot(requestedSearchPath());
    }

    private List<Path> requestedSearchPath() {
        if (scriptDir == null) {
            return ScriptDirectories.DEFAULT_SEARCH_PATH;
        }
        List<Path> folders = new ArrayList<>();
        for (String folder : scriptDir.split(":")) {
            if (!folder.isEmpty()) {
                folders.add(Path.of(folder).toAbsolutePath().normalize());
            }
        }
        return folders.isEmpty() ? ScriptDirectories.DEFAULT_SEARCH_PATH : folders;
    }
}
