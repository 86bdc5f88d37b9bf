package org.networkbroker.dhclient;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.StringJoiner;

/** Builds the script environment of a lease; {@link DhcpLease#scriptEnvironment} documents it. */
final class ScriptEnvironment {

    /** Characters that separate the entries of DHCP_LEASE and the elements of its values. */
    private static final String SUMMARY_SEPARATORS = " ,";

    private ScriptEnvironment() {
    }

    static SequencedMap<String, String> of(DhcpLease lease) {
        SequencedMap<String, String> environment = new LinkedHashMap<>();
        environment.put("DHCP_LEASE", summarize(lease));
        environment.put("DHCP4_ADDRESS", lease.fixedAddress().getHostAddress());
        putIfPresent(environment, "DHCP4_ROUTER", joinAddresses(lease.routers()));
        lease.subnetMask()
                .ifPresent(mask -> environment.put("DHCP4_SUBNET_MASK", mask.getHostAddress()));
        putIfPresent(environment, "DHCP4_DNS", joinAddresses(lease.domainNameServers()));
        lease.domainName().ifPresent(domain -> environment.put("DHCP4_DOMAIN", escape(domain, "")));
        putIfPresent(environment, "DHCP4_DOMAIN_SEARCH", joinTexts(lease.domainSearch(), ","));
        lease.hostName().ifPresent(host -> environment.put("DHCP4_HOSTNAME", escape(host, "")));
        environment.put("DHCP4_LEASE_EXPIRY", formatTime(lease.expire()));
        return Collections.unmodifiableSequencedMap(environment);
    }

    /** Formats a lease time in ISO-8601 UTC with whole seconds, or as {@code never}. */
    static String formatTime(Instant time) {
        if (time.equals(DhcpLease.NEVER)) {
            return "never";
        }
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String summarize(DhcpLease lease) {
        List<String> entries = new ArrayList<>();
        entries.add("interface=" + escape(lease.interfaceName(), SUMMARY_SEPARATORS));
        entries.add("fixed-address=" + lease.fixedAddress().getHostAddress());
        addEntries(entries, lease.declarations());
        addEntries(entries, lease.options());
        entries.add("renew=" + formatTime(lease.renew()));
        entries.add("rebind=" + formatTime(lease.rebind()));
        entries.add("expire=" + formatTime(lease.expire()));
        return String.join(" ", entries);
    }

    private static void addEntries(List<String> entries, Map<String, OptionValue> values) {
        values.forEach((name, value) ->
                entries.add(escape(name, SUMMARY_SEPARATORS) + "="
                        + joinTexts(value.elements(), SUMMARY_SEPARATORS)));
    }

    private static void putIfPresent(SequencedMap<String, String> environment, String name,
            String value) {
        if (!value.isEmpty()) {
            environment.put(name, value);
        }
    }

    private static String joinAddresses(List<? extends InetAddress> addresses) {
        StringJoiner joined = new StringJoiner(",");
        addresses.forEach(address -> joined.add(address.getHostAddress()));
        return joined.toString();
    }

    private static String joinTexts(List<String> texts, String separators) {
        StringJoiner joined = new StringJoiner(",");
        texts.forEach(text -> joined.add(escape(text, separators)));
        return joined.toString();
    }

    /**
     * Escapes a backslash as {@code \\}, and each byte of the UTF-8 form of a control character
     * or of a character in {@code separators} as a backslash and three octal digits.
     */
    static String escape(String text, String separators) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(codePoint -> {
            if (codePoint == '\\') {
                escaped.append("\\\\");
            } else if (Character.isISOControl(codePoint) || separators.indexOf(codePoint) >= 0) {
                byte[] bytes = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                for (byte value : bytes) {
                    escaped.append(String.format("\\%03o", value & 0xFF));
                }
            } else {
                escaped.appendCodePoint(codePoint);
            }
        });
        return escaped.toString();
    }
}
