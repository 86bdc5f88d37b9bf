package org.networkbroker.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

import org.freedesktop.dbus.connections.impl.DBusConnection;
import org.freedesktop.dbus.exceptions.DBusException;
import org.networkbroker.config.BrokerConfig;
import org.networkbroker.config.ConfigException;
import org.networkbroker.config.LogFormat;
import org.networkbroker.config.LogLevel;
import org.networkbroker.dispatch.LinkFilter;
import org.networkbroker.dispatch.Script;
import org.networkbroker.dispatch.ScriptDirectories;
import org.networkbroker.dispatch.ScriptListing;
import org.networkbroker.event.LinkProperties;
import org.networkbroker.log.LogSetup;
import org.networkbroker.networkd.NetworkdLinks;
import org.networkbroker.networkd.SystemBus;
import org.networkbroker.system.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The {@code status} command: shows the links and the scripts each state would run. */
@Command(name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Shows the links and the scripts each state would run.",
            "",
            "Lists each link systemd-networkd knows, with its ifindex, name, operational and"
                    + " setup state and whether [Network] Links= lets it run scripts, and for"
                    + " each <state>.d folder the scripts an event would run and every file"
                    + " it would skip, with the reason.",
            ""
        },
        footer = {
            "",
            "Exit status: 0, 1 when systemd-networkd could not be asked for its links (the"
                    + " scripts are still listed), 78 for a configuration error."
        })
final class StatusCommand implements Callable<Integer> {

    /** Exit status when the links could not be read. */
    static final int EXIT_NO_LINKS = 1;

    @Mixin
    ConfigOptions options;

    @Option(names = "--json", description = "Print one JSON object instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LogSetup.configure(LogLevel.ERROR, LogFormat.TEXT, false);
        Map<String, String> environment = System.getenv();
        BrokerConfig config;
        try {
            config = options.load(environment, Optional.empty());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("network-broker: " + e.getMessage());
            return ConfigException.EXIT_STATUS;
        }
        ScriptDirectories directories = new ScriptDirectories(options.searchPath(),
                Credentials.effectiveUid());
        LinkFilter filter = new LinkFilter(config.links().map(Set::copyOf));
        String busAddress = SystemBus.address(environment);
        List<StatusReport.LinkStatus> links = new ArrayList<>();
        String linksError = readLinks(busAddress, filter, links);
        StatusReport report = new StatusReport(options.configFile().toString(),
                directories.searchPath().stream().map(Path::toString).toList(), busAddress,
                links, linksError, states(directories));

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                    .writeValueAsString(report));
        } else {
            printText(report, out);
        }
        out.flush();
        return linksError == null ? 0 : EXIT_NO_LINKS;
    }

    /** Fills {@code links} from networkd and returns null, or returns why it could not. */
    private static String readLinks(String busAddress, LinkFilter filter,
            List<StatusReport.LinkStatus> links) {
        DBusConnection connection;
        try {
            connection = SystemBus.connect(busAddress, null);
        } catch (DBusException | RuntimeException e) {
            return "cannot connect to the system bus at " + busAddress + ": " + e.getMessage();
        }
        try {
            NetworkdLinks networkd = new NetworkdLinks(connection);
            Optional<Map<Integer, String>> listed = networkd.requestLinks();
            if (listed.isEmpty()) {
                return "ListLinks of " + NetworkdLinks.BUS_NAME + " failed on " + busAddress
                        + "; check that systemd-networkd runs";
            }
            for (Map.Entry<Integer, String> link : new java.util.TreeMap<>(listed.get())
                    .entrySet()) {
                Map<String, String> properties = networkd.linkProperties(link.getKey());
                links.add(new StatusReport.LinkStatus(link.getKey(), link.getValue(),
                        properties.get(LinkProperties.OperationalState),
                        properties.get(LinkProperties.AdministrativeState),
                        filter.accepts(link.getValue())));
            }
            return null;
        } finally {
            connection.disconnect();
        }
    }

    private static List<StatusReport.StateStatus> states(ScriptDirectories directories) {
        List<StatusReport.StateStatus> states = new ArrayList<>();
        for (String state : directories.stateNames()) {
            ScriptListing listing = directories.inspect(state);
            List<StatusReport.ScriptStatus> scripts = new ArrayList<>();
            for (Script script : listing.scripts()) {
                scripts.add(new StatusReport.ScriptStatus(script.name(),
                        script.path().toString()));
            }
            List<StatusReport.SkippedStatus> skipped = new ArrayList<>();
            for (ScriptListing.Skipped file : listing.skipped()) {
                skipped.add(new StatusReport.SkippedStatus(file.path().toString(),
                        file.reason(), file.masked()));
            }
            states.add(new StatusReport.StateStatus(state, scripts, skipped));
        }
        return states;
    }

    private static void printText(StatusReport report, PrintWriter out) {
        out.println("Links (systemd-networkd on " + report.busAddress() + "):");
        if (report.linksError() != null) {
            out.println("  unknown: " + report.linksError());
        } else {
            out.printf("  %7s  %-15s  %-16s  %-12s  %s%n", "IFINDEX", "LINK", "OPERATIONAL",
                    "SETUP", "SCRIPTS");
            for (StatusReport.LinkStatus link : report.links()) {
                out.printf("  %7d  %-15s  %-16s  %-12s  %s%n", link.ifindex(), link.name(),
                        orUnknown(link.operationalState()), orUnknown(link.setupState()),
                        link.watched() ? "run" : exclusion(link.name()));
            }
        }
        out.println();
        out.println("State folders (search path " + String.join(":", report.scriptSearchPath())
                + "):");
        if (report.states().isEmpty()) {
            out.println("  none");
        }
        for (StatusReport.StateStatus state : report.states()) {
            out.println("  " + state.state() + ".d");
            if (state.scripts().isEmpty() && state.skipped().isEmpty()) {
                out.println("    (no scripts)");
            }
            for (StatusReport.ScriptStatus script : state.scripts()) {
                out.println("    run   " + script.path());
            }
            for (StatusReport.SkippedStatus skipped : state.skipped()) {
                out.println("    skip  " + skipped.path() + ": " + skipped.reason());
            }
        }
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }

    /** Says why a link runs no scripts: the rule for lo, or the Links= list. */
    private static String exclusion(String link) {
        return "lo".equals(link) ? "excluded: lo runs scripts only when Links= lists it"
                : "excluded by Links=";
    }
}
