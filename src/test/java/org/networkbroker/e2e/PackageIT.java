package org.networkbroker.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks the archive and the Debian package that mvn package built, installs the package
 * into a throwaway root with dpkg --root inside the sandbox, and runs the installed launcher
 * against the sandbox's systemd-networkd. The host's dpkg database, /etc and /usr stay as
 * they are: dpkg keeps its database under the root, and the maintainer scripts run with
 * DPKG_ROOT inside the sandbox's mount namespace.
 */
@Timeout(180)
class PackageIT {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    private static Path artifact(String glob) throws IOException {
        Path target = Sandbox.repositoryFile("target");
        try (Stream<Path> files = Files.list(target)) {
            List<Path> matches = files.filter(file -> target.getFileSystem()
                    .getPathMatcher("glob:" + glob).matches(file.getFileName())).toList();
            assertThat(matches).as("files %s in %s; run mvn package first", glob, target)
                    .hasSize(1);
            return matches.getFirst();
        }
    }

    private static String host(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as("exit status of %s:\n%s", List.of(command), output)
                    .isZero();
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + List.of(command), e);
        }
    }

    @Test
    void debianPackageHasLayoutAndControl() throws IOException {
        String deb = artifact("network-broker_*_all.deb").toString();

        String info = host("dpkg-deb", "--info", deb);
        assertThat(info).as("control of %s", deb)
                .contains("Package: network-broker")
                .contains("Architecture: all")
                .contains("Depends: openjdk-25-jre-headless | temurin-25-jre | temurin-25-jdk"
                        + " | java25-runtime-headless");
        assertThat(host("dpkg-deb", "--info", deb, "conffiles").strip()).as("conffiles")
                .isEqualTo("/etc/network-broker/network-broker.toml");
        assertThat(host("dpkg-deb", "--contents", deb)).as("contents of %s", deb)
                .containsPattern("-rwxr-xr-x root/root .* \\./usr/bin/network-broker\n")
                .contains("./usr/lib/network-broker/lib/network-broker.jar")
                .contains("./usr/lib/network-broker/lib/picocli-")
                .contains("./etc/network-broker/network-broker.toml")
                .contains("./etc/network-broker/routable.d/")
                .contains("./lib/systemd/system/network-broker.service")
                .contains("./usr/lib/sysusers.d/network-broker.conf")
                .contains("./usr/lib/tmpfiles.d/network-broker.conf")
                .contains("./usr/share/man/man8/network-broker.8.gz")
                .contains("./usr/share/man/man8/network-broker-status.8.gz")
                .contains("./usr/share/man/man5/network-broker.toml.5.gz")
                .contains("./usr/share/bash-completion/completions/network-broker")
                .contains("./usr/share/doc/network-broker/systemd/network-broker.service.d/"
                        + "run-as-network-broker.conf")
                .doesNotContain("picocli-codegen");
    }

    @Test
    void archiveHasLauncherLibrariesAndDocs() throws IOException {
        String archive = artifact("network-broker-*.tar.gz").toString();

        String listing = host("tar", "--list", "--verbose", "--gzip", "--file", archive);

        assertThat(listing).as("contents of %s", archive)
                .containsPattern("-rwxr-xr-x .* network-broker-[^/]+/bin/network-broker\n")
                .containsPattern("network-broker-[^/]+/lib/network-broker.jar")
                .containsPattern("network-broker-[^/]+/lib/dbus-java-core-")
                .containsPattern("network-broker-[^/]+/systemd/network-broker.service")
                .containsPattern("network-broker-[^/]+/systemd/sysusers.d/network-broker.conf")
                .containsPattern("network-broker-[^/]+/systemd/tmpfiles.d/network-broker.conf")
                .containsPattern("network-broker-[^/]+/etc/network-broker/network-broker.toml")
                .containsPattern("network-broker-[^/]+/man/man8/network-broker.8")
                .containsPattern("network-broker-[^/]+/man/man5/network-broker.toml.5")
                .containsPattern("network-broker-[^/]+/completion/network-broker");
    }

    @Test
    void installedPackageRunsInSandbox() throws IOException {
        String deb = artifact("network-broker_*_all.deb").toString();
        try (Sandbox sandbox = Sandbox.start()) {
            Path root = sandbox.root().resolve("debroot");
            sandbox.exec("sh", "-c", "mkdir -p \"$1/var/lib/dpkg/info\" \"$1/var/lib/dpkg/updates\""
                    + " && touch \"$1/var/lib/dpkg/status\"", "sh", root.toString());
            sandbox.exec("dpkg", "--root=" + root, "--force-depends",
                    "--force-script-chrootless", "--install", deb);

            String status = Files.readString(root.resolve("var/lib/dpkg/status"));
            assertThat(status).as("dpkg status in %s", root)
                    .contains("Status: install ok installed")
                    .contains("Conffiles:\n /etc/network-broker/network-broker.toml ");
            assertThat(root.resolve("usr/bin/network-broker")).as("installed launcher")
                    .isExecutable();
            if (Files.exists(Path.of("/usr/bin/systemd-sysusers"))
                    || Files.exists(Path.of("/bin/systemd-sysusers"))) {
                assertThat(Files.readString(root.resolve("etc/passwd")))
                        .as("passwd in %s after postinst", root).contains("network-broker:");
            }

            ScriptRecords records = new ScriptRecords(sandbox.root().resolve("records"));
            Path scripts = root.resolve("etc/network-broker");
            sandbox.writeFile(scripts.resolve("routable.d/50-record").toString(),
                    records.recorder("50-record"), "0755");
            Map<String, String> environment = Map.of(
                    "NETWORK_BROKER_HOME", root.resolve("usr/lib/network-broker").toString(),
                    "JAVA_HOME", System.getProperty("java.home"));
            try (BrokerProcess broker = BrokerProcess.startCommand(sandbox, environment, List.of(
                    root.resolve("usr/bin/network-broker").toString(),
                    "--config", scripts.resolve("network-broker.toml").toString(),
                    "--script-dir", scripts.toString()))) {
                new NetworkdSetup(sandbox).staticPair("left0", "192.168.88.1/24", "right0",
                        "192.168.88.2/24");
                records.await(run -> run.equals("50-record routable left0"), EVENT_TIMEOUT);

                Sandbox.Result check = sandbox.run(List.of("env",
                        "NETWORK_BROKER_HOME=" + root.resolve("usr/lib/network-broker"),
                        "JAVA_HOME=" + System.getProperty("java.home"),
                        root.resolve("usr/bin/network-broker").toString(), "check",
                        "--config", scripts.resolve("network-broker.toml").toString(),
                        "--script-dir", scripts.toString()));
                assertThat(check.exit()).as("installed check:\n%s", check.output()).isZero();
                assertThat(broker.stop(EVENT_TIMEOUT)).as("exit status after SIGTERM").isZero();
            }
        }
    }
}
