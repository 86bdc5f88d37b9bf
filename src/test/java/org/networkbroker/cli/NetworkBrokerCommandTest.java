package org.networkbroker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.config.ConfigException;
import org.networkbroker.config.ConfigLoader;
import org.networkbroker.config.LogLevel;
import picocli.CommandLine;

/**
 * Tests that run the command line only with settings that fail before the daemon starts. A
 * valid configuration would connect to the system bus and create folders under /etc, so each
 * test first checks that its input really is rejected.
 */
class NetworkBrokerCommandTest {

    @TempDir
    Path folder;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalStderr;

    @BeforeEach
    void captureStderr() {
        originalStderr = System.err;
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalStderr);
    }

    @Test
    void badConfigExitsWithStatus78() throws IOException {
        Path config = folder.resolve("network-broker.toml");
        Files.writeString(config, "[System]\nLogLevel = \"verbose\"\n");
        assertThatThrownBy(() -> ConfigLoader.load(config))
                .as("precondition: %s is rejected", config)
                .isInstanceOf(ConfigException.class);

        int status = new CommandLine(new NetworkBrokerCommand())
                .execute("--config", config.toString());

        assertThat(status).as("exit status for LogLevel \"verbose\"").isEqualTo(78);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("error output")
                .contains("network-broker: " + config + ":2: invalid LogLevel \"verbose\"");
    }

    @Test
    void badLogLevelOptionExitsWith2() {
        assertThat(LogLevel.parse("verbose")).as("precondition: level \"verbose\" is unknown")
                .isEmpty();
        StringWriter errors = new StringWriter();
        CommandLine command = new CommandLine(new NetworkBrokerCommand())
                .setErr(new PrintWriter(errors));

        int status = command.execute("--log-level", "verbose");

        assertThat(status).as("exit status for --log-level verbose, a command-line error")
                .isEqualTo(2);
        assertThat(errors.toString()).as("error output")
                .contains("invalid --log-level \"verbose\"");
    }

    @Test
    void missingConfigOptionFileExitsWith78() {
        Path config = folder.resolve("missing.toml");

        int status = new CommandLine(new NetworkBrokerCommand())
                .execute("--config", config.toString());

        assertThat(status).as("exit status for a --config file that does not exist")
                .isEqualTo(78);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).as("error output")
                .contains("configuration file " + config + " not found");
    }

    @Test
    void unknownOptionExitsWithStatus2() {
        StringWriter usage = new StringWriter();
        CommandLine command = new CommandLine(new NetworkBrokerCommand())
                .setErr(new PrintWriter(usage));

        int status = command.execute("--no-such-option");

        assertThat(status).as("exit status for --no-such-option").isEqualTo(2);
        assertThat(usage.toString()).as("usage error output").contains("--no-such-option");
    }
}
