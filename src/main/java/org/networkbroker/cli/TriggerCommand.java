package org.networkbroker.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.networkbroker.config.BrokerConfig;
import org.networkbroker.config.ConfigException;
import org.networkbroker.describe.LinkDescriber;
import org.networkbroker.dispatch.LinkDescriptions;
import org.networkbroker.dispatch.LinkFilter;
import org.networkbroker.dispatch.Script;
import org.networkbroker.dispatch.ScriptDirectories;
import org.networkbroker.dispatch.ScriptPlan;
import org.networkbroker.dispatch.ScriptRunner;
import org.networkbroker.dispatch.StateName;
import org.networkbroker.dispatch.StateScripts;
import org.networkbroker.log.LogSetup;
import org.networkbroker.networkd.LeaseFile;
import org.networkbroker.networkd.NetworkdLinks;
import org.networkbroker.networkd.SystemBus;
import org.networkbroker.system.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code trigger} command: runs the scripts of one state as an event would, through the
 * same {@link StateScripts} as the daemon.
 */
@Command(name = "trigger",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Runs the scripts of a state now, as an event would.",
            "",
            "Runs the scripts of <state>.d for a link exactly as an event of that link"
                    + " would: the same script checks and order, the same arguments and"
                    + " environment (the link's current states, addresses and DHCP lease"
                    + " from systemd-networkd), the same time limit. With --state manager"
                    + " it runs manager.d as a change of the host's state would, and --link"
                    + " is not needed. Script output and results are logged to stdout.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 when every script exited with 0 (or none would run), 1 when a"
                    + " script failed or timed out, the link is unknown or excluded by"
                    + " [Network] Links=, or the system bus cannot be reached, 2 for a"
                    + " command-line error, 78 for a configuration error."
        })
final class TriggerCommand implements Callable<Integer> {

    /** Exit status when a script failed or the request could not be carried out. */
    static final int EXIT_FAILED = 1;
    /** Exit status for an invalid option value, as picocli uses for usage errors. */
    static final int EXIT_USAGE = 2;

    @Mixin
    ConfigOptions options;

    @Option(names = "--link", paramLabel = "NAME",
            description = "The link whose event to replay, for example eth0.")
    String link;

    @Option(names = "--state", paramLabel = "STATE", required = true,
            description = "The state whose folder runs, for example routable (routable.d),"
                    + " or manager.")
    String state;

    @Option(names = "--dry-run",
            description = "List the scripts that would run, with their arguments and full"
                    + " environment, and run nothing.")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> environment = System.getenv();
        BrokerConfig config;
        try {
            config = options.load(environment, Optional.empty());
        } catch (ConfigException e) {
            err.println("network-broker: " + e.getMessage());
            return ConfigException.EXIT_STATUS;
        }
        Optional<String> usage = usageError();
        if (usage.isPresent()) {
            err.println("network-broker trigger: " + usage.get());
            return EXIT_USAGE;
        }
        LogSetup.configure(config.logLevel(), config.logFormat(),
                environment.containsKey("JOURNAL_STREAM"));

