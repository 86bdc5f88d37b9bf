package org.networkbroker.cli;

import java.util.List;

/**
 * The report of {@code network-broker status}, in the shape of its {@code --json} output.
 *
 * @param configFile the configuration file read
 * @param scriptSearchPath the folders searched for state folders, earliest first
 * @param busAddress the system bus address the links were read from
 * @param links the links systemd-networkd lists, in its order
 * @param linksError why the links could not be read, or null when they were
 * @param states the state folders present, in C-locale order of their state names
 */
record StatusReport(String configFile, List<String> scriptSearchPath, String busAddress,
        List<LinkStatus> links, String linksError, List<StateStatus> states) {

    /**
     * One link.
     *
     * @param ifindex the kernel's interface index
     * @param name the link's name
     * @param operationalState networkd's {@code OperationalState}, or null when unknown
     * @param setupState networkd's {@code AdministrativeState}, or null when unknown
     * @param watched whether {@code [Network] Links=} lets its events run scripts
     */
    record LinkStatus(int ifindex, String name, String operationalState, String setupState,
            boolean watched) {
    }

    /**
     * The scripts of one state folder.
     *
     * @param state the state name
     * @param scripts the scripts an event would run, in run order
     * @param skipped the files it would skip
     */
    record StateStatus(String state, List<ScriptStatus> scripts, List<SkippedStatus> skipped) {
    }

    /**
     * A script that would run.
     *
     * @param name its file name
     * @param path the file in the earliest search folder that has the name
     */
    record ScriptStatus(String name, String path) {
    }

    /**
     * A file that would be skipped.
     *
     * @param path the file
     * @param reason why it would be skipped
     * @param masked true for a symbolic link to {@code /dev/null}
     */
    record SkippedStatus(String path, String reason, boolean masked) {
    }
}
