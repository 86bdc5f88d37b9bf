package org.networkbroker.dispatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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

    private static final String ROUTABLE = "routable";
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final StateScripts scripts;
    private final LinkDirectory links;
    private final Optional<LeaseHandoff> handoff;
    private final EventQueues queues;
    private final RepeatLimiter warnings = new RepeatLimiter(Duration.ofMinutes(1));
    private final AtomicLong handled = new AtomicLong();
    private volatile LinkFilter filter;

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
        this(new StateScripts(directories, runner, links, leaseDirectory, descriptions), links,
                filter, handoff);
    }

    /**
     * Creates a dispatcher that runs scripts through the given path, which
     * {@code network-broker trigger} uses too.
     *
     * @param scripts finds, prepares and runs the scripts of a state
     * @param links looks up link names and current states
     * @param filter selects the links whose events run scripts
     * @param handoff hands leases to systemd-resolved and systemd-hostnamed; empty when no
     *        {@code Use*} switch is on
     */
    public Dispatcher(StateScripts scripts, LinkDirectory links, LinkFilter filter,
            Optional<LeaseHandoff> handoff) {
        this.scripts = scripts;
        this.links = links;
        this.filter = filter;
        this.handoff = handoff;
        this.queues = new EventQueues(QUEUE_BOUND, this::handle);
    }

    /**
     * Replaces the link filter after a reload. Events handled from now on use the new one,
     * and events already queued are not dropped.
     *
     * @param replacement the new filter
     */
    public void setFilter(LinkFilter replacement) {
        this.filter = replacement;
    }

    /**
     * Returns the link filter in use.
     *
     * @return the filter
     */
    public LinkFilter filter() {
        return filter;
    }

    /**
     * Returns the script path the dispatcher runs events through.
     *
     * @return the script path, whose runner the daemon reconfigures on reload
     */
    public StateScripts scripts() {
        return scripts;
    }

    /**
     * Returns how many events were handled, excluded links included.
     *
     * @return the count since the dispatcher was created
     */
    public long handledCount() {
        return handled.get();
    }

    /**
     * Runs a task as an event's worker would start, for the watchdog heartbeat.
     *
     * @param task the task, run on a new virtual thread
     * @return false when the dispatcher is closed and the task was not started
     */
    public boolean probe(Runnable task) {
        return queues.probe(task);
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
        handled.incrementAndGet();
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
        StateScripts.LinkContext context = scripts.link(name, ifindex, Map.of(), event.lease());
        scripts.plan(context, ROUTABLE).ifPresent(scripts::run);
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
        List<Script> found = accepted ? scripts.directories().scripts(folder) : List.of();
        if (found.isEmpty()) {
            log.debug("kernel event without scripts {} event={}", subject, event);
            return;
        }
        String noun = switch (event) {
            case LinkChanged link -> "link";
            case AddressChanged address -> "address";
            case RouteChanged route -> "route";
        };
        String details = details(event);
        log.info("{} {} {}{}{}", noun, event.change().text(), subject,
                details.isEmpty() ? "" : " " + details, originNote(event));
        scripts.run(new ScriptPlan(subject, folder, found,
                List.of(event.change().text(), event.linkName()),
                ScriptEnvironment.forKernel(event)));
    }

    private void handleLink(LinkStateChanged event) {
        int ifindex = event.ifindex();
        Optional<String> found = links.linkName(ifindex);
        if (found.isEmpty()) {
            // Usual for a link deleted before its last events were handled.
            log.debug("event dropped, link not found ifindex={} properties={}", ifindex,
                    event.properties());
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
        StateScripts.LinkContext context = scripts.link(name, event);
        handoff.ifPresent(target -> target.update(ifindex, name, context.lease()));
        for (String property : LinkProperties.SELECTING) {
            String state = event.properties().get(property);
            if (state != null && isUsable(state, subject, property)) {
                scripts.plan(context, state).ifPresent(scripts::run);
            }
        }
    }

    private void handleManager(ManagerStateChanged event) {
        log.info("manager state changed {}{}", format(event.properties()), originNote(event));
        scripts.planManager(event.states()).ifPresent(scripts::run);
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

    private boolean isUsable(String state, String subject, String property) {
        if (StateName.isValid(state)) {
            return true;
        }
        String shown = shorten(state);
        warn("invalid state", "state ignored {} {}=\"{}\" length={}: expected a plain state"
                + " name [a-z][a-z-]*", subject, property, shown, state.length());
        return false;
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
        // First, because the event each worker handles may still have scripts to start.
        scripts.runner().stopStarting();
        queues.close();
        scripts.runner().close();
    }
}
