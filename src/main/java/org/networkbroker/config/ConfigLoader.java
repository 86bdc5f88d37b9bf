package org.networkbroker.config;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * Reads {@code network-broker.toml}. Section and key names are matched ignoring case, as the
 * original broker's configuration library did, and every unknown section or key is an error
 * rather than a silently ignored typo.
 */
public final class ConfigLoader {

    /** The default configuration file. */
    public static final Path DEFAULT_FILE = Path.of("/etc/network-broker/network-broker.toml");
    /** Overrides {@code [System] LogLevel}, as in the original broker. */
    public static final String LOG_LEVEL_VARIABLE = "NETWORK_EVENT_LOG_LEVEL";
    /** Overrides {@code [System] LogFormat}, as in the original broker. */
    public static final String LOG_FORMAT_VARIABLE = "NETWORK_EVENT_LOG_FORMAT";

    static final long MAX_TIMEOUT_SECONDS = 24 * 60 * 60;
    /** IFNAMSIZ from <net/if.h> is 16 bytes including the terminating NUL. */
    static final int MAX_LINK_NAME = 15;

    private ConfigLoader() {
    }

    /**
     * Reads a configuration file; a missing file means the defaults.
     *
     * @param file the file to read
     * @return the settings
     * @throws ConfigException if the file cannot be read, is not valid TOML, or contains an
     *         unknown section or key or a bad value
     */
    public static BrokerConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return BrokerConfig.defaults();
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read configuration file " + file
                    + ": permission denied", e);
        } catch (MalformedInputException e) {
            throw new ConfigException("cannot read configuration file " + file
                    + ": not UTF-8 text; TOML files are UTF-8", e);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw new ConfigException("cannot read configuration file " + file
                        + ": it is a folder, expected a TOML file", e);
            }
            throw new ConfigException("cannot read configuration file " + file + ": " + e, e);
        }
        return parse(file, text);
    }

    /**
     * Parses configuration text.
     *
     * @param file the file name used in error messages
     * @param text the TOML text
     * @return the settings
     * @throws ConfigException if the text is not valid TOML or contains an unknown section or
     *         key or a bad value
     */
    public static BrokerConfig parse(Path file, String text) throws ConfigException {
        if (TomlLines.isOnlyComments(text)) {
            // Skips loading the TOML parser, which costs about 6 MiB and 100 ms at start-up.
            return BrokerConfig.defaults();
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (JacksonException e) {
            throw syntaxError(file, text, e);
        }
        ConfigReader reader = new ConfigReader(file, text);
        return reader.read(root);
    }

    /**
     * Builds the message for text the TOML parser rejected. The parser's own message lacks the
     * name of a repeated key or table and places it where parsing stopped, so those two are
     * found in the text. An unquoted word gets a hint, because that is the usual mistake.
     */
    private static ConfigException syntaxError(Path file, String text, JacksonException e) {
        String message = e.getOriginalMessage();
        if (message.startsWith("Duplicate key")) {
            TomlLines.Repeat repeat = TomlLines.firstRepeatedKey(text);
            if (repeat != null) {
                return new ConfigException(place(file, repeat.line()) + "invalid TOML: key "
                        + repeat.name() + " is written twice in its table", e);
            }
        }
        if (message.startsWith("Table redefined")) {
            TomlLines.Repeat repeat = TomlLines.firstRepeatedSection(text);
            if (repeat != null) {
                return new ConfigException(place(file, repeat.line()) + "invalid TOML: section ["
                        + repeat.name() + "] is written twice", e);
            }
        }
        TokenStreamLocation location = e.getLocation();
        int line = location == null ? 0 : location.getLineNr();
        String hint = message.contains("More data after value") || message.contains("Unknown")
                || message.contains("Invalid value")
                ? "; a text value needs quotes, for example LogLevel = \"info\""
                : "; expected TOML as in network-broker.toml(5)";
        return new ConfigException(place(file, line) + "invalid TOML: "
                + message.replace('\n', ' ') + hint, e);
    }

    /**
     * Applies {@code NETWORK_EVENT_LOG_LEVEL} and {@code NETWORK_EVENT_LOG_FORMAT}.
     *
     * @param config the settings from the file
     * @param environment the process environment
     * @return the settings with the variables applied
     * @throws ConfigException if a variable is set to an unknown value
     */
    public static BrokerConfig applyEnvironment(BrokerConfig config,
            Map<String, String> environment) throws ConfigException {
        LogLevel level = config.logLevel();
        LogFormat format = config.logFormat();
        String levelName = environment.get(LOG_LEVEL_VARIABLE);
        if (levelName != null && !levelName.isEmpty()) {
            level = LogLevel.parse(levelName).orElseThrow(() -> new ConfigException("invalid "
                    + LOG_LEVEL_VARIABLE + " \"" + levelName + "\" in the environment: expected "
                    + LogLevel.EXPECTED));
        }
        String formatName = environment.get(LOG_FORMAT_VARIABLE);
        if (formatName != null && !formatName.isEmpty()) {
            format = LogFormat.parse(formatName).orElseThrow(() -> new ConfigException(
                    "invalid " + LOG_FORMAT_VARIABLE + " \"" + formatName
                    + "\" in the environment: expected " + LogFormat.EXPECTED));
        }
        return config.withLogging(level, format);
    }

    /** Returns whether a name is one the kernel accepts as an interface name. */
    static boolean isLinkName(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_LINK_NAME || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    /** Shows a value as it would be written in TOML, cut to 60 characters. */
    static String show(JsonNode value) {
        String shown = value.isString() ? "\"" + value.stringValue() + "\"" : value.toString();
        return shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
    }

    static String place(Path file, int line) {
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }

    /** Reads the sections and keys of one parsed file. */
    private static final class ConfigReader {
        private final Path file;
        private final String text;

        private LogLevel logLevel = LogLevel.INFO;
        private LogFormat logFormat = LogFormat.TEXT;
        private String generator = BrokerConfig.GENERATOR_NETWORKD;
        private List<String> dhclientLeaseFiles = BrokerConfig.DEFAULT_DHCLIENT_LEASE_FILES;
        private Duration scriptTimeout = BrokerConfig.DEFAULT_SCRIPT_TIMEOUT;
        private Optional<List<String>> links = Optional.empty();
        private List<String> routingPolicyRules = List.of();
        private boolean emitJson = true;
        private boolean useDns;
        private boolean useDomain;
        private boolean useHostname;

        ConfigReader(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        BrokerConfig read(JsonNode root) throws ConfigException {
            // Before the duplicate check: [network] and [Network.Sub] would look like [Network]
            // written twice.
            rejectNestedSections(root);
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, JsonNode> section : root.properties()) {
                String name = section.getKey();
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw error(lineOfSection(name), "duplicate section [" + name
                            + "] (names are compared ignoring case)");
                }
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "system" -> readSection(name, section.getValue(), this::readSystemKey);
                    case "network" -> readSection(name, section.getValue(),
                            this::readNetworkKey);
                    default -> throw unknownTopLevelName(name, section.getValue());
                }
            }
            return new BrokerConfig(logLevel, logFormat, generator, dhclientLeaseFiles,
                    scriptTimeout, links, routingPolicyRules, emitJson, useDns, useDomain,
                    useHostname);
        }

        private void rejectNestedSections(JsonNode root) throws ConfigException {
            for (Map.Entry<String, JsonNode> section : root.properties()) {
                for (Map.Entry<String, JsonNode> entry : section.getValue().properties()) {
                    if (entry.getValue().isObject()) {
                        String table = section.getKey() + "." + entry.getKey();
                        // NOTE: headers written [Network."Sub"] or [ Network . Sub ] and dotted
                        // keys such as Sub.a = 1 are not found, so their message has no line.
                        int line = lineOfSection(table);
                        throw error(line > 0 ? line : lineOfKey(section.getKey(), entry.getKey()),
                                "unknown section [" + table + "]: expected only [System] and"
                                + " [Network], which have no sections inside them");
                    }
                }
            }
        }

        /**
         * Builds the error for a top-level name other than System or Network. Such a name is
         * either a section header or a key written before the first header.
         */
        private ConfigException unknownTopLevelName(String name, JsonNode value) {
            if (!value.isObject()) {
                return error(lineOfKey(null, name), "invalid key " + name + " outside a"
                        + " section: expected it below a [System] or [Network] header");
            }
            return error(lineOfSection(name), "unknown section [" + name
                    + "]: expected [System] or [Network]");
        }

        private interface KeyReader {
            void read(String section, String key, JsonNode value) throws ConfigException;
        }

        private void readSection(String section, JsonNode node, KeyReader keys)
                throws ConfigException {
            if (!node.isObject()) {
                throw error(lineOfKey(null, section), "invalid key " + section
                        + " outside a section: expected a section [" + section + "]");
            }
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String key = entry.getKey();
                if (!seen.add(key.toLowerCase(Locale.ROOT))) {
                    throw error(lineOfKey(section, key), "duplicate key " + key + " in ["
                            + section + "] (names are compared ignoring case)");
                }
                keys.read(section, key, entry.getValue());
            }
        }

        private void readSystemKey(String section, String key, JsonNode value)
                throws ConfigException {
            switch (key.toLowerCase(Locale.ROOT)) {
                case "loglevel" -> logLevel = LogLevel.parse(string(section, key, value))
                        .orElseThrow(() -> invalid(section, key, value, LogLevel.EXPECTED));
                case "logformat" -> logFormat = LogFormat.parse(string(section, key, value))
                        .orElseThrow(() -> invalid(section, key, value, LogFormat.EXPECTED));
                case "generator" -> generator = generator(section, key, value);
                case "dhclientleasefiles" -> dhclientLeaseFiles =
                        leaseFiles(section, key, value);
                case "scripttimeoutsec" -> scriptTimeout = Duration.ofSeconds(
                        integer(section, key, value, 1, MAX_TIMEOUT_SECONDS));
                default -> throw error(lineOfKey(section, key), "unknown key " + key + " in ["
                        + section + "]: expected LogLevel, LogFormat, Generator,"
                        + " DHClientLeaseFiles or ScriptTimeoutSec");
            }
        }

        private void readNetworkKey(String section, String key, JsonNode value)
                throws ConfigException {
            switch (key.toLowerCase(Locale.ROOT)) {
                // An empty list means all links, as in the original broker.
                case "links" -> links = Optional.of(linkNames(section, key, value))
                        .filter(names -> !names.isEmpty());
                case "routingpolicyrules" -> routingPolicyRules = linkNames(section, key, value);
                case "emitjson" -> emitJson = bool(section, key, value);
                case "usedns" -> useDns = bool(section, key, value);
                case "usedomain" -> useDomain = bool(section, key, value);
                case "usehostname" -> useHostname = bool(section, key, value);
                default -> throw error(lineOfKey(section, key), "unknown key " + key + " in ["
                        + section + "]: expected Links, RoutingPolicyRules, EmitJSON, UseDNS,"
                        + " UseDomain or UseHostname");
            }
        }

        private String string(String section, String key, JsonNode value)
                throws ConfigException {
            if (!value.isString()) {
                throw invalid(section, key, value, "a quoted string");
            }
            return value.stringValue();
        }

        private String generator(String section, String key, JsonNode value)
                throws ConfigException {
            String name = string(section, key, value);
            if (BrokerConfig.GENERATOR_NETWORKD.equals(name)
                    || BrokerConfig.GENERATOR_DHCLIENT.equals(name)) {
                return name;
            }
            throw invalid(section, key, value, "\"" + BrokerConfig.GENERATOR_NETWORKD
                    + "\" or \"" + BrokerConfig.GENERATOR_DHCLIENT + "\"");
        }

        /**
         * Reads lease file paths: absolute, separated by spaces or given as an array, with glob
         * patterns allowed in the file name only, because only a fixed folder can be watched.
         */
        private List<String> leaseFiles(String section, String key, JsonNode value)
                throws ConfigException {
            String expected = "absolute file paths separated by spaces, or an array of them;"
                    + " * and ? are allowed in the file name only";
            List<String> paths = words(section, key, value, expected);
            for (String path : paths) {
                int slash = path.lastIndexOf('/');
                boolean globInFolder = slash >= 0 && path.substring(0, slash)
                        .chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
                if (!path.startsWith("/") || path.endsWith("/") || globInFolder) {
                    throw error(lineOfKey(section, key), "invalid path \"" + path + "\" in "
                            + key + " in [" + section + "]: expected " + expected);
                }
            }
            return paths;
        }

        private long integer(String section, String key, JsonNode value, long min, long max)
                throws ConfigException {
            String expected = "a whole number of seconds from " + min + " to " + max;
            long number;
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                number = value.longValue();
            } else if (value.isString() && value.stringValue().strip().matches("[0-9]{1,18}")) {
                number = Long.parseLong(value.stringValue().strip());
            } else {
                throw invalid(section, key, value, expected);
            }
            if (number < min || number > max) {
                throw invalid(section, key, value, expected);
            }
            return number;
        }

        /** Reads a TOML boolean, or a quoted word as the original broker accepted. */
        private boolean bool(String section, String key, JsonNode value)
                throws ConfigException {
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isString()) {
                switch (value.stringValue().strip().toLowerCase(Locale.ROOT)) {
                    case "true", "yes", "on", "1" -> {
                        return true;
                    }
                    case "false", "no", "off", "0" -> {
                        return false;
                    }
                    default -> {
                    }
                }
            }
            throw invalid(section, key, value, "true or false");
        }

        /** Reads link names from a space-separated string or an array of strings. */
        private List<String> linkNames(String section, String key, JsonNode value)
                throws ConfigException {
            List<String> names = words(section, key, value,
                    "link names in one string such as \"eth0 eth1\", or an array of strings");
            for (String name : names) {
                if (!isLinkName(name)) {
                    throw error(lineOfKey(section, key), "invalid link name \"" + name
                            + "\" in " + key + " in [" + section + "]: expected 1 to "
                            + MAX_LINK_NAME + " bytes without '/', ':' or whitespace, not"
                            + " \".\" or \"..\"");
                }
            }
            return List.copyOf(new LinkedHashSet<>(names));
        }

        /** Reads words from a string separated by whitespace, or from an array of strings. */
        private List<String> words(String section, String key, JsonNode value, String expected)
                throws ConfigException {
            List<String> words = new ArrayList<>();
            if (value.isString()) {
                for (String word : value.stringValue().strip().split("\\s+")) {
                    if (!word.isEmpty()) {
                        words.add(word);
                    }
                }
            } else if (value.isArray()) {
                for (JsonNode element : value.values()) {
                    if (!element.isString()) {
                        throw invalid(section, key, value, expected);
                    }
                    words.add(element.stringValue());
                }
            } else {
                throw invalid(section, key, value, expected);
            }
            return words;
        }

        private ConfigException invalid(String section, String key, JsonNode value,
                String expected) {
            return error(lineOfKey(section, key), "invalid " + key + " " + show(value)
                    + " in [" + section + "]: expected " + expected);
        }

        ConfigException error(int line, String message) {
            return new ConfigException(place(file, line) + message);
        }

        int lineOfSection(String section) {
            return TomlLines.sectionLine(text, section);
        }

        int lineOfKey(String section, String key) {
            return TomlLines.keyLine(text, section, key);
        }
    }
}
