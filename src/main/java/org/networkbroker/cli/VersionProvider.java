package org.networkbroker.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import picocli.CommandLine.IVersionProvider;

/**
 * Reads the version from {@code version.properties}, which Maven fills from the POM, so the
 * version is known in the jar and in the man pages generated from the compiled classes.
 */
final class VersionProvider implements IVersionProvider {

    private static final String RESOURCE = "version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"network-broker " + version()};
    }

    /**
     * Returns the project version.
     *
     * @return the version, such as {@code 0.1.0}, or {@code (development build)} when the
     *         resource was not filtered
     */
    static String version() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + " from the jar", e);
        }
        String version = properties.getProperty("version", "");
        return version.isEmpty() || version.startsWith("${") ? "(development build)" : version;
    }
}
