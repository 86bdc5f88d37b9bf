package org.networkbroker.dispatch;

import java.util.List;
import java.util.Map;

/**
 * The scripts one state would run, with the arguments and environment each of them gets.
 *
 * @param subject {@code link=eth0 ifindex=2}, or {@code manager}, for log lines
 * @param state the state that selected the scripts; for the manager, its operational state
 * @param scripts the scripts in run order, never empty
 * @param arguments the arguments, {@code $1} first
 * @param environment the complete environment, in a stable order
 */
public record ScriptPlan(String subject, String state, List<Script> scripts,
        List<String> arguments, Map<String, String> environment) {

    /** Copies the lists; the environment is kept as given, in its order. */
    public ScriptPlan {
        scripts = List.copyOf(scripts);
        arguments = List.copyOf(arguments);
    }
}
