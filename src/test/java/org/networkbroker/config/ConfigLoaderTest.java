package org.networkbroker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    @TempDir
    Path folder;

    private Path file;

    @Test
    void loadOfMissingFileGivesDefaults() throws ConfigException {
        BrokerConfig config = ConfigLoader.load(folder.resolve("network-broker.toml"));

        assertThat(config).as("settings without a configuration file")
                .isEqualTo(BrokerConfig.defaults());
        assertThat(config.logLevel()).as("default LogLevel").isEqualTo(LogLevel.INFO);
        assertThat(config.logFormat()).as("default LogFormat").isEqualTo(LogFormat.TEXT);
        assertThat(config.generator()).as("default Generator").isEqualTo("systemd-networkd");
        assertThat(config.scriptTimeout()).as("default ScriptTimeoutSec")
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(config.links()).as("default Links").isEmpty();
        assertThat(config.routingPolicyRules()).as("default RoutingPolicyRules").isEmpty();
        assertThat(config.emitJson()).as("default EmitJSON").isTrue();
        assertThat(config.useDns()).as("default UseDNS").isFalse();
        assertThat(config.useDomain()).as("default UseDomain").isFalse();
        assertThat(config.useHostname()).as("default UseHostname").isFalse();
    }

    @Test
    void loadOfEmptyFileGivesDefaults() throws ConfigException {
        assertThat(load("")).as("settings of an empty file").isEqualTo(BrokerConfig.defaults());
    }

    @Test
    void loadParsesEveryKey() throws ConfigException {
        BrokerConfig config = load("""
                # All keys that network-broker reads.
                [System]
                LogLevel = "debug"
                LogFormat = "json"
                Generator = "systemd-networkd"
                ScriptTimeoutSec = 45

                [Network]
                Links = "eth0 eth1"
                RoutingPolicyRules = "eth1 eth2"
                EmitJSON = false
                UseDNS = true
                UseDomain = true
                UseHostname = true
                """);

        assertThat(config.logLevel()).as("LogLevel").isEqualTo(LogLevel.DEBUG);
        assertThat(config.logFormat()).as("LogFormat").isEqualTo(LogFormat.JSON);
        assertThat(config.generator()).as("Generator").isEqualTo("systemd-networkd");
        assertThat(config.scriptTimeout()).as("ScriptTimeoutSec")
                .isEqualTo(Duration.ofSeconds(45));
        assertThat(config.links()).as("Links").contains(List.of("eth0", "eth1"));
        assertThat(config.routingPolicyRules()).as("RoutingPolicyRules")
                .containsExactly("eth1", "eth2");
        assertThat(config.emitJson()).as("EmitJSON").isFalse();
        assertThat(config.useDns()).as("UseDNS").isTrue();
        assertThat(config.useDomain()).as("UseDomain").isTrue();
        assertThat(config.useHostname()).as("UseHostname").isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "true    | true",
        "false   | false",
        "\"true\"  | true",
        "\"false\" | false",
        "\"yes\"   | true",
        "\"no\"    | false",
        "\"Yes\"   | true",
        "\"NO\"    | false",
        "\"on\"    | true",
        "\"off\"   | false",
        "\"1\"     | true",
        "\"0\"     | false",
    })
    void loadReadsBooleanForms(String written, boolean expected) throws ConfigException {
        BrokerConfig config = load("[Network]\nUseDNS = " + written + "\nEmitJSON = "
                + written + "\n");

        assertThat(config.useDns()).as("UseDNS = %s", written).isEqualTo(expected);
        assertThat(config.emitJson()).as("EmitJSON = %s", written).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"eth0 eth1\"", "\"  eth0\teth1  \"", "[\"eth0\", \"eth1\"]",
        "\"eth0 eth1 eth0\""})
    void loadReadsLinksForms(String written) throws ConfigException {
        BrokerConfig config = load("[Network]\nLinks = " + written + "\n");

        assertThat(config.links()).as("Links = %s", written)
                .isEqualTo(Optional.of(List.of("eth0", "eth1")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"  \"", "[]"})
    void loadReadsEmptyLinksAsUnset(String written) throws ConfigException {
        BrokerConfig config = load("[Network]\nLinks = " + written + "\n");

        assertThat(config.links()).as("Links for %s, which the original read as all links",
                written).isEmpty();
    }

    @Test
    void loadKeepsLinksNamesExact() throws ConfigException {
        BrokerConfig config = load("[Network]\nLinks = \"eth1\"\n");

        assertThat(config.links()).as("Links = \"eth1\"").isEqualTo(Optional.of(List.of("eth1")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"30 | 30", "\"30\" | 30", "1 | 1", "86400 | 86400"})
    void loadReadsScriptTimeoutForms(String written, long seconds) throws ConfigException {
        BrokerConfig config = load("[System]\nScriptTimeoutSec = " + written + "\n");

        assertThat(config.scriptTimeout()).as("ScriptTimeoutSec = %s", written)
                .isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({
        "error, ERROR", "fatal, ERROR", "panic, ERROR", "warn, WARN", "warning, WARN",
        "info, INFO", "debug, DEBUG", "trace, TRACE", "DEBUG, DEBUG", "Warning, WARN",
    })
    void loadMapsLogLevelNames(String written, LogLevel expected) throws ConfigException {
        BrokerConfig config = load("[System]\nLogLevel = \"" + written + "\"\n");

        assertThat(config.logLevel()).as("LogLevel = \"%s\"", written).isEqualTo(expected);
    }

    @Test
    void loadIgnoresCaseOfNames() throws ConfigException {
        BrokerConfig config = load("""
                [system]
                loglevel = "debug"
                LOGFORMAT = "JSON"
                scriptTimeoutSEC = 7
                [NETWORK]
                links = "eth0"
                emitjson = false
                """);

        assertThat(config.logLevel()).as("loglevel in [system]").isEqualTo(LogLevel.DEBUG);
        assertThat(config.logFormat()).as("LOGFORMAT in [system]").isEqualTo(LogFormat.JSON);
        assertThat(config.scriptTimeout()).as("scriptTimeoutSEC in [system]")
                .isEqualTo(Duration.ofSeconds(7));
        assertThat(config.links()).as("links in [NETWORK]").contains(List.of("eth0"));
        assertThat(config.emitJson()).as("emitjson in [NETWORK]").isFalse();
    }

    @Test
    void shippedExampleMeansDefaults() throws ConfigException {
        BrokerConfig config = ConfigLoader.load(Path.of("distribution/network-broker.toml"));

        assertThat(config).as("settings of the shipped example, every key commented out")
                .isEqualTo(BrokerConfig.defaults());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "# a comment\n  # indented\r\n\t# tab\n",
            "#[System]\n#LogLevel = \"debug\"\n"})
    void onlyCommentsFound(String text) {
        assertThat(TomlLines.isOnlyComments(text)).as("only comments in %s", text).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"[System]\n", "# a comment\nLogLevel = \"info\"\n",
            "# a comment with \u0001\n", "\u00a0# after a no-break space\n", "\ufeff# x\n",
            "# ends in a bare CR\r", "\r", "# a\r\n# b\r", "# byte order mark \ufeff\n"})
    void contentFound(String text) {
        assertThat(TomlLines.isOnlyComments(text)).as("only comments in %s", text).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"# ends in a bare CR\r", "# byte order mark \ufeff\n"})
    void loadRejectsStrayCrOrBomInComment(String text) {
        ConfigException error = loadError(text);

        assertThat(error.getMessage()).as("message for %s", text).contains("invalid TOML");
    }

    @Test
    void loadRejectsControlCharacterInComment() {
        ConfigException error = loadError("# a comment with \u0001 in it\n");

        assertThat(error.getMessage()).as("message for a control character in a comment")
                .contains(file + ":1:")
                .contains("invalid TOML");
    }

    @Test
    void loadReportsMalformedTomlLine() {
        ConfigException error = loadError("""
                [System]
                LogLevel = "debug"
                LogFormat = "text
                """);

        assertThat(error.getMessage()).as("message for an unterminated string")
                .contains(file.toString())
                .contains(file + ":3:")
                .contains("invalid TOML")
                .contains("expected TOML as in network-broker.toml(5)");
    }

    @Test
    void loadRejectsSectionInsideSection() {
        ConfigException error = loadError("""
                [Network]
                Links = "eth0"

                [Network.Extra]
                EmitJSON = false
                """);

        assertThat(error.getMessage()).as("message for section [Network.Extra]")
                .contains(file + ":4:")
                .contains("unknown section [Network.Extra]")
                .contains("expected only [System] and [Network]");
    }

    @Test
    void loadNamesNestedSectionBeforeDuplicate() {
        ConfigException error = loadError("""
                [network]
                [Network.Sub]
                """);

        assertThat(error.getMessage()).as("message for [Network.Sub] after [network]")
                .contains(file + ":2:")
                .contains("unknown section [Network.Sub]")
                .doesNotContain("duplicate");
    }

    @Test
    void loadRejectsUnknownSection() {
        ConfigException error = loadError("""
                [System]
                LogLevel = "debug"

                [Sytem]
                LogFormat = "json"
                """);

        assertThat(error.getMessage()).as("message for section [Sytem]")
                .contains(file + ":4:")
                .contains("unknown section [Sytem]")
                .contains("expected [System] or [Network]");
    }

    @Test
    void loadRejectsUnknownKey() {
        ConfigException error = loadError("[System]\nLogLevel = \"info\"\nLogLevle = \"debug\"\n");

        assertErrorNames(error, 3, "LogLevle", "expected LogLevel, LogFormat, Generator,"
                + " DHClientLeaseFiles or ScriptTimeoutSec");
    }

    @Test
    void loadRejectsUnknownNetworkKey() {
        ConfigException error = loadError("[Network]\nLink = \"eth0\"\n");

        assertErrorNames(error, 2, "Link", "expected Links, RoutingPolicyRules");
    }

    @Test
    void loadRejectsKeyOutsideSection() {
        ConfigException error = loadError("LogLevel = \"debug\"\n[System]\nLogFormat = \"json\"\n");

        assertErrorNames(error, 1, "LogLevel", "expected");
        assertThat(error.getMessage()).as("message for LogLevel before any section")
                .contains("outside a section");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"verbose\"", "\"\"", "3", "true", "[\"debug\"]"})
    void loadRejectsBadLogLevel(String written) {
        ConfigException error = loadError("[System]\nLogFormat = \"text\"\nLogLevel = "
                + written + "\n");

        assertErrorNames(error, 3, "LogLevel", "expected");
    }

    @Test
    void loadNamesExpectedLogLevels() {
        ConfigException error = loadError("[System]\nLogLevel = \"verbose\"\n");

        assertThat(error.getMessage()).as("message for LogLevel \"verbose\"").isEqualTo(file
                + ":2: invalid LogLevel \"verbose\" in [System]: expected error, warn, info,"
                + " debug or trace");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"xml\"", "\"\"", "1"})
    void loadRejectsBadLogFormat(String written) {
        ConfigException error = loadError("[System]\nLogFormat = " + written + "\n");

        assertErrorNames(error, 2, "LogFormat", "expected");
    }

    @Test
    void loadAcceptsDhclientGenerator() throws ConfigException {
        BrokerConfig config = load("""
                [System]
                Generator = "dhclient"
                DHClientLeaseFiles = "/var/lib/dhcp/dhclient.eth0.leases /srv/leases/*.leases"
                """);

        assertThat(config.generator()).as("Generator").isEqualTo("dhclient");
        assertThat(config.dhclientLeaseFiles()).as("DHClientLeaseFiles")
                .containsExactly("/var/lib/dhcp/dhclient.eth0.leases", "/srv/leases/*.leases");
    }

    @Test
    void loadDefaultsDhclientLeaseFiles() throws ConfigException {
        BrokerConfig config = load("[System]\nGenerator = \"dhclient\"\n");

        assertThat(config.dhclientLeaseFiles()).as("default DHClientLeaseFiles")
                .containsExactly("/var/lib/dhclient/dhclient.leases",
                        "/var/lib/dhcp/dhclient*.leases");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"leases/dhclient.leases\"", "\"/var/*/dhclient.leases\"",
        "\"/var/lib/dhcp/\"", "5", "[\"/a\", 1]"})
    void loadRejectsBadLeaseFiles(String written) {
        ConfigException error = loadError("[System]\nDHClientLeaseFiles = " + written + "\n");

        assertErrorNames(error, 2, "DHClientLeaseFiles", "expected absolute file paths");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"networkd\"", "\"\"", "\"Systemd-Networkd\""})
    void loadRejectsUnknownGenerator(String written) {
        ConfigException error = loadError("[System]\nGenerator = " + written + "\n");

        assertErrorNames(error, 2, "Generator", "expected \"systemd-networkd\" or \"dhclient\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "\"abc\"", "1e9", "1000000000", "86401", "\"-5\"",
        "\"1.5\"", "2.5", "true", "\"\"", "99999999999999999999"})
    void loadRejectsBadScriptTimeout(String written) {
        ConfigException error = loadError("[System]\nScriptTimeoutSec = " + written + "\n");

        assertErrorNames(error, 2, "ScriptTimeoutSec", "expected a whole number of seconds"
                + " from 1 to 86400");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"eth0 abcdefghijklmnop\"",      // 16 bytes, one more than IFNAMSIZ allows
        "\"ééééééééé\"",                  // 9 characters but 18 bytes
        "\"eth0/1\"",
        "[\"eth0\", \"a/b\"]",
        "[\"eth0:1\"]",
        "[\"..\"]",
        "[\".\"]",
        "[\"\"]",
        "[\"eth 0\"]",
    })
    void loadRejectsInvalidLinkNames(String written) {
        ConfigException error = loadError("[Network]\nEmitJSON = true\nLinks = " + written
                + "\n");

        assertErrorNames(error, 3, "Links", "expected 1 to 15 bytes");
        assertThat(error.getMessage()).as("message for Links = %s", written)
                .contains("invalid link name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true", "[1, 2]"})
    void loadRejectsLinksOfOtherType(String written) {
        ConfigException error = loadError("[Network]\nLinks = " + written + "\n");

        assertErrorNames(error, 2, "Links", "expected link names");
    }

    @Test
    void loadRejectsInvalidRoutingPolicyRules() {
        ConfigException error = loadError("[Network]\nRoutingPolicyRules = \"eth0/1\"\n");

        assertErrorNames(error, 2, "RoutingPolicyRules", "expected 1 to 15 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"maybe\"", "1", "\"\""})
    void loadRejectsBadBoolean(String written) {
        ConfigException error = loadError("[Network]\nUseDNS = " + written + "\n");

        assertErrorNames(error, 2, "UseDNS", "expected true or false");
    }

    @Test
    void loadRejectsKeysDifferingInCase() {
        ConfigException error = loadError("""
                [System]
                LogLevel = "info"
                LogFormat = "text"
                loglevel = "debug"
                """);

        assertErrorNames(error, 4, "loglevel", "compared ignoring case");
        assertThat(error.getMessage()).as("message for LogLevel written twice")
                .contains("duplicate key");
    }

    @Test
    void loadRejectsSectionsDifferingInCase() {
        ConfigException error = loadError("""
                [System]
                LogLevel = "info"
                [system]
                LogFormat = "json"
                """);

        assertThat(error.getMessage()).as("message for [System] written twice")
                .startsWith(file + ":3: ")
                .contains("duplicate section [system]")
                .contains("compared ignoring case");
    }

    @Test
    void loadReadsSectionKeysOnly() throws ConfigException {
        BrokerConfig config = load("""
                [System]
                LogLevel = "warn"
                [Network]
                # LogLevel below the [Network] header is not the one in [System].
                Links = "eth0"
                """);

        assertThat(config.logLevel()).as("LogLevel in [System]").isEqualTo(LogLevel.WARN);
    }

    @Test
    void loadRejectsUnreadableFile() throws IOException {
        file = folder.resolve("network-broker.toml");
        Files.createDirectory(file);

        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(file));

        assertThat(error).as("error for a folder in place of %s", file).isNotNull();
        assertThat(error.getMessage()).as("message for a folder in place of the file")
                .contains(file.toString());
    }

    @Test
    void applyEnvironmentOverridesLogSettings() throws ConfigException {
        BrokerConfig config = ConfigLoader.applyEnvironment(BrokerConfig.defaults(), Map.of(
                "NETWORK_EVENT_LOG_LEVEL", "debug",
                "NETWORK_EVENT_LOG_FORMAT", "json"));

        assertThat(config.logLevel()).as("LogLevel from NETWORK_EVENT_LOG_LEVEL")
                .isEqualTo(LogLevel.DEBUG);
        assertThat(config.logFormat()).as("LogFormat from NETWORK_EVENT_LOG_FORMAT")
                .isEqualTo(LogFormat.JSON);
        assertThat(config.scriptTimeout()).as("ScriptTimeoutSec after the environment")
                .isEqualTo(BrokerConfig.DEFAULT_SCRIPT_TIMEOUT);
    }

    @Test
    void applyEnvironmentMapsLogrusLevels() throws ConfigException {
        BrokerConfig config = ConfigLoader.applyEnvironment(BrokerConfig.defaults(),
                Map.of("NETWORK_EVENT_LOG_LEVEL", "warning"));

        assertThat(config.logLevel()).as("LogLevel from NETWORK_EVENT_LOG_LEVEL=warning")
                .isEqualTo(LogLevel.WARN);
    }

    @Test
    void applyEnvironmentKeepsFileWhenUnset() throws ConfigException {
        BrokerConfig fromFile = load("[System]\nLogLevel = \"trace\"\nLogFormat = \"json\"\n");

        BrokerConfig config = ConfigLoader.applyEnvironment(fromFile, Map.of(
                "NETWORK_EVENT_LOG_LEVEL", "",
                "HOME", "/root"));

        assertThat(config).as("settings with an empty NETWORK_EVENT_LOG_LEVEL")
                .isEqualTo(fromFile);
    }

    @Test
    void applyEnvironmentRejectsBadLevel() {
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.applyEnvironment(BrokerConfig.defaults(),
                        Map.of("NETWORK_EVENT_LOG_LEVEL", "verbose")));

        assertThat(error).as("error for NETWORK_EVENT_LOG_LEVEL=verbose").isNotNull();
        assertThat(error.getMessage()).as("message for NETWORK_EVENT_LOG_LEVEL=verbose")
                .contains("NETWORK_EVENT_LOG_LEVEL")
                .contains("\"verbose\"")
                .contains("expected error, warn, info, debug or trace");
    }

    @Test
    void applyEnvironmentRejectsBadFormat() {
        ConfigException error = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.applyEnvironment(BrokerConfig.defaults(),
                        Map.of("NETWORK_EVENT_LOG_FORMAT", "xml")));

        assertThat(error).as("error for NETWORK_EVENT_LOG_FORMAT=xml").isNotNull();
        assertThat(error.getMessage()).as("message for NETWORK_EVENT_LOG_FORMAT=xml")
                .contains("NETWORK_EVENT_LOG_FORMAT")
                .contains("\"xml\"")
                .contains("expected text or json");
    }

    @Test
    void exitStatusIsExConfig() {
        assertThat(ConfigException.EXIT_STATUS).as("exit status for configuration errors")
                .isEqualTo(78);
    }

    private BrokerConfig load(String text) throws ConfigException {
        file = folder.resolve("network-broker.toml");
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write test file " + file, e);
        }
        return ConfigLoader.load(file);
    }

    private ConfigException loadError(String text) {
        ConfigException error = catchThrowableOfType(ConfigException.class, () -> load(text));
        assertThat(error).as("error for configuration:%n%s", text).isNotNull();
        return error;
    }

    /** Checks that a message names the file, the line, the key and what was expected. */
    private void assertErrorNames(ConfigException error, int line, String key,
            String expected) {
        String message = error.getMessage();
        assertThat(message).as("file and line in message \"%s\"", message)
                .startsWith(file + ":" + line + ": ");
        assertThat(message).as("key %s in message \"%s\"", key, message).contains(key);
        assertThat(message).as("expected form in message \"%s\"", message).contains(expected);
    }
}