        String busAddress = SystemBus.address(environment);
        DBusConnection connection;
        try {
            connection = SystemBus.connect(busAddress, null);
        } catch (DBusException | RuntimeException e) {
            err.println("network-broker trigger: cannot connect to the system bus at "
                    + busAddress + ": " + e.getMessage() + "; check that dbus-daemon runs,"
                    + " or set " + SystemBus.ADDRESS_VARIABLE);
            return EXIT_FAILED;
        }
        try {
            return trigger(config, new NetworkdLinks(connection));
        } finally {
            connection.disconnect();
        }
    }

    private Optional<String> usageError() {
        if (!StateName.isValid(state)) {
            return Optional.of("invalid --state \"" + state + "\": expected a state name of"
                    + " the form [a-z][a-z-]*, such as routable or manager");
        }
        if (link == null && !state.equals(StateScripts.MANAGER_STATE)) {
            return Optional.of("missing --link: expected the link whose " + state + ".d"
                    + " scripts to run, or --state manager");
        }
        if (link != null && state.equals(StateScripts.MANAGER_STATE)) {
            return Optional.of("invalid --link with --state manager: manager.d runs for the"
                    + " whole host, not for one link");
        }
        return Optional.empty();
    }

    private int trigger(BrokerConfig config, NetworkdLinks links) {
        PrintWriter err = spec.commandLine().getErr();
        ScriptDirectories directories = new ScriptDirectories(options.searchPath(),
                Credentials.effectiveUid());
        ScriptRunner runner = new ScriptRunner(config.scriptTimeout());
        // The same JSON description an event's scripts get, when EmitJSON is on.
        Optional<LinkDescriptions> descriptions = config.emitJson()
                ? Optional.of(new LinkDescriber(links::describeLink)) : Optional.empty();
        StateScripts scripts = new StateScripts(directories, runner, links,
                LeaseFile.NETWORKD_LEASE_DIRECTORY, descriptions);

        Optional<ScriptPlan> plan;
        if (link == null) {
            plan = scripts.planManager(Map.of());
        } else {
            Optional<Integer> ifindex = findLink(config, links);
            if (ifindex.isEmpty()) {
                return EXIT_FAILED;
            }
            plan = scripts.plan(scripts.link(link, ifindex.get(), Map.of()), state);
        }
        if (plan.isEmpty()) {
            spec.commandLine().getOut().println("no scripts would run for "
                    + (link == null ? "the manager" : "link " + link) + " in state " + state
                    + " (search path " + directories.searchPath() + ")");
            return 0;
        }
        if (dryRun) {
            printPlan(plan.get(), config.scriptTimeout());
            return 0;
        }

        long failedBefore = runner.failedCount();
        scripts.run(plan.get());
        // Waits for -nowait scripts too, each within its time limit.
        runner.close();
        long failed = runner.failedCount() - failedBefore;
        if (failed > 0) {
            err.println("network-broker trigger: " + failed + " of "
                    + plan.get().scripts().size() + " scripts failed");
            return EXIT_FAILED;
        }
        return 0;
    }

    private Optional<Integer> findLink(BrokerConfig config, NetworkdLinks links) {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Map<Integer, String>> listed = links.requestLinks();
        if (listed.isEmpty()) {
            err.println("network-broker trigger: ListLinks of " + NetworkdLinks.BUS_NAME
                    + " failed; check that systemd-networkd runs");
            return Optional.empty();
        }
        Optional<Integer> ifindex = listed.get().entrySet().stream()
                .filter(entry -> entry.getValue().equals(link))
                .map(Map.Entry::getKey)
                .findFirst();
        if (ifindex.isEmpty()) {
            err.println("network-broker trigger: link \"" + link + "\" not found; systemd-networkd"
                    + " lists " + String.join(" ", listed.get().values()));
            return Optional.empty();
        }
        LinkFilter filter = new LinkFilter(config.links().map(Set::copyOf));
        if (!filter.accepts(link)) {
            err.println("network-broker trigger: link \"" + link + "\" is excluded by"
                    + " [Network] Links= in " + options.configFile() + " (" + filter + "), so its"
                    + " events run no scripts");
            return Optional.empty();
        }
        return ifindex;
    }

    private void printPlan(ScriptPlan plan, Duration timeout) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("would run for " + plan.subject() + " state=" + plan.state() + ":");
        for (Script script : plan.scripts()) {
            out.println("  " + script.path() + " " + String.join(" ", plan.arguments())
                    + (script.noWait() ? "    (started without waiting)" : ""));
        }
        out.println("environment of each script:");
        for (Map.Entry<String, String> variable : plan.environment().entrySet()) {
            out.println("  " + variable.getKey() + "=" + variable.getValue());
        }
        out.println("time limit of each script: " + timeout.toSeconds() + "s");
    }
}
