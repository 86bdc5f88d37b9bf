package org.networkbroker.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings of {@code network-broker.toml}.
 *
 * @param logLevel {@code [System] LogLevel}
 * @param logFormat {@code [System] LogFormat}
 * @param generator {@code [System] Generator}, the event source
 * @param dhclientLeaseFiles {@code [System] DHClientLeaseFiles}: absolute paths of dhclient
 *        lease files, whose file names may contain glob patterns
 * @param scriptTimeout {@code [System] ScriptTimeoutSec}
 * @param links {@code [Network] Links}: the links whose events run scripts; empty when unset
 * @param routingPolicyRules {@code [Network] RoutingPolicyRules}
 * @param emitJson {@code [Network] EmitJSON}
 * @param useDns {@code [Network] UseDNS}
 * @param useDomain {@code [Network] UseDomain}
 * @param useHostname {@code [Network] UseHostname}
 */
public record BrokerConfig(
        LogLevel logLevel,
        LogFormat logFormat,
        String generator,
        List<String> dhclientLeaseFiles,
        Duration scriptTimeout,
        Optional<List<String>> links,
        List<String> routingPolicyRules,
        boolean emitJson,
        boolean useDns,
        boolean useDomain,
        boolean useHostname) {

    /** The event source that listens to systemd-networkd on the bus. */
    public static final String GENERATOR_NETWORKD = "systemd-networkd";
    /** The event source that watches ISC dhclient's lease files. */
    public static final String GENERATOR_DHCLIENT = "dhclient";
    /** Where dhclient keeps leases: the original broker's default and Debian's paths. */
    public static final List<String> DEFAULT_DHCLIENT_LEASE_FILES = List.of(
            "/var/lib/dhclient/dhclient.leases", "/var/lib/dhcp/dhclient*.leases");

    /** The default time a script may run. */
    public static final Duration DEFAULT_SCRIPT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Returns the settings used when the file is missing.
     *
     * @return the defaults
     */
    public static BrokerConfig defaults() {
        return new BrokerConfig(LogLevel.INFO, LogFormat.TEXT, GENERATOR_NETWORKD,
                DEFAULT_DHCLIENT_LEASE_FILES, DEFAULT_SCRIPT_TIMEOUT, Optional.empty(), List.of(), true, false, false, false);
    }

    /**
     * Returns a copy with other log settings.
     *
     * @param level the log level
     * @param format the log format
     * @return the changed copy
     */
    public BrokerConfig withLogging(LogLevel level, LogFormat format) {
        return new BrokerConfig(level, format, generator, dhclientLeaseFiles, scriptTimeout, links,
                routingPolicyRules, emitJson, useDns, useDomain, useHostname);
    }
}
