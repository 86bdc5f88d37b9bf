package org.networkbroker.dhclient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Writes leases in the format of ISC dhclient 4.4, for tests that parse what they generate. It
 * follows the files under src/test/resources/dhclient/recorded: two-space indentation, strings
 * with {@code \"}, {@code \\} and octal escapes for bytes that are not printable ASCII.
 */
final class LeaseFileWriter {

    /** The two time formats of dhclient's {@code db-time-format} setting. */
    enum TimeFormat {
        /** {@code 5 2026/12/04 16:23:07}, the default. */
        DATE,
        /** {@code epoch 1796401387; # ...}, written with {@code db-time-format local}. */
        EPOCH
    }

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu/MM/dd HH:mm:ss");

    private LeaseFileWriter() {
    }

    /**
     * Writes leases one after another.
     *
     * @param leases the leases; string values are written quoted, other values as written in
     *         their {@link OptionValue#text()}
     * @param format the time format
     * @param comments whether to add a comment line before every statement
     */
    static String write(List<DhcpLease> leases, TimeFormat format, boolean comments) {
        StringBuilder text = new StringBuilder();
        for (DhcpLease lease : leases) {
            text.append("lease {\n");
            appendStatement(text, comments, "interface " + quote(lease.interfaceName()));
            appendStatement(text, comments,
                    "fixed-address " + lease.fixedAddress().getHostAddress());
            appendValues(text, comments, "", lease.declarations());
            appendValues(text, comments, "option ", lease.options());
            appendTime(text, "renew", lease.renew(), format);
            appendTime(text, "rebind", lease.rebind(), format);
            appendTime(text, "expire", lease.expire(), format);
            text.append("}\n");
        }
        return text.toString();
    }

    private static void appendValues(StringBuilder text, boolean comments, String prefix,
            Map<String, OptionValue> values) {
        values.forEach((name, value) -> appendStatement(text, comments,
                prefix + name + (value.text().isEmpty() ? "" : " " + value.text())));
    }

    private static void appendStatement(StringBuilder text, boolean comments, String statement) {
        if (comments) {
            text.append("  # before \"").append(statement.length()).append("\" { ;\n");
        }
        text.append("  ").append(statement).append(";\n");
    }

    /** Quotes a string the way dhclient does. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (byte character : value.getBytes(StandardCharsets.UTF_8)) {
            int unsigned = character & 0xFF;
            if (unsigned == '"' || unsigned == '\\') {
                quoted.append('\\').append((char) unsigned);
            } else if (unsigned >= 0x20 && unsigned < 0x7F) {
                quoted.append((char) unsigned);
            } else {
                quoted.append(String.format("\\%03o", unsigned));
            }
        }
        return quoted.append('"').toString();
    }

    private static void appendTime(StringBuilder text, String keyword, Instant time,
            TimeFormat format) {
        text.append("  ").append(keyword).append(' ');
        if (time.equals(DhcpLease.NEVER)) {
            text.append("never;\n");
        } else if (format == TimeFormat.EPOCH) {
            text.append("epoch ").append(time.getEpochSecond()).append("; # ").append(time)
                    .append('\n');
        } else {
            LocalDateTime utc = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
            int weekday = utc.getDayOfWeek().getValue() % 7;
            text.append(weekday).append(' ').append(DATE.format(utc)).append(";\n");
        }
    }
}
