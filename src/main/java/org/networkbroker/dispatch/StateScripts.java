package org.networkbroker.dispatch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.networkbroker.event.LeaseData;
import org.networkbroker.event.LinkDirectory;
import org.networkbroker.event.LinkProperties;
import org.networkbroker.event.LinkStateChanged;
import org.networkbroker.networkd.LeaseFile;
import org.networkbroker.system.InterfaceAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, prepares and runs the scripts of one state. The dispatcher runs every event through
 * it and {@code network-broker trigger} runs a requested state through it, so both use the
 * same discovery, the same environment and the same runner.
 */
public final class StateScripts {

    /** The folder, argument-less state name and label of manager events. */
    public static final String MANAGER_STATE = "manager";

    private static final Logger log = LoggerFactory.getLogger(StateScripts.class);

    private final ScriptDirectories directories;
    private final ScriptRunner runner;
    private final LinkDirectory links;
    private final Path leaseDirectory;
    private final Optional<LinkDescriptions> descriptions;

    /**
     * Creates the script path.
     *
     * @param directories finds the scripts of a state
     * @param runner runs them
     * @param links looks up link names and current states
     * @param leaseDirectory where systemd-networkd keeps DHCPv4 leases by ifindex
     * @param descriptions describes links for the {@code JSON} variable; empty when
     *        {@code EmitJSON} is off
     */
    public StateScripts(ScriptDirectories directories, ScriptRunner runner, LinkDirectory links,
            Path leaseDirectory, Optional<LinkDescriptions> descriptions) {
        this.directories = directories;
        this.runner = runner;
        this.links = links;
        this.leaseDirectory = leaseDirectory;
        this.descriptions = descriptions;
    }

    /**
     * Returns the script finder.
     *
     * @return the finder used for every plan
     */
    public ScriptDirectories directories() {
        return directories;
    }

    /**
     * Returns the runner.
     *
     * @return the runner used for every plan
     */
    public ScriptRunner runner() {
        return runner;
    }

    /**
     * Starts preparing scripts for one link. The context reads the link's current state,
     * addresses and lease once, when the first plan needs them.
     *
     * @param name the link's name
     * @param ifindex the link's ifindex
     * @param changed the properties an event changed, which win over the values read from
     *        networkd; empty for a trigger
     * @return the context
     */
    public LinkContext link(String name, int ifindex, Map<String, String> changed) {
        return new LinkContext(name, ifindex, changed, Optional.empty());
    }

    /**
     * Starts preparing scripts for a link state event. The link's state properties are the
     * ones the event carries. The context reads from networkd only those the event lacks.
     *
     * @param name the link's name
     * @param event the event
     * @return the context
     */
    public LinkContext link(String name, LinkStateChanged event) {
        return new LinkContext(name, event.ifindex(), event.states(), Optional.empty());
    }

    /**
     * Starts preparing scripts for one link whose event brought its lease, such as a change
     * of a dhclient lease file.
     *
     * @param name the link's name
     * @param ifindex the link's ifindex
     * @param changed the properties the event changed
     * @param lease the link's lease; empty to read networkd's lease file when needed
     * @return the context
     */
    public LinkContext link(String name, int ifindex, Map<String, String> changed,
            Optional<LeaseData> lease) {
        return new LinkContext(name, ifindex, changed, lease);
    }

    /**
     * Prepares the scripts of a link state.
     *
     * @param link the link
     * @param state a state name accepted by {@link StateName#isValid}
     * @return the plan, or empty when no script would run
     */
    public Optional<ScriptPlan> plan(LinkContext link, String state) {
        List<Script> scripts = directories.scripts(state);
        String subject = "link=" + link.name + " ifindex=" + link.ifindex;
        if (scripts.isEmpty()) {
            log.debug("no scripts {} state={}", subject, state);
            return Optional.empty();
        }
        return Optional.of(new ScriptPlan(subject, state, scripts, List.of(state, link.name),
                link.environment(state)));
    }

    /**
     * Prepares the scripts of {@code manager.d}.
     *
     * @param known the manager properties an event carries, which win over the values read
     *        from networkd. networkd is read only when some are missing, as for a trigger.
     * @return the plan, or empty when no script would run
     */
    public Optional<ScriptPlan> planManager(Map<String, String> known) {
        List<Script> scripts = directories.scripts(MANAGER_STATE);
        if (scripts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> current = new LinkedHashMap<>();
        if (!known.keySet().containsAll(LinkProperties.MANAGER)) {
            current.putAll(links.managerProperties());
        }
        current.putAll(known);
        String state = current.get(LinkProperties.OperationalState);
        List<String> arguments = state == null ? List.of() : List.of(state);
        Map<String, String> environment = ScriptEnvironment.forManager(state, current);
        return Optional.of(new ScriptPlan(MANAGER_STATE, state == null ? "unknown" : state,
                scripts, arguments, environment));
    }

    /**
     * Runs the scripts of a plan one after another, as {@link ScriptRunner} runs them.
     *
     * @param plan the plan
     */
    public void run(ScriptPlan plan) {
        for (Script script : plan.scripts()) {
            runner.run(script, plan.arguments(), plan.environment(),
                    new RunLabel(plan.subject(), plan.state(), script.name()));
        }
    }

    /** A link's state, addresses and lease, each read once when first needed. */
    public final class LinkContext {
        private final String name;
        private final int ifindex;
        private final Map<String, String> known;
        private Map<String, String> properties;
        private InterfaceAddresses addresses;
        private Optional<LeaseData> lease;
        private Optional<String> json;

        private LinkContext(String name, int ifindex, Map<String, String> known,
                Optional<LeaseData> lease) {
            this.name = name;
            this.ifindex = ifindex;
            this.known = new LinkedHashMap<>(known);
            this.lease = lease.isPresent() ? lease : null;
        }

        /**
         * Returns the link's lease: the event's, or else networkd's lease file, read once.
         *
         * @return the lease, or empty when the link has none
         */
        public Optional<LeaseData> lease() {
            if (lease == null) {
                lease = readNetworkdLease();
            }
            return lease;
        }

        Map<String, String> environment(String state) {
            if (properties == null) {
                properties = new LinkedHashMap<>();
                if (!known.keySet().containsAll(LinkProperties.LINK)) {
                    properties.putAll(links.linkProperties(ifindex));
                }
                // The event's values win: the bus may already report a later state.
                properties.putAll(known);
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
}
