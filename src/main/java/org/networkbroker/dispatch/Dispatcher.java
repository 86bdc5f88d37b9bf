package org.networkbroker.dispatch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.networkbroker.event.AddressChanged;
import org.networkbroker.event.KernelEvent;
import org.networkbroker.event.LeaseChanged;
import org.networkbroker.event.LeaseData;
import org.networkbroker.event.LinkChanged;
import org.networkbroker.event.LinkDirectory;
import org.networkbroker.event.LinkProperties;
import org.networkbroker.event.LinkStateChanged;
import org.networkbroker.event.ManagerStateChanged;
import org.networkbroker.event.NetworkEvent;
import org.networkbroker.event.RouteChanged;
import org.networkbroker.log.RepeatLimiter;
import org.networkbroker.networkd.LeaseFile;
import org.networkbroker.system.InterfaceAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes events and runs the scripts they select: {@code <OperationalState>.d} and
 * {@code <AdministrativeState>.d} for a link, {@code manager.d} for the manager, and
 * {@code links.d}, {@code addresses.d} and {@code routes.d} for the kernel's changes.
 */
public final class Dispatcher implements Consumer<NetworkEvent>, AutoCloseable {

    /** Pending events per link before they collapse. */
    public static final int QUEUE_BOUND = 64;

    private static final String MANAGER_STATE = "manager";
    private static final String ROUTABLE = "routable";
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final ScriptDirectories directories;
    private final ScriptRunner runner;
    private final LinkDirectory links;
    private final LinkFilter filter;
    private final Path leaseDirectory;
    private final Optional<LinkDescriptions> descriptions;
    private final Optional<LeaseHandoff> handoff;
    private final EventQueues queues;
    private final RepeatLimiter warnings = new RepeatLimiter(Duration.ofMinutes(1));

    /**
     * Creates a dispatcher.
     *
     * @param directories finds the scripts of a state
     * @param runner runs them
     * @param links looks up link names and current states
     * @param filter selects the links whose events run scripts
     * @param leaseDirectory where systemd-networkd keeps DHCPv4 leases by ifindex
     * @param descriptions describes links for the {@code JSON} variable; empty when
     *        {@code EmitJSON} is off
     * @param handoff hands leases to systemd-resolved and systemd-hostnamed; empty when no
     *        {@code Use*} switch is on
     */
    public Dispatcher(ScriptDirectories directories, ScriptRunner runner, LinkDirectory links,
            LinkFilter filter, Path leaseDirectory, Optional<LinkDescriptions> descriptions,
            Optional<LeaseHandoff> handoff) {
        this.directories = directories;
        this.runner = runner;
        this.links = links;
        this.filter = filter;
        this.leaseDirectory = leaseDirectory;
        this.descriptions = descriptions;
        this.handoff = handoff;
        this.queues = new EventQueues(QUEUE_BOUND, this::handle);
    }

    /**
     * Queues an event behind earlier events of the same link; never blocks.
     *
     * @param event the event
     */
    @Override
    public void accept(NetworkEvent event) {
        queues.submit(event);
    }

    private void handle(NetworkEvent event) {
        switch (event) {
            case LinkStateChanged link -> handleLink(link);
            case ManagerStateChanged manager -> handleManager(manager);
            case KernelEvent kernel -> handleKernel(kernel);
            case LeaseChanged lease -> handleLease(lease);
        }
    }

