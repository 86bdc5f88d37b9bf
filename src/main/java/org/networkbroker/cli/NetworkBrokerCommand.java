package org.networkbroker.cli;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.networkbroker.config.BrokerConfig;
import org.networkbroker.config.ConfigException;
import org.networkbroker.config.LogLevel;
import org.networkbroker.daemon.Daemon;
import org.networkbroker.daemon.DaemonSettings;
import org.networkbroker.log.LogSetup;
import org.networkbroker.networkd.SystemBus;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code network-broker} command: runs the daemon, or without starting it shows, checks or
 * triggers what it would do.
 */
@Command(name = "network-broker",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        subcommands = {StatusCommand.class, CheckCommand.class, TriggerCommand.class,
            AutoComplete.GenerateCompletion.class},
        description = {
            "Runs the executable scripts in <state>.d folders when systemd-networkd reports"
                    + " that a link or the host changed state. Without a command it runs as"
                    + " the daemon; SIGHUP makes it re-read its configuration.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 after SIGTERM or SIGINT, 1 when the system bus cannot be reached"
                    + " at start-up, 2 for a command-line error, 77 when RoutingPolicyRules= is"
                    + " set without CAP_NET_ADMIN, 78 for a configuration error."
        })
public final class NetworkBrokerCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = {"-T", "--run-startup-triggers"},
            description = "Run the scripts of every link's current operational and setup"
                    + " state, and of the manager's state, once at start.")
    boolean runStartupTriggers;

    @Spec
    CommandSpec command;

    Optional<LogLevel> logLevel = Optional.empty();

    /**
     * Sets the log level of {@code --log-level}, rejecting an unknown name as a command-line
     * error.
     *
     * @param name the option's value
     */
    @Option(names = {"-v", "--log-level"}, paramLabel = "LEVEL",
            description = "Log level: error, warn, info, debug or trace. Overrides"
                    + " NETWORK_EVENT_LOG_LEVEL and [System] LogLevel.")
    void setLogLevel(String name) {
        logLevel = Optional.of(LogLevel.parse(name).orElseThrow(() -> new ParameterException(
                command.commandLine(), "invalid --log-level \"" + name + "\": expected error,"
                        + " warn, info, debug or trace")));
    }

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
            settings = options.load(environment, logLevel);
        } catch (ConfigException e) {
            System.err.println("network-broker: " + e.getMessage());
            return ConfigException.EXIT_STATUS;
        }
        LogSetup.configure(settings.logLevel(), settings.logFormat(),
                environment.containsKey("JOURNAL_STREAM"));

        DaemonSettings daemonSettings = new DaemonSettings(settings, options.configFile(),
                options.searchPath(), runStartupTriggers, SystemBus.address(environment),
                logLevel);
        return new Daemon(daemonSettings).run();
    }
}
