package org.networkbroker.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.networkbroker.config.BrokerConfig;
import org.networkbroker.config.ConfigException;
import org.networkbroker.config.ConfigLoader;
import org.networkbroker.config.LogLevel;
import org.networkbroker.dispatch.ScriptDirectories;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options that select the configuration file and the script folders, for every command. */
final class ConfigOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: /etc/network-broker/network-broker.toml,"
                    + " where a missing file means the defaults). A file named here must exist.")
    Path config;

    String scriptDir;

    /**
     * Sets the script search path, rejecting one that names no folder.
     *
     * @param value the option's value
     */
    @Option(names = "--script-dir", paramLabel = "DIR[:DIR...]",
            description = "Folders searched for <state>.d script folders, earliest first; for"
                    + " equal script names the earlier folder wins (default:"
                    + " /etc/network-broker:/usr/lib/network-broker).")
    void setScriptDir(String value) {
        if (value.replace(":", "").isBlank()) {
            throw new ParameterException(command.commandLine(), "invalid --script-dir \""
                    + value + "\": expected one or more folders separated by ':'");
        }
        scriptDir = value;
    }

    /**
     * Returns the configuration file in use.
     *
     * @return {@code --config}, or the default file
     */
    Path configFile() {
        return config == null ? ConfigLoader.DEFAULT_FILE : config;
    }

    /**
     * Reads the configuration file and applies the environment's log overrides.
     *
     * @param environment the process environment
     * @param levelOverride the level of {@code --log-level}, which makes
     *        {@code NETWORK_EVENT_LOG_LEVEL} irrelevant
     * @return the settings
     * @throws ConfigException if the file or a variable is invalid, or {@code --config} names
     *         a file that does not exist
     */
    BrokerConfig load(Map<String, String> environment, Optional<LogLevel> levelOverride)
            throws ConfigException {
        if (config != null && !Files.exists(config)) {
            throw new ConfigException("configuration file " + config + " not found; leave out"
                    + " --config to run with the defaults");
        }
        Map<String, String> variables = new HashMap<>(environment);
        if (levelOverride.isPresent()) {
            variables.remove(ConfigLoader.LOG_LEVEL_VARIABLE);
        }
        BrokerConfig loaded = ConfigLoader.applyEnvironment(ConfigLoader.load(configFile()),
                variables);
        return levelOverride.map(level -> loaded.withLogging(level, loaded.logFormat()))
                .orElse(loaded);
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
        return folders;
    }
}
