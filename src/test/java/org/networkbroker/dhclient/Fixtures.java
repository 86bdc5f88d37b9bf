package org.networkbroker.dhclient;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the lease files under src/test/resources/dhclient. */
final class Fixtures {

    private Fixtures() {
    }

    /** Returns the path of a fixture, for example {@code recorded/dhclient.leases}. */
    static Path path(String name) {
        URL resource = Fixtures.class.getResource("/dhclient/" + name);
        assertThat(resource).as("fixture %s", name).isNotNull();
        try {
            return Path.of(resource.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("invalid fixture URL " + resource, e);
        }
    }

    /** Returns the content of a fixture. */
    static String read(String name) {
        try {
            return Files.readString(path(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a fixture and checks that it was read to its end. */
    static LeaseFile parseComplete(String name) {
        LeaseFileResult result;
        try {
            result = LeaseFileParser.parse(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(result).as("result of %s", name).isInstanceOf(LeaseFile.class);
        return (LeaseFile) result;
    }
}
