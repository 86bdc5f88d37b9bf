package org.networkbroker.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.networkbroker.netlink.Link;
import org.networkbroker.netlink.NetlinkEvent;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.netlink.Overrun;
import org.networkbroker.netlink.RtnetlinkClient;
import org.networkbroker.routing.Change.Subject;
import org.networkbroker.routing.ChangeExecutor.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps policy routing right for the links named in {@code [Network] RoutingPolicyRules=}, so
 * that a host with two links in one subnet sends the reply to a packet that arrived on the
 * second link back through that link.
 *
 * <p>For a configured link with ifindex N that is up, table {@code 9999 + N} gets a default
 * route through the link's gateway, and each of the link's addresses gets the rules
 * {@code from ADDRESS/32 lookup TABLE} and {@code to ADDRESS/32 lookup TABLE} at priority
 * 32765. IPv4 uses all addresses but link-local ones. The gateway is the one of the link's own
 * default route in the main table, else the router of its DHCP lease ({@link GatewayHints}),
 * else the one of the main table's default route. Global IPv6 addresses get {@code /128} rules
 * and an IPv6 default route when the link has an IPv6 default route of its own. A family with
 * addresses but no gateway gets neither route nor rules, and a table loses its route with its
 * last rule. Rules and routes in these tables that no longer match are removed, also those
 * left by an earlier run. So are host rules in any table from 10000 up whose address has left
 * the table's link.
 *
 * <p>Wiring: pass every event of a {@link org.networkbroker.netlink.NetlinkMonitor} in the same
 * network namespace to {@link #onEvent}, for example as a listener of
 * {@code org.networkbroker.kernel.KernelSource}, and call {@link #start()} once the monitor
 * runs. Events before {@code start()} are ignored, because its dump contains their result.
 * Events that the monitor queued before the dump are applied after it, which may add and
 * remove a rule for a moment, but ends in the kernel's current state.
 *
 * <p>All methods are synchronized. {@link #onEvent} sends its requests on the calling thread
 * and returns when the kernel has acknowledged them, normally within milliseconds. A rejected
 * request is logged at warn with the errno name and tried again at the next change of the
 * state.
 */
public final class PolicyRouter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PolicyRouter.class);

    private final RoutingKernel kernel;
    private final GatewayHints hints;
    private final ChangeExecutor executor;
    private final KernelMirror mirror = new KernelMirror();
    private final Set<Integer> retired = new TreeSet<>();
    private Set<Integer> managed = Set.of();
    private Set<Integer> waiting = Set.of();
    private Set<String> linkNames;
    private boolean started;
    private boolean closed;
    private boolean dumpPending;

    /**
     * Creates a router that sends its requests through a client. Nothing is sent before
     * {@link #start()}.
     *
     * @param client the client, in the network namespace to manage. It stays owned by the
     *         caller, and {@link #close()} leaves it open.
     * @param linkNames the link names of {@code RoutingPolicyRules=}, compared exactly
     * @param hints the DHCP lease routers, normally {@link GatewayHints#networkdLeases()}
     * @throws NullPointerException if an argument is null
     */
    public PolicyRouter(RtnetlinkClient client, Set<String> linkNames, GatewayHints hints) {
        this(RoutingKernel.of(client), linkNames, hints);
    }

    PolicyRouter(RoutingKernel kernel, Set<String> linkNames, GatewayHints hints) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.linkNames = Set.copyOf(linkNames);
        this.hints = Objects.requireNonNull(hints, "hints");
        this.executor = new ChangeExecutor(kernel);
    }

    /**
     * Returns the policy table of a link.
     *
     * @param ifindex the link's ifindex, at least 1
     * @return {@code 9999 + ifindex}
     * @throws IllegalArgumentException if the ifindex is below 1
     */
    public static long tableFor(int ifindex) {
        return PolicyTables.tableOf(ifindex);
    }

    /**
     * Dumps links, addresses, routes and rules, removes what an earlier run left that no longer
     * matches, and adds the routes and rules of the configured links.
     *
     * @throws NetlinkException if a dump fails. Requests that the kernel rejects are logged
     *         instead, see the class description.
     * @throws IllegalStateException if the router was started or closed before
     */
    public synchronized void start() throws NetlinkException {
        if (closed || started) {
            throw new IllegalStateException("policy router cannot start: it was "
                    + (closed ? "closed" : "started") + " before, create a new one instead");
        }
        mirror.reset(dump());
        started = true;
        log.info("policy routing started links=\"{}\" tables=9999+ifindex", names());
        reconcileState(true);
    }

    /**
     * Applies a netlink event and changes rules and routes to match. Call it for every event
     * of the monitor, in kernel order. Events that change nothing that policy routing
     * tracks, such as the kernel's reports of the router's own requests, send nothing. An
     * {@link Overrun} makes the router dump the state again. Before {@link #start()} and after
     * {@link #close()} events are ignored.
     *
     * @param event the event
     */
    public synchronized void onEvent(NetlinkEvent event) {
        if (!started || closed) {
            return;
        }
        KernelMirror.Effect effect = mirror.apply(event);
        if (effect == KernelMirror.Effect.STALE || dumpPending) {
            if (event instanceof Overrun) {
                log.info("policy routing dumps the kernel state again after lost netlink events");
            }
            dumpAndReconcile();
        } else if (effect == KernelMirror.Effect.CHANGED) {
            reconcileState(true);
        }
    }

    /**
     * Changes the configured link names, for a configuration reload. Links that are new in the
     * set get their routes and rules at once. Links that left it lose theirs, like links that
     * are renamed to a name outside the set.
     *
     * @param linkNames the new link names, compared exactly
     */
    public synchronized void setLinks(Set<String> linkNames) {
        if (this.linkNames.equals(linkNames)) {
            return;
        }
        this.linkNames = Set.copyOf(linkNames);
        log.info("policy routing links changed links=\"{}\"", names());
        if (started && !closed) {
            reconcileState(true);
        }
    }

    /**
     * Plans and applies again without an event, for example after a DHCP lease changed. No
     * netlink event reports a new lease file, so a gateway that only the lease names is read
     * again only here and at the next event.
     */
    public synchronized void reconcile() {
        if (started && !closed) {
            reconcileState(true);
        }
    }

    /**
     * Stops reacting to events. The rules and routes stay in place: they keep replies on the
     * right link while the broker is stopped or restarting, and the next {@link #start()}
     * removes those that no longer match. The client stays open.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            log.info("policy routing stopped, its rules and routes stay in place");
        }
    }

    private NetworkState dump() throws NetlinkException {
        return NetworkState.of(kernel.dumpLinks(), kernel.dumpAddresses(), kernel.dumpRoutes(),
                kernel.dumpRules());
    }

    private void dumpAndReconcile() {
        try {
            mirror.reset(dump());
        } catch (NetlinkException e) {
            dumpPending = true;
            log.warn("policy routing failed to dump the kernel state, trying again at the next"
                    + " event error=\"{}\"", e.getMessage());
            return;
        }
        dumpPending = false;
        reconcileState(false);
    }

    /**
     * Plans from the mirror and sends the changes. When a route add meets a route that the
     * mirror lacks, the rest of the plan is dropped and the router dumps and plans again, at
     * most once per call, so a kernel that keeps rejecting cannot make it loop.
     */
    private void reconcileState(boolean mayDumpAgain) {
        NetworkState state = mirror.snapshot();
        updateRetired(state);
        Plan plan = PolicyPlanner.plan(state, linkNames, retired, hints);
        logWaiting(plan.waitingForGateway());
        for (Change change : plan.changes()) {
            Outcome outcome = executor.execute(change);
            if (outcome == Outcome.APPLIED || outcome == Outcome.ALREADY_DONE) {
                mirror.record(change);
            } else if (outcome == Outcome.STALE && mayDumpAgain) {
                dumpAndReconcile();
                return;
            } else if (outcome == Outcome.STALE) {
                dumpPending = true;
            }
        }
        forgetEmptyRetired();
    }

    /**
     * Retires the links that were configured at the last plan and no longer are, because
     * they were renamed or left the configuration, so that their tables are emptied.
     */
    private void updateRetired(NetworkState state) {
        Set<Integer> current = state.links().values().stream()
                .filter(link -> linkNames.contains(link.name()))
                .map(Link::ifindex)
                .collect(Collectors.toCollection(TreeSet::new));
        for (int ifindex : current) {
            if (!managed.contains(ifindex)) {
                log.info("policy routing manages link link={} ifindex={} table={}",
                        state.link(ifindex).map(Link::name).orElseThrow(), ifindex,
                        PolicyTables.tableOf(ifindex));
            }
        }
        for (int ifindex : managed) {
            if (!current.contains(ifindex) && state.link(ifindex).isPresent()) {
                retired.add(ifindex);
                log.info("policy routing releases link, its name is no longer configured"
                        + " link={} ifindex={} table={}", state.link(ifindex).get().name(),
                        ifindex, PolicyTables.tableOf(ifindex));
            }
        }
        retired.removeAll(current);
        retired.removeIf(ifindex -> state.link(ifindex).isEmpty());
        managed = current;
    }

    private void forgetEmptyRetired() {
        NetworkState state = mirror.snapshot();
        retired.removeIf(ifindex -> {
            long table = PolicyTables.tableOf(ifindex);
            return state.rules().stream().noneMatch(rule -> rule.table() == table)
                    && state.routes().stream().noneMatch(route -> route.table() == table);
        });
    }

    private void logWaiting(List<Subject> subjects) {
        Set<Integer> now = new HashSet<>();
        for (Subject subject : subjects) {
            now.add(subject.ifindex());
            if (!waiting.contains(subject.ifindex())) {
                log.info("policy routing waits for an IPv4 gateway link={} ifindex={} table={}:"
                        + " the link has no default route in the main table, no DHCP lease"
                        + " router, and the main table has no default route", subject.link(),
                        subject.ifindex(), subject.table());
            }
        }
        waiting = now;
    }

    private String names() {
        return String.join(" ", new TreeSet<>(linkNames));
    }
}
