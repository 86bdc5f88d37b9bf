/**
 * Policy routing for links named in {@code [Network] RoutingPolicyRules=}: per link a routing
 * table {@code 9999 + ifindex} with a default route through the link's gateway, and rules that
 * send traffic from and to the link's addresses to that table.
 *
 * <p>{@link org.networkbroker.routing.PolicyRouter} is the entry point. It keeps a mirror of
 * the kernel state ({@code KernelMirror}) current from dumps and netlink events, has
 * {@code PolicyPlanner} compute the changes as a pure function of that state and the
 * configuration, and has {@code ChangeExecutor} send them through an rtnetlink client and log
 * them. Changing rules and routes needs CAP_NET_ADMIN.
 */
package org.networkbroker.routing;
