package org.networkbroker.dhclient;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Parses the value of a {@code renew}, {@code rebind} or {@code expire} statement. ISC dhclient
 * 4.4 writes it in one of three forms (dhclient.conf(5), "LEASE DECLARATIONS"):
 *
 * <ul>
 *   <li>{@code 4 2026/12/03 10:20:30}: weekday (0 is Sunday), date and time in UTC. This is the
 *       default. The weekday is only for people to read, so it is checked for the range 0 to 6
 *       but not against the date.</li>
 *   <li>{@code epoch 1796400979}: seconds since 1970-01-01 UTC. dhclient writes this form with
 *       {@code db-time-format local}, followed by a comment with the local time.</li>
 *   <li>{@code never}: the time of a lease that does not end.</li>
 * </ul>
 */
final class LeaseTimes {

    private LeaseTimes() {
    }

    /**
     * Parses the words of a time value.
     *
     * @param keyword the statement's keyword, for the error message
     * @param words the word tokens between the keyword and the semicolon
     * @param text the value's source text, for the error message
     * @return the time, or {@link DhcpLease#NEVER}
     * @throws LeaseSyntaxException if the words are not one of the three forms
     */
    static Instant parse(Token keyword, List<Token> words, String text) {
        Instant time = null;
        if (words.size() == 1 && words.getFirst().isWord("never")) {
            time = DhcpLease.NEVER;
        } else if (words.size() == 2 && words.getFirst().isWord("epoch")) {
            time = parseEpoch(words.get(1).text());
        } else if (words.size() == 3) {
            time = parseDate(words.get(0).text(), words.get(1).text(), words.get(2).text());
        }
        if (time == null) {
            Token at = words.isEmpty() ? keyword : words.getFirst();
            throw new LeaseSyntaxException(at, "invalid " + keyword.text().toLowerCase(Locale.ROOT)
                    + " time \"" + text + "\": expected WEEKDAY YYYY/MM/DD HH:MM:SS in UTC,"
                    + " epoch SECONDS or never");
        }
        return time;
    }

    private static Instant parseEpoch(String seconds) {
        if (seconds.length() > 18 || !KnownOptions.isDecimal(seconds)) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(seconds));
        } catch (DateTimeException e) {
            // Past Instant.MAX, the caller reports an invalid time.
            return null;
        }
    }

    private static Instant parseDate(String weekday, String date, String time) {
        String[] dateParts = date.split("/", -1);
        String[] timeParts = time.split(":", -1);
        if (!weekday.matches("[0-6]") || dateParts.length != 3 || timeParts.length != 3
                || !isNumber(dateParts[0], 9) || !isNumber(dateParts[1], 2)
                || !isNumber(dateParts[2], 2) || !isNumber(timeParts[0], 2)
                || !isNumber(timeParts[1], 2) || !isNumber(timeParts[2], 2)) {
            return null;
        }
        try {
            return LocalDateTime.of(Integer.parseInt(dateParts[0]),
                    Integer.parseInt(dateParts[1]), Integer.parseInt(dateParts[2]),
                    Integer.parseInt(timeParts[0]), Integer.parseInt(timeParts[1]),
                    Integer.parseInt(timeParts[2])).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            // An out-of-range field, such as month 13, is reported by the caller like any other
            // invalid time.
            return null;
        }
    }

    private static boolean isNumber(String text, int maxDigits) {
        return text.length() <= maxDigits && KnownOptions.isDecimal(text);
    }
}