    /** Runs routable.d for a link whose dhclient lease changed, as the original broker did. */
    private void handleLease(LeaseChanged event) {
        String name = event.linkName();
        int ifindex = event.ifindex();
        if (!filter.accepts(name)) {
            log.debug("lease of excluded link link={} ifindex={}", name, ifindex);
            return;
        }
        String subject = "link=" + name + " ifindex=" + ifindex;
        if (event.lease().isEmpty()) {
            log.info("dhcp lease ended {}{}", subject, originNote(event));
            handoff.ifPresent(target -> target.update(ifindex, name, Optional.empty()));
            return;
        }
        LeaseData lease = event.lease().get();
        log.info("dhcp lease changed {} address={}{}", subject,
                lease.variables().getOrDefault("DHCP4_ADDRESS", "none"), originNote(event));
        handoff.ifPresent(target -> target.update(ifindex, name, event.lease()));
        LinkContext context = new LinkContext(name, ifindex, Map.of(), event.lease());
        runAll(ROUTABLE, List.of(ROUTABLE, name), subject, () -> context.environment(ROUTABLE));
    }

    private void handleKernel(KernelEvent event) {
        String folder = switch (event) {
            case LinkChanged link -> "links";
            case AddressChanged address -> "addresses";
            case RouteChanged route -> "routes";
        };
        String subject = "link=" + event.linkName() + " ifindex=" + event.ifindex();
        boolean accepted = event.ifindex() == 0 ? filter.acceptsUnboundRoutes()
                : filter.accepts(event.linkName());
        List<Script> scripts = accepted ? directories.scripts(folder) : List.of();
        if (scripts.isEmpty()) {
            log.debug("kernel event without scripts {} event={}", subject, event);
            return;
        }
        log.info("{} {} {}{}", folder.substring(0, folder.length() - 1) + " "
                + event.change().text(), subject, details(event), originNote(event));
        Map<String, String> environment = ScriptEnvironment.forKernel(event);
        List<String> arguments = List.of(event.change().text(), event.linkName());
        for (Script script : scripts) {
            runner.run(script, arguments, environment,
                    new RunLabel(subject, folder, script.name()));
        }
    }

    private void handleLink(LinkStateChanged event) {
        int ifindex = event.ifindex();
        Optional<String> found = links.linkName(ifindex);
        if (found.isEmpty()) {
            warn("link not found", "event dropped, link not found ifindex={} properties={}",
                    ifindex, event.properties());
            return;
        }
        String name = found.get();
        if (!filter.accepts(name)) {
            log.debug("event of excluded link link={} ifindex={} {}", name, ifindex,
                    format(event.properties()));
            return;
        }
        log.info("link state changed link={} ifindex={} {}{}", name, ifindex,
                format(event.properties()), originNote(event));

        String subject = "link=" + name + " ifindex=" + ifindex;
        LinkContext context = new LinkContext(name, ifindex, event.properties(),
                Optional.empty());
        handoff.ifPresent(target -> target.update(ifindex, name, context.lease()));
        for (String property : LinkProperties.SELECTING) {
            String state = event.properties().get(property);
            if (state != null && isUsable(state, subject, property)) {
                runAll(state, List.of(state, name), subject, () -> context.environment(state));
            }
        }
    }

    private void handleManager(ManagerStateChanged event) {
        log.info("manager state changed {}{}", format(event.properties()), originNote(event));
        List<Script> scripts = directories.scripts(MANAGER_STATE);
        if (scripts.isEmpty()) {
            return;
        }
        Map<String, String> current = new LinkedHashMap<>(links.managerProperties());
        current.putAll(event.properties());
        String state = current.get(LinkProperties.OperationalState);
        List<String> arguments = state == null ? List.of() : List.of(state);
        Map<String, String> environment = ScriptEnvironment.forManager(state, current);
        String shownState = state == null ? "unknown" : state;
        for (Script script : scripts) {
            runner.run(script, arguments, environment,
                    new RunLabel("manager", shownState, script.name()));
        }
    }

    private static String details(KernelEvent event) {
        return switch (event) {
            case LinkChanged link -> link.oldName().map(old -> "old_name=" + old).orElse("");
            case AddressChanged address -> "address=" + address.address() + " scope="
                    + address.scope();
            case RouteChanged route -> "destination=" + route.destination() + " gateway="
                    + route.gateway().orElse("none") + " table=" + route.table();
        };
    }

