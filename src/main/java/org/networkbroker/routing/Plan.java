package org.networkbroker.routing;

import java.util.List;
import org.networkbroker.routing.Change.Subject;

/**
 * The result of {@link PolicyPlanner#plan}: the kernel requests that bring the kernel to the
 * wanted state, in the order to send them.
 *
 * @param changes route additions and replacements first, then rule additions, then rule
 *         deletions, then route deletions. So a table gets its route before the rules that
 *         point to it, and loses it after them.
 * @param waitingForGateway the configured links that have IPv4 addresses but no IPv4
 *         gateway, and so get no IPv4 route or rules yet
 */
record Plan(List<Change> changes, List<Subject> waitingForGateway) {

    /** Creates a plan from unmodifiable copies of the lists. */
    Plan {
        changes = List.copyOf(changes);
        waitingForGateway = List.copyOf(waitingForGateway);
    }
}
