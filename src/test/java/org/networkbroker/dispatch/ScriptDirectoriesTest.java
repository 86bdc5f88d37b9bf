package org.networkbroker.dispatch;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.LogCapture;

class ScriptDirectoriesTest {

    /** {@code mode_t umask(mode_t mask)} from <sys/stat.h>, with a 32-bit mode_t on Linux. */
    private static final MethodHandle UMASK = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("umask").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    @TempDir
    Path temp;

    private Path etc;
    private Path usr;
    private Path routable;
    private ScriptDirectories directories;
    private LogCapture log;

    @BeforeEach
    void createSearchPath() throws IOException {
        etc = temp.resolve("etc");
        usr = temp.resolve("usr");
        routable = Files.createDirectories(etc.resolve("routable.d"));
        Files.createDirectories(usr.resolve("routable.d"));
        directories = new ScriptDirectories(List.of(etc, usr), ownUid());
        log = LogCapture.of(ScriptDirectories.class);
    }

    @AfterEach
    void stopLogCapture() {
        log.close();
    }

    @Test
    void createStateDirectoriesMakesNineFolders() throws Throwable {
        Path root = temp.resolve("network-broker");
        ScriptDirectories fresh = new ScriptDirectories(List.of(root), ownUid());

        // A umask of 077 would leave new folders at 0700 unless the mode is set explicitly.
        int previous = (int) UMASK.invokeExact(0077);
        try {
            fresh.createStateDirectories();
        } finally {
            int restored = (int) UMASK.invokeExact(previous);
            assertThat(restored).as("umask during the test").isEqualTo(0077);
        }

        for (String state : List.of("carrier", "configured", "degraded", "no-carrier",
                "routable", "manager", "routes", "addresses", "links")) {
            Path folder = root.resolve(state + ".d");
            assertThat(folder).as("state folder %s", folder).isDirectory();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
                    .as("mode of %s", folder).isEqualTo("rwxr-xr-x");
        }
        try (var entries = Files.list(root)) {
            assertThat(entries.count()).as("entries in %s", root).isEqualTo(9);
        }
    }