    private void runAll(String state, List<String> arguments, String subject,
            Supplier<Map<String, String>> environment) {
        List<Script> scripts = directories.scripts(state);
        if (scripts.isEmpty()) {
            log.debug("no scripts {} state={}", subject, state);
            return;
        }
        Map<String, String> variables = environment.get();
        for (Script script : scripts) {
            runner.run(script, arguments, variables, new RunLabel(subject, state, script.name()));
        }
    }

    private boolean isUsable(String state, String subject, String property) {
        if (StateName.isValid(state)) {
            return true;
        }
        String shown = shorten(state);
        warn("invalid state", "state ignored {} {}=\"{}\" length={}: expected a plain state"
                + " name [a-z][a-z-]*", subject, property, shown, state.length());
        return false;
    }

    /** Reads a link's current state, addresses and lease once per event, when needed. */
    private final class LinkContext {
        private final String name;
        private final int ifindex;
        private final Map<String, String> changed;
        private Optional<LeaseData> lease;
        private Map<String, String> properties;
        private InterfaceAddresses addresses;
        private Optional<String> json;

        /**
         * @param lease the link's lease when the event brought it; empty to read networkd's
         *        lease file when needed
         */
        LinkContext(String name, int ifindex, Map<String, String> changed,
                Optional<LeaseData> lease) {
            this.name = name;
            this.ifindex = ifindex;
            this.changed = changed;
            this.lease = lease.isPresent() ? lease : null;
        }

        Optional<LeaseData> lease() {
            if (lease == null) {
                lease = readNetworkdLease();
            }
            return lease;
        }

        Map<String, String> environment(String state) {
            if (properties == null) {
                properties = new LinkedHashMap<>(links.linkProperties(ifindex));
                // The event's values win: the bus may already report a later state.
                properties.putAll(changed);
                addresses = readAddresses();
                json = descriptions.flatMap(describer ->
                        describer.describe(ifindex, name, properties));
            }
            Map<String, String> leaseVariables = lease().map(LeaseData::variables)
                    .orElse(Map.of());
            Map<String, String> environment = ScriptEnvironment.forLink(name, ifindex, state,
                    properties, addresses, leaseVariables);
            if (json.isEmpty()) {
                return environment;
            }
            Map<String, String> withJson = new LinkedHashMap<>(environment);
            withJson.put("JSON", json.get());
            return withJson;
        }

        private InterfaceAddresses readAddresses() {
            try {
                return InterfaceAddresses.of(ifindex);
            } catch (IOException e) {
                log.warn("reading addresses failed link={} ifindex={}", name, ifindex, e);
                return InterfaceAddresses.NONE;
            }
        }

        private Optional<LeaseData> readNetworkdLease() {
            try {
                return LeaseFile.read(leaseDirectory, ifindex).map(LeaseFile::toLeaseData);
            } catch (IOException e) {
                log.warn("reading the DHCP lease failed link={} ifindex={}", name, ifindex, e);
                return Optional.empty();
            }
        }
    }

    private void warn(String kind, String format, Object... arguments) {
        if (warnings.admit(kind) >= 0) {
            log.warn(format, arguments);
        }
    }

    private static String originNote(NetworkEvent event) {
        return switch (event.origin()) {
            case SIGNAL -> "";
            case STARTUP_TRIGGER -> " origin=startup";
            case RESYNC -> " origin=resync";
            case KERNEL -> "";
            case KERNEL_RESYNC -> " origin=kernel-resync";
            case DHCLIENT -> "";
        };
    }

    /** Formats properties as {@code Key=value} pairs, each value cut to 80 characters. */
    private static String format(Map<String, String> properties) {
        return properties.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + shorten(entry.getValue()))
                .collect(Collectors.joining(" "));
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }

    /** Drops events that have not started and waits for the running scripts. */
    @Override
    public void close() {
        queues.close();
        runner.close();
    }
}
