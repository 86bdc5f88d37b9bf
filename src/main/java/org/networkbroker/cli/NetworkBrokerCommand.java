package org.networkbroker.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.networkbroker.config.BrokerConfig;
import org.networkbroker.config.ConfigException;
import org.networkbroker.config.ConfigLoader;
import org.networkbroker.config.LogLevel;
import org.networkbroker.daemon.Daemon;
import org.networkbroker.daemon.DaemonSettings;
import org.networkbroker.dispatch.ScriptDirectories;
import org.networkbroker.log.LogSetup;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code network-broker} command: runs the daemon. */
@Command(name = "network-broker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Runs the executable scripts in <state>.d folders when systemd-networkd reports"
                    + " that a link or the host changed state.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 after SIGTERM or SIGINT, 1 when the system bus cannot be reached"
                    + " or is lost, 2 for a command-line error, 78 for a configuration error."
        })
public final class NetworkBrokerCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (default: ${DEFAULT-VALUE}). A missing file"
                    + " means the defaults.")
    Path config = ConfigLoader.DEFAULT_FILE;

    @Option(names = "--script-dir", paramLabel = "DIR[:DIR...]",
            description = "Folders searched for <state>.d script folders, earliest first; for"
                    + " equal script names the earlier folder wins (default:"
                    + " /etc/network-broker:/usr/lib/network-broker).")
    String scriptDir;

    @Option(names = {"-T", "--run-startup-triggers"},
            description = "Run the scripts of every link's current operational and setup"
                    + " state, and of the manager's state, once at start.")
    boolean runStartupTriggers;

    @Option(names = {"-v", "--log-level"}, paramLabel = "LEVEL",
            description = "Log level: error, warn, info, debug or trace. Overrides"
                    + " NETWORK_EVENT_LOG_LEVEL and [System] LogLevel.")
    String logLevel;

    /**
     * Runs the command line and exits with its status.
     *
     * @param args the command-line arguments
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new NetworkBrokerCommand()).execute(args));
    }

    @Override
    public Integer call() {
        Map<String, String> environment = System.getenv();
        BrokerConfig settings;
        try {
            settings = ConfigLoader.applyEnvironment(ConfigLoader.load(config), environment);
            if (logLevel != null) {
                LogLevel level = LogLevel.parse(logLevel).orElseThrow(() -> new ConfigException(
                        "invalid --log-level \"" + logLevel + "\": expected error, warn, info,"
                        + " debug or trace"));
                settings = settings.withLogging(level, settings.logFormat());
            }
        } catch (ConfigException e) {
            System.err.println("network-broker: " + e.getMessage());
            return ConfigException.EXIT_STATUS;
        }
        LogSetup.configure(settings.logLevel(), settings.logFormat(),
                environment.containsKey("JOURNAL_STREAM"));

        List<Path> searchPath = ScriptDirectories.withLegacyRoot(scriptSearchPath());
        String busAddress = environment.getOrDefault("DBUS_SYSTEM_BUS_ADDRESS",
                DaemonSettings.DEFAULT_BUS_ADDRESS);
        DaemonSettings daemonSettings = new DaemonSettings(settings, config, searchPath,
                runStartupTriggers, busAddress);
        return new Daemon(daemonSettings).run();
    }

    private List<Path> scriptSearchPath() {
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
