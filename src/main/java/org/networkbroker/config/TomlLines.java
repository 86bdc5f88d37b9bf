package org.networkbroker.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the line of a section or key in TOML text, for error messages. The TOML parser builds
 * a tree without positions, so this scans the text for the common forms {@code [Section]} and
 * {@code Key = value}; a key written another way (dotted or inline) gets no line number.
 */
final class TomlLines {

    private static final Pattern HEADER = Pattern.compile("^\\s*\\[\\s*([^\\]\\s]+)\\s*\\]");
    private static final Pattern KEY = Pattern.compile("^\\s*\"?([A-Za-z0-9_-]+)\"?\\s*=");

    private TomlLines() {
    }

    /**
     * Tells whether a TOML text contains nothing but blank lines and comments, as the shipped
     * example file with every key commented out. Such a text needs no parser.
     *
     * @param text the TOML text
     * @return true when every line is empty, white space or a comment, and no line contains a
     *         character that the parser rejects in comments. Those are control characters,
     *         a carriage return without a line feed after it, and the byte order mark.
     */
    static boolean isOnlyComments(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            // Only CR LF ends a line in TOML, so a CR at the end of the text stays in the check.
            boolean crlf = i < lines.length - 1 && line.endsWith("\r");
            String content = crlf ? line.substring(0, line.length() - 1) : line;
            int first = 0;
            while (first < content.length()
                    && (content.charAt(first) == ' ' || content.charAt(first) == '\t')) {
                first++;
            }
            if (first < content.length() && content.charAt(first) != '#') {
                return false;
            }
            // Jackson 3.3 rejects U+FEFF anywhere but at the start, also inside a comment.
            if (content.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f
                    || c == 0xfeff)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns the line of a section header.
     *
     * @param text the TOML text
     * @param section the section name. An exact match wins over an earlier header that
     *        differs only in case, so a duplicate section is found at its own line.
     * @return the 1-based line, or 0 when not found
     */
    static int sectionLine(String text, String section) {
        String[] lines = text.split("\n", -1);
        int firstIgnoringCase = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            if (!header.find()) {
                continue;
            }
            if (header.group(1).equals(section)) {
                return i + 1;
            }
            if (firstIgnoringCase == 0 && header.group(1).equalsIgnoreCase(section)) {
                firstIgnoringCase = i + 1;
            }
        }
        return firstIgnoringCase;
    }

    /**
     * Returns the line of a key in a section.
     *
     * @param text the TOML text
     * @param section the section name, or null for keys before the first header
     * @param key the key name. An exact match wins over an earlier key that differs only
     *        in case, so a duplicate key is found at its own line.
     * @return the 1-based line, or 0 when not found
     */
    static int keyLine(String text, String section, String key) {
        String[] lines = text.split("\n", -1);
        String current = null;
        int firstIgnoringCase = 0;
        for (int i = 0; i < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            if (header.find()) {
                current = header.group(1).toLowerCase(Locale.ROOT);
                continue;
            }
            Matcher keyMatch = KEY.matcher(lines[i]);
            boolean inSection = section == null ? current == null
                    : section.toLowerCase(Locale.ROOT).equals(current);
            if (!inSection || !keyMatch.find()) {
                continue;
            }
            if (keyMatch.group(1).equals(key)) {
                return i + 1;
            }
            if (firstIgnoringCase == 0 && keyMatch.group(1).equalsIgnoreCase(key)) {
                firstIgnoringCase = i + 1;
            }
        }
        return firstIgnoringCase;
    }

    /**
     * A name written twice, at the line of its second appearance.
     *
     * @param name the key or section name as written
     * @param line the 1-based line of the repeat
     */
    record Repeat(String name, int line) {
    }

    /**
     * Finds the first key written twice in the same section, as TOML forbids.
     *
     * @param text the TOML text
     * @return the repeat, or null when none is found in the common {@code Key = value} form
     */
    static Repeat firstRepeatedKey(String text) {
        String[] lines = text.split("\n", -1);
        java.util.Set<String> seen = new java.util.HashSet<>();
        String current = "";
        for (int i = 0; i < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            if (header.find()) {
                current = header.group(1);
                continue;
            }
            Matcher key = KEY.matcher(lines[i]);
            if (key.find() && !seen.add(current + "\0" + key.group(1))) {
                return new Repeat(key.group(1), i + 1);
            }
        }
        return null;
    }

    /**
     * Finds the first section header written twice.
     *
     * @param text the TOML text
     * @return the repeat, or null when none is found
     */
    static Repeat firstRepeatedSection(String text) {
        String[] lines = text.split("\n", -1);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            Matcher header = HEADER.matcher(lines[i]);
            if (header.find() && !seen.add(header.group(1))) {
                return new Repeat(header.group(1), i + 1);
            }
        }
        return null;
    }
}
