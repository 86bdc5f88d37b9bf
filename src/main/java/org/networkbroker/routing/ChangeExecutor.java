package org.networkbroker.routing;

import java.time.Duration;
import java.util.Optional;
import org.networkbroker.log.RepeatLimiter;
import org.networkbroker.netlink.AddressText;
import org.networkbroker.netlink.ErrnoException;
import org.networkbroker.netlink.NetlinkException;
import org.networkbroker.netlink.Route;
import org.networkbroker.netlink.Rule;
import org.networkbroker.routing.Change.AddRoute;
import org.networkbroker.routing.Change.AddRule;
import org.networkbroker.routing.Change.DeleteRoute;
import org.networkbroker.routing.Change.DeleteRule;
import org.networkbroker.routing.Change.ReplaceRoute;
import org.networkbroker.routing.Change.Subject;
import org.networkbroker.system.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one {@link Change} to the kernel and logs the result: each change at info, a change
 * that the kernel had made already at debug, and a failure at warn with the errno name. The
 * same failure of the same change is logged at most once a minute, because the next plan
 * tries the change again.
 */
final class ChangeExecutor {

    /** The outcome of a change. */
    enum Outcome {
        /** The kernel made the change. */
        APPLIED,
        /** The kernel had the change already: EEXIST for a rule, ENOENT or ESRCH on delete. */
        ALREADY_DONE,
        /** The kernel rejected the change, and the state is as before. */
        FAILED,
        /** A route add failed with EEXIST, so the mirror missed a route: dump again. */
        STALE
    }

    private static final Logger log = LoggerFactory.getLogger(ChangeExecutor.class);

    private final RoutingKernel kernel;
    private final RepeatLimiter failures = new RepeatLimiter(Duration.ofMinutes(1));

    ChangeExecutor(RoutingKernel kernel) {
        this.kernel = kernel;
    }

    /**
     * Sends a change and logs its outcome.
     *
     * @param change the change
     * @return the outcome. The caller records APPLIED and ALREADY_DONE changes in its mirror.
     */
    Outcome execute(Change change) {
        try {
            send(change);
        } catch (ErrnoException e) {
            return handleError(change, e);
        } catch (NetlinkException e) {
            warnFailure(change, "none", e);
            return Outcome.FAILED;
        }
        log.info("policy routing changed {} {}", subjectFields(change), done(change));
        return Outcome.APPLIED;
    }

    private void send(Change change) throws NetlinkException {
        switch (change) {
            case AddRule add -> kernel.addRule(add.rule());
            case DeleteRule delete -> kernel.deleteRule(delete.rule());
            case AddRoute add -> kernel.addRoute(add.route());
            case ReplaceRoute replace -> kernel.replaceRoute(replace.route());
            case DeleteRoute delete -> kernel.deleteRoute(delete.route());
        }
    }

    private Outcome handleError(Change change, ErrnoException error) {
        int errno = error.errno();
        boolean deletion = change instanceof DeleteRule || change instanceof DeleteRoute;
        boolean alreadyDone = (change instanceof AddRule && errno == Errno.EEXIST)
                || (deletion && (errno == Errno.ENOENT || errno == Errno.ESRCH));
        if (alreadyDone) {
            log.debug("policy routing change was in place already {} {} errno={}",
                    subjectFields(change), done(change), error.errnoName());
            return Outcome.ALREADY_DONE;
        }
        if (change instanceof AddRoute && errno == Errno.EEXIST) {
            log.debug("policy table has an unexpected default route, dumping again {} {}"
                    + " errno={}", subjectFields(change), done(change), error.errnoName());
            return Outcome.STALE;
        }
        warnFailure(change, error.errnoName(), error);
        return Outcome.FAILED;
    }

    private void warnFailure(Change change, String errnoName, NetlinkException error) {
        String subject = subjectFields(change);
        String attempt = attempted(change);
        if (failures.admit(subject + " " + attempt + " " + errnoName) < 0) {
            return;
        }
        log.warn("policy routing change failed {} {} errno={} error=\"{}\"", subject, attempt,
                errnoName, error.getMessage());
    }

    /** Returns for example {@code link=eth1 ifindex=3 address=192.0.2.21 table=10002}. */
    private static String subjectFields(Change change) {
        Subject subject = change.subject();
        StringBuilder text = new StringBuilder()
                .append("link=").append(subject.link())
                .append(" ifindex=").append(subject.ifindex());
        hostRule(change).ifPresent(host -> text.append(" address=").append(host.addressText()));
        return text.append(" table=").append(subject.table()).toString();
    }

    /** Returns the fields that describe the change made, such as {@code rule=added}. */
    private static String done(Change change) {
        return switch (change) {
            case AddRule add -> "rule=added selector=" + selector(add.rule());
            case DeleteRule delete -> "rule=removed selector=" + selector(delete.rule());
            case AddRoute add -> "route=added gateway=" + gateway(add.route());
            case ReplaceRoute replace -> "route=replaced gateway=" + gateway(replace.route())
                    + " previous=" + gateway(replace.previous());
            case DeleteRoute delete -> "route=removed gateway=" + gateway(delete.route());
        };
    }

    /** Returns the fields that describe the change tried, such as {@code rule=add}. */
    private static String attempted(Change change) {
        return switch (change) {
            case AddRule add -> "rule=add selector=" + selector(add.rule());
            case DeleteRule delete -> "rule=remove selector=" + selector(delete.rule());
            case AddRoute add -> "route=add gateway=" + gateway(add.route());
            case ReplaceRoute replace -> "route=replace gateway=" + gateway(replace.route())
                    + " previous=" + gateway(replace.previous());
            case DeleteRoute delete -> "route=remove gateway=" + gateway(delete.route());
        };
    }

    private static Optional<HostRule> hostRule(Change change) {
        return switch (change) {
            case AddRule add -> HostRule.of(add.rule());
            case DeleteRule delete -> HostRule.of(delete.rule());
            default -> Optional.empty();
        };
    }

    private static String selector(Rule rule) {
        return HostRule.of(rule).map(host -> host.selector().word()).orElse("other");
    }

    private static String gateway(Route route) {
        return route.gateway().map(AddressText::format).orElse("none");
    }
}
