package org.networkbroker.networkd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.networkbroker.event.LeaseData;

/**
 * Reads the DHCPv4 lease that systemd-networkd writes to
 * {@code /run/systemd/netif/leases/<ifindex>}.
 *
 * <p>The file is one {@code KEY=VALUE} pair per line with {@code #} comment lines (systemd 252,
 * src/libsystemd-network/sd-dhcp-lease.c, {@code dhcp_lease_save()}). networkd calls it private
 * data, but it is the only place where the lease's router and server are published, and the
 * original broker handed it to scripts the same way.
 */
public final class LeaseFile {

    /** The folder where systemd-networkd keeps one lease file per ifindex. */
    public static final Path NETWORKD_LEASE_DIRECTORY = Path.of("/run/systemd/netif/leases");

    /** Keys become parts of environment variable names, so only these are taken. */
    private static final Pattern KEY = Pattern.compile("[A-Z][A-Z0-9_]*");

    /** Lease files are a few hundred bytes; anything far larger is not a lease. */
    private static final long MAX_SIZE = 64 * 1024;

    private LeaseFile() {
    }

    /**
     * Reads the lease of a link, if it has one.
     *
     * @param directory the lease folder, normally {@link #NETWORKD_LEASE_DIRECTORY}
     * @param ifindex the link's ifindex
     * @return the lease's pairs in file order, or empty when the link has no lease file
     * @throws IOException if the file exists but cannot be read, or is larger than 64 KiB
     */
    public static Optional<Map<String, String>> read(Path directory, int ifindex)
            throws IOException {
        Path file = directory.resolve(Integer.toString(ifindex));
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new IOException("lease file " + file + " is larger than " + MAX_SIZE
                        + " bytes; expected a systemd-networkd lease of a few hundred bytes");
            }
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException missing) {
            return Optional.empty();
        }
    }

    /**
     * Converts lease pairs into what scripts and the DNS and host name hand-off use. The
     * variables are {@code DHCP_LEASE}, the pairs joined as {@code KEY=VALUE} by spaces, and one
     * {@code DHCP4_<KEY>} per pair. DNS servers and search domains come from the
     * space-separated {@code DNS} and {@code DOMAIN_SEARCH_LIST}, the domain from
     * {@code DOMAINNAME}, the host name from {@code HOSTNAME}.
     *
     * @param pairs the lease's pairs in file order, as {@link #parse} returns them
     * @return the lease data
     */
    public static LeaseData toLeaseData(Map<String, String> pairs) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (!pairs.isEmpty()) {
            List<String> joined = new ArrayList<>();
            pairs.forEach((key, value) -> joined.add(key + "=" + value));
            variables.put("DHCP_LEASE", String.join(" ", joined));
            pairs.forEach((key, value) -> variables.put("DHCP4_" + key, value));
        }
        return new LeaseData(variables, words(pairs.get("DNS")),
                Optional.ofNullable(pairs.get("DOMAINNAME")).filter(name -> !name.isBlank()),
                words(pairs.get("DOMAIN_SEARCH_LIST")),
                Optional.ofNullable(pairs.get("HOSTNAME")).filter(name -> !name.isBlank()));
    }

    private static List<String> words(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return List.of(text.strip().split("\\s+"));
    }

    /**
     * Parses lease file text. Comment lines, blank lines and lines without a valid
     * {@code KEY=} part are dropped.
     *
     * @param text the file's content
     * @return the pairs in file order; a repeated key keeps its last value
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String line : text.split("\n", -1)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String key = line.substring(0, equals);
            if (KEY.matcher(key).matches()) {
                pairs.put(key, line.substring(equals + 1));
            }
        }
        return Collections.unmodifiableMap(pairs);
    }
}