    @Test
    void createStateDirectoriesKeepsExistingFolder() throws IOException {
        Path manager = Files.createDirectory(etc.resolve("manager.d"));
        Files.setPosixFilePermissions(manager, PosixFilePermissions.fromString("rwx------"));

        directories.createStateDirectories();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(manager)))
                .as("mode of existing %s", manager).isEqualTo("rwx------");
    }

    @Test
    void createStateDirectoriesSkipsFileInTheWay() throws IOException {
        Path carrier = Files.writeString(etc.resolve("carrier.d"), "not a folder\n");

        directories.createStateDirectories();

        assertThat(carrier).as("file %s", carrier).isRegularFile();
        assertThat(etc.resolve("degraded.d")).as("folder degraded.d next to it").isDirectory();
        assertThat(log.messages(Level.WARN, carrier.toString()))
                .as("warnings naming %s", carrier).hasSize(1);
    }

    @Test
    void scriptsRunInByteOrder() throws IOException {
        for (String name : List.of("a", "_x", "2-b", "Z", "10-a", "A")) {
            script(routable, name, "rwxr-xr-x");
        }

        assertThat(names(directories.scripts("routable"))).as("order of routable.d")
                .containsExactly("10-a", "2-b", "A", "Z", "_x", "a");
    }

    @Test
    void scriptsOrderNonAsciiByUtf8Bytes() throws IOException {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")),
                "file names need a UTF-8 locale (LANG=C.UTF-8) to hold non-ASCII characters");
        // U+1F600 sorts before U+FF5A in UTF-16 but after it in UTF-8, as in the C locale.
        for (String name : List.of("\uD83D\uDE00", "ｚ", "é", "a", "_x", "A")) {
            script(routable, name, "rwxr-xr-x");
        }

        assertThat(names(directories.scripts("routable"))).as("order of routable.d")
                .containsExactly("A", "_x", "a", "é", "ｚ", "\uD83D\uDE00");
    }

    @Test
    void scriptsMergeFoldersByName() throws IOException {
        script(etc.resolve("routable.d"), "20-etc", "rwxr-xr-x");
        script(usr.resolve("routable.d"), "10-usr", "rwxr-xr-x");
        script(usr.resolve("routable.d"), "30-usr", "rwxr-xr-x");

        List<Script> scripts = directories.scripts("routable");

        assertThat(names(scripts)).as("scripts of both folders")
                .containsExactly("10-usr", "20-etc", "30-usr");
        assertThat(scripts.get(0).path()).as("path of 10-usr")
                .isEqualTo(usr.resolve("routable.d/10-usr"));
    }

    @Test
    void scriptsPreferEarlierFolder() throws IOException {
        Path override = script(etc.resolve("routable.d"), "50-vpn", "rwxr-xr-x");
        script(usr.resolve("routable.d"), "50-vpn", "rwxr-xr-x");

        List<Script> scripts = directories.scripts("routable");

        assertThat(scripts).as("scripts named 50-vpn").hasSize(1);
        assertThat(scripts.getFirst().path()).as("path of 50-vpn").isEqualTo(override);
    }

    @Test
    void scriptsMaskedByDevNull() throws IOException {
        Files.createSymbolicLink(etc.resolve("routable.d/50-vpn"), Path.of("/dev/null"));
        script(usr.resolve("routable.d"), "50-vpn", "rwxr-xr-x");
        script(usr.resolve("routable.d"), "60-other", "rwxr-xr-x");

        List<Script> scripts = directories.scripts("routable");

        assertThat(names(scripts)).as("scripts with 50-vpn masked").containsExactly("60-other");
        assertThat(log.events()).as("log lines for the masked 50-vpn").isEmpty();
    }

    @Test
    void scriptsFollowSymlinkToExecutable() throws IOException {
        Path target = script(Files.createDirectory(temp.resolve("bin")), "vpn-up",
                "rwxr-xr-x");
        Path link = Files.createSymbolicLink(routable.resolve("50-vpn"), target);

        List<Script> scripts = directories.scripts("routable");

        assertThat(scripts).as("scripts with 50-vpn linked to %s", target)
                .containsExactly(new Script("50-vpn", link));
    }

    @Test
    void scriptsCheckSymlinkTarget() throws IOException {
        Path bin = Files.createDirectory(temp.resolve("bin"));
        Path plain = script(bin, "plain", "rw-r--r--");
        Path shared = script(bin, "shared", "rwxrwxr-x");
        Files.createSymbolicLink(routable.resolve("50-plain"), plain);
        Files.createSymbolicLink(routable.resolve("60-shared"), shared);

        assertThat(directories.scripts("routable")).as("scripts linked to unsafe targets")
                .isEmpty();
        assertThat(log.messages(Level.WARN, "50-plain")).as("warnings for 50-plain")
                .singleElement().asString().contains("not executable");
        assertThat(log.messages(Level.WARN, "60-shared")).as("warnings for 60-shared")
                .singleElement().asString().contains("writable by group or others");
    }

    @Test
    void scriptsSkipNonExecutableFile() throws IOException {
        Path file = script(routable, "20-plain", "rw-r--r--");

        assertSkipped(file, "not executable by its owner (mode 0644)");
    }

    @Test
    void scriptsSkipGroupWritableFile() throws IOException {
        Path file = script(routable, "20-group", "rwxrwxr-x");

        assertSkipped(file, "writable by group or others (mode 0775)");
    }

    @Test
    void scriptsSkipOtherWritableFile() throws IOException {
        Path file = script(routable, "20-other", "rwxr-xrwx");

        assertSkipped(file, "writable by group or others (mode 0757)");
    }

    @Test
    void scriptsSkipDirectory() throws IOException {
        Path folder = Files.createDirectory(routable.resolve("20-folder"));

        assertSkipped(folder, "not a regular file");
    }

    @Test
    void scriptsSkipBrokenSymlink() throws IOException {
        Path link = Files.createSymbolicLink(routable.resolve("20-broken"),
                temp.resolve("missing"));

        assertSkipped(link, "broken symbolic link");
    }

    @Test
    @Timeout(30)
    void scriptsSkipFifo() throws IOException, InterruptedException {
        Path fifo = mkfifo(routable.resolve("20-fifo"));

        assertSkipped(fifo, "not a regular file");
    }

    @Test
    void scriptsSkipForeignOwner() throws IOException {
        assumeTrue(ownUid() == 0, "giving a file to uid 65534 needs root");
        Path file = script(routable, "20-foreign", "rwxr-xr-x");
        Files.setAttribute(file, "unix:uid", 65534);

        assertSkipped(file, "owned by uid 65534");
    }

    @Test
    void scriptsIgnoreBackupsAndDotfiles() throws IOException {
        script(routable, "10-good", "rwxr-xr-x");
        for (String name : List.of(".hidden", "10-good~", "10-good.dpkg-old", "10-good.rpmsave",
                "10-good.dpkg-new", "10-good.dpkg-dist", "10-good.rpmnew", "10-good.ucf-old")) {
            script(routable, name, "rwxr-xr-x");
        }
        script(routable, ".unsafe", "rw-rw-rw-");

        assertThat(names(directories.scripts("routable"))).as("scripts beside backups")
                .containsExactly("10-good");
        assertThat(log.messages(Level.WARN, "")).as("warnings for ignored files").isEmpty();
    }

    @Test
    @Timeout(30)
    void scriptsWarnOncePerSkippedFile() throws IOException, InterruptedException {
        script(routable, "10-good", "rwxr-xr-x");
        List<Path> skipped = List.of(
                script(routable, "20-plain", "rw-r--r--"),
                script(routable, "30-group", "rwxrwxr-x"),
                script(routable, "40-other", "rwxr-xrwx"),
                Files.createDirectory(routable.resolve("50-folder")),
                Files.createSymbolicLink(routable.resolve("60-broken"), temp.resolve("gone")),
                mkfifo(routable.resolve("70-fifo")));

        for (int call = 1; call <= 3; call++) {
            assertThat(names(directories.scripts("routable"))).as("scripts on call %d", call)
                    .containsExactly("10-good");
        }

        for (Path file : skipped) {
            assertThat(log.messages(Level.WARN, "script=" + file + " "))
                    .as("warnings for %s after three calls", file).hasSize(1);
        }
        assertThat(log.messages(Level.WARN, "")).as("all warnings after three calls")
                .hasSize(skipped.size());
    }

    @Test
    void scriptsAcceptFixedFile() throws IOException {
        Path file = script(routable, "20-plain", "rw-r--r--");
        assertThat(directories.scripts("routable")).as("scripts with 20-plain at 0644")
                .isEmpty();

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(directories.scripts("routable")).as("scripts with 20-plain at 0755")
                .containsExactly(new Script("20-plain", file));
    }

    @Test
    void scriptsWarnAgainWhenBrokenAgain() throws IOException {
        Path file = script(routable, "20-plain", "rw-r--r--");
        directories.scripts("routable");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        directories.scripts("routable");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        directories.scripts("routable");

        assertThat(log.messages(Level.WARN, file.toString()))
                .as("warnings for %s, broken twice", file).hasSize(2);
    }

    @Test
    void scriptsOfMissingFolderAreEmpty() {
        assertThat(directories.scripts("no-carrier")).as("scripts without no-carrier.d")
                .isEmpty();
        assertThat(log.events()).as("log lines without no-carrier.d").isEmpty();
    }

    @Test
    void scriptsRejectInvalidState() {
        assertThatThrownBy(() -> directories.scripts("../../bin"))
                .as("scripts of state ../../bin")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../../bin");
    }

    @Test
    void constructorRejectsEmptySearchPath() {
        assertThatThrownBy(() -> new ScriptDirectories(List.of(), 0))
                .as("script finder without folders")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withLegacyRootSkipsAbsentFolder() {
        assumeFalse(Files.exists(ScriptDirectories.LEGACY_ROOT),
                "this host has " + ScriptDirectories.LEGACY_ROOT);

        List<Path> searchPath = ScriptDirectories.withLegacyRoot(
                ScriptDirectories.DEFAULT_SEARCH_PATH);

        assertThat(searchPath).as("search path without %s", ScriptDirectories.LEGACY_ROOT)
                .isEqualTo(ScriptDirectories.DEFAULT_SEARCH_PATH);
    }

    @Test
    void withLegacyRootKeepsListedFolder() {
        List<Path> requested = List.of(ScriptDirectories.DEFAULT_ROOT, usr,
                ScriptDirectories.LEGACY_ROOT);

        List<Path> searchPath = ScriptDirectories.withLegacyRoot(requested);

        assertThat(searchPath).as("search path that already lists %s",
                ScriptDirectories.LEGACY_ROOT).isEqualTo(requested);
    }

    @Test
    void withLegacyRootKeepsCustomPath() {
        List<Path> requested = List.of(etc, usr);

        assertThat(ScriptDirectories.withLegacyRoot(requested))
                .as("search path without %s", ScriptDirectories.DEFAULT_ROOT)
                .isEqualTo(requested);
    }

    private void assertSkipped(Path file, String reason) {
        script(routable, "10-good", "rwxr-xr-x");

        List<Script> scripts = directories.scripts("routable");

        assertThat(names(scripts)).as("scripts beside %s", file).containsExactly("10-good");
        assertThat(log.messages(Level.WARN, "script=" + file + " "))
                .as("warnings for %s", file)
                .singleElement().asString().contains(reason);
    }

    private static Path script(Path folder, String name, String mode) {
        Path file = folder.resolve(name);
        try {
            Files.writeString(file, "#!/bin/sh\nexit 0\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write test script " + file, e);
        }
        return file;
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("exit status of mkfifo %s", path).isZero();
        return path;
    }

    private static List<String> names(List<Script> scripts) {
        return scripts.stream().map(Script::name).toList();
    }

    /** Returns the test's effective uid, the owner of /proc/self. */
    private static int ownUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the uid from /proc/self", e);
        }
    }
}
