package org.networkbroker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptListingTest {

    @TempDir
    Path folder;

    private Path etc;
    private Path lib;
    private ScriptDirectories directories;

    @BeforeEach
    void createSearchPath() throws IOException {
        etc = Files.createDirectories(folder.resolve("etc"));
        lib = Files.createDirectories(folder.resolve("lib"));
        int uid = (Integer) Files.getAttribute(folder, "unix:uid");
        directories = new ScriptDirectories(List.of(etc, lib), uid);
    }

    private Path script(Path root, String state, String name, String mode) throws IOException {
        Path file = Files.createDirectories(root.resolve(state + ".d")).resolve(name);
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    @Test
    void inspectListsRunnableAndSkipped() throws IOException {
        script(etc, "routable", "10-run", "rwxr-xr-x");
        Path plain = script(etc, "routable", "20-plain", "rw-r--r--");
        Path writable = script(lib, "routable", "30-writable", "rwxrwxrwx");
        script(etc, "routable", "40-old~", "rwxr-xr-x");

        ScriptListing listing = directories.inspect("routable");

        assertThat(listing.scripts()).as("scripts of routable")
                .extracting(Script::name).containsExactly("10-run");
        assertThat(listing.skipped()).as("skipped files of routable").containsExactly(
                new ScriptListing.Skipped(plain, "not executable by its owner (mode 0644)",
                        false),
                new ScriptListing.Skipped(writable, "writable by group or others (mode 0777)",
                        false));
    }

    @Test
    void inspectReportsMaskedScript() throws IOException {
        script(lib, "routable", "50-vpn", "rwxr-xr-x");
        Path mask = Files.createDirectories(etc.resolve("routable.d")).resolve("50-vpn");
        Files.createSymbolicLink(mask, Path.of("/dev/null"));

        ScriptListing listing = directories.inspect("routable");

        assertThat(listing.scripts()).as("scripts of routable").isEmpty();
        assertThat(listing.skipped()).as("skipped files of routable").containsExactly(
                new ScriptListing.Skipped(mask, "masked by a symbolic link to /dev/null",
                        true));
    }

    @Test
    void inspectAgreesWithScripts() throws IOException {
        script(etc, "configured", "10-a", "rwxr-xr-x");
        script(lib, "configured", "09-b", "rwxr-xr-x");
        script(lib, "configured", "10-a", "rw-r--r--");

        assertThat(directories.inspect("configured").scripts()).as("inspected scripts")
                .isEqualTo(directories.scripts("configured"));
    }

    @Test
    void stateNamesListValidFolders() throws IOException {
        Files.createDirectories(etc.resolve("routable.d"));
        Files.createDirectories(lib.resolve("routable.d"));
        Files.createDirectories(lib.resolve("manager.d"));
        Files.createDirectories(etc.resolve("Routable.d"));
        Files.writeString(etc.resolve("file.d"), "not a folder");

        assertThat(directories.stateNames()).as("state names")
                .containsExactly("manager", "routable");
        assertThat(directories.invalidStateFolders()).as("invalid state folders")
                .containsExactly(etc.resolve("Routable.d"));
    }

    @Test
    void stateEntriesNotFoldersListFilesAndLoops() throws IOException {
        Files.createDirectories(etc.resolve("routable.d"));
        Files.writeString(etc.resolve("file.d"), "not a folder");
        Files.createSymbolicLink(etc.resolve("loop.d"), etc.resolve("loop.d"));
        Files.createSymbolicLink(lib.resolve("broken.d"), lib.resolve("missing"));

        assertThat(directories.stateEntriesNotFolders()).as("state entries that are no folder")
                .containsExactly(etc.resolve("file.d"), etc.resolve("loop.d"),
                        lib.resolve("broken.d"));
    }

    @Test
    void describeNotFolderNamesKind() throws IOException {
        Files.writeString(etc.resolve("file.d"), "not a folder");
        Files.createSymbolicLink(etc.resolve("loop.d"), etc.resolve("loop.d"));
        Files.createSymbolicLink(etc.resolve("broken.d"), etc.resolve("missing"));
        Files.createSymbolicLink(etc.resolve("null.d"), Path.of("/dev/null"));

        assertThat(ScriptDirectories.describeNotFolder(etc.resolve("file.d")))
                .as("description of a regular file").isEqualTo("a regular file");
        assertThat(ScriptDirectories.describeNotFolder(etc.resolve("loop.d")))
                .as("description of a looping link")
                .startsWith("an entry whose type is unreadable: Too many levels");
        assertThat(ScriptDirectories.describeNotFolder(etc.resolve("broken.d")))
                .as("description of a broken link")
                .isEqualTo("a symbolic link to a missing target");
        assertThat(ScriptDirectories.describeNotFolder(etc.resolve("null.d")))
                .as("description of a link to /dev/null")
                .isEqualTo("a device, socket or pipe");
    }
}
