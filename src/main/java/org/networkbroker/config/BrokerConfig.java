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
        Duration scriptTimeout,
        Optional<List<String>> links,
        List<String> routingPolicyRules,
        boolean emitJson,
        boolean useDns,
        boolean useDomain,
        boolean useHostname) {

    /** The only event source this version has. */
    public static final String GENERATOR_NETWORKD = "systemd-networkd";

    /** The default time a script may run. */
    public static final Duration DEFAULT_SCRIPT_TIMEOUT = Duration.ofSeconds(20);

    /**
     * Returns the settings used when the file is missing.
     *
     * @return the defaults
     */
    public static BrokerConfig defaults() {
        return new BrokerConfig(LogLevel.INFO, LogFormat.TEXT, GENERATOR_NETWORKD,
                DEFAULT_SCRIPT_TIMEOUT, Optional.empty(), List.of(), true, false, false, false);
    }

    /**
     * Returns a copy with other log settings.
     *
     * @param level the log level
     * @param format the log format
     * @return the changed copy
     */
    public BrokerConfig withLogging(LogLevel level, LogFormat format) {
        return new BrokerConfig(level, format, generator, scriptTimeout, links,
                routingPolicyRules, emitJson, useDns, useDomain, useHostname);
    }
}
