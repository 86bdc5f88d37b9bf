package org.networkbroker.daemon;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.networkbroker.config.BrokerConfig;
import org.networkbroker.config.LogLevel;

/**
 * Everything the daemon needs to start, from the configuration file and the command line.
 *
 * @param config the settings of the configuration file, with command-line and environment
 *        overrides applied
 * @param configFile the file they came from, for log lines
 * @param scriptSearchPath the folders searched for scripts, earliest first
 * @param runStartupTriggers whether to run the scripts of every current state once at start
 * @param busAddress the DBus address of the system bus
 * @param logLevelOverride the level from {@code --log-level}, which a reload keeps; empty
 *        when the option was not given
 */
public record DaemonSettings(BrokerConfig config, Path configFile, List<Path> scriptSearchPath,
        boolean runStartupTriggers, String busAddress, Optional<LogLevel> logLevelOverride) {

    /** The system bus address used when {@code DBUS_SYSTEM_BUS_ADDRESS} is unset. */
    public static final String DEFAULT_BUS_ADDRESS = "unix:path=/run/dbus/system_bus_socket";

    /** Copies the search path. */
    public DaemonSettings {
        scriptSearchPath = List.copyOf(scriptSearchPath);
    }
}
