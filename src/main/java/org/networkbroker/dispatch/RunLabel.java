package org.networkbroker.dispatch;

/**
 * Names one script run in log lines.
 *
 * @param subject {@code link=eth0 ifindex=2}, or {@code manager} for manager events
 * @param state the state that selected the script; for the manager, its operational state
 * @param script the script's file name
 */
record RunLabel(String subject, String state, String script) {
}
