package org.networkbroker.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.networkbroker.config.BrokerConfig;
import org.networkbroker.config.ConfigException;
import org.networkbroker.config.ConfigLoader;
import org.networkbroker.dispatch.Dispatcher;
import org.networkbroker.dispatch.LinkFilter;
import org.networkbroker.log.LogSetup;
import org.networkbroker.system.Capabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new configuration to the running broker on SIGHUP. The new file is read and
 * checked first; when it is invalid the running configuration stays. Otherwise the log
 * settings, {@code Links=}, {@code ScriptTimeoutSec=} and {@code RoutingPolicyRules=} change
 * in place and the script folders are rescanned. Events keep flowing meanwhile: the
 * dispatcher's queues are not touched, and an event picks up the new filter when it is
 * handled.
 */
final class ConfigReloader {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final DaemonSettings settings;
    private final Dispatcher dispatcher;
    private final SystemdNotifier notifier;
    private final Map<String, String> environment;
    private volatile BrokerConfig current;
    private final boolean fileExisted;
    private volatile Consumer<List<String>> routingLinks = links -> { };

    /**
     * Creates a reloader.
     *
     * @param settings the start-up settings: the file, the environment's and the command
     *        line's overrides
     * @param dispatcher the dispatcher whose filter and runner change
     * @param notifier receives {@code RELOADING=1} and {@code READY=1}
     * @param environment the process environment, for the log overrides
     */
    ConfigReloader(DaemonSettings settings, Dispatcher dispatcher, SystemdNotifier notifier,
            Map<String, String> environment) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.notifier = notifier;
        this.environment = Map.copyOf(environment);
        this.current = settings.config();
        this.fileExisted = Files.exists(settings.configFile());
    }

    /**
     * Sets what receives a reloaded {@code RoutingPolicyRules=}.
     *
     * @param receiver takes the new link names
     */
    void onRoutingLinks(Consumer<List<String>> receiver) {
        this.routingLinks = receiver;
    }

    /**
     * Returns the configuration in force.
     *
     * @return the start-up configuration, or the last one a reload applied
     */
    BrokerConfig current() {
        return current;
    }

    /**
     * Reads the configuration file again and applies it, or logs why it cannot and keeps the
     * running one.
     *
     * @param readyStatus the status line to send with {@code READY=1} afterwards
     * @return true when the new configuration was applied
     */
    boolean reload(java.util.function.Supplier<String> readyStatus) {
        notifier.reloading();
        log.info("reloading config={}", settings.configFile());
        Optional<BrokerConfig> next = read();
        next.ifPresent(this::apply);
        notifier.ready(readyStatus.get());
        return next.isPresent();
    }

    private Optional<BrokerConfig> read() {
        if (fileExisted && !Files.exists(settings.configFile())) {
            log.error("reload failed, keeping the running configuration: {} is gone",
                    settings.configFile());
            return Optional.empty();
        }
        BrokerConfig next;
        try {
            next = ConfigLoader.applyEnvironment(ConfigLoader.load(settings.configFile()),
                    environment);
        } catch (ConfigException e) {
            log.error("reload failed, keeping the running configuration: {}", e.getMessage());
            return Optional.empty();
        }
        if (settings.logLevelOverride().isPresent()) {
            next = next.withLogging(settings.logLevelOverride().get(), next.logFormat());
        }
        Optional<String> privilege = missingPrivilege(next);
        if (privilege.isPresent()) {
            log.error("reload failed, keeping the running configuration: {}", privilege.get());
            return Optional.empty();
        }
        return Optional.of(next);
    }

    private void apply(BrokerConfig next) {
        LogSetup.configure(next.logLevel(), next.logFormat(),
                environment.containsKey("JOURNAL_STREAM"));
        LinkFilter filter = new LinkFilter(next.links().map(Set::copyOf));
        dispatcher.setFilter(filter);
        dispatcher.scripts().runner().setTimeout(next.scriptTimeout());
        dispatcher.scripts().directories().rescan();
        routingLinks.accept(next.routingPolicyRules());
        current = next;
        log.info("reloaded config={} links=\"{}\" timeout={}s level={} format={}"
                + " routingPolicyRules={}", settings.configFile(), filter,
                next.scriptTimeout().toSeconds(), next.logLevel(), next.logFormat(),
                next.routingPolicyRules());
    }

    /**
     * Checks that the broker holds CAP_NET_ADMIN when {@code RoutingPolicyRules=} is set,
     * which changing rules needs.
     *
     * @param config the configuration to check
     * @return why the broker cannot run with it, or empty when it can
     */
    static Optional<String> missingPrivilege(BrokerConfig config) {
        if (config.routingPolicyRules().isEmpty()) {
            return Optional.empty();
        }
        Capabilities capabilities;
        try {
            capabilities = Capabilities.ofSelf();
        } catch (IOException e) {
            return Optional.of("cannot read the broker's capabilities: " + e.getMessage());
        }
        if (capabilities.has(Capabilities.CAP_NET_ADMIN)) {
            return Optional.empty();
        }
        return Optional.of("missing CAP_NET_ADMIN, which RoutingPolicyRules="
                + config.routingPolicyRules() + " needs: run the broker as root, or as a user"
                + " with AmbientCapabilities=CAP_NET_ADMIN in its unit (see the drop-in"
                + " run-as-network-broker.conf), or remove RoutingPolicyRules=");
    }
}
