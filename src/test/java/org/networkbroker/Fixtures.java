package org.networkbroker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Access to the recorded systemd-networkd 252 data in {@code src/test/resources/networkd-252}. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * Reads one recorded file as UTF-8 text.
     *
     * @param name the file name, such as {@code lease-ifindex-12}
     * @return the file's content
     * @throws IllegalArgumentException if the file is not on the test class path
     */
    public static String networkd252(String name) {
        String resource = "/networkd-252/" + name;
        try (InputStream in = Fixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("test resource not found: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + resource, e);
        }
    }
}
