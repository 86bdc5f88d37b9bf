package org.networkbroker.networkd;

/**
 * Decodes the ifindex from a systemd-networkd link object path.
 *
 * <p>networkd publishes link {@code N} at {@code /org/freedesktop/network1/link/<label>}, where
 * the label is {@code N} in decimal escaped by sd-bus's {@code bus_label_escape()} (systemd
 * src/basic/bus-label.c): a character that is not an ASCII letter or digit, and a digit in the
 * first position, becomes {@code _} followed by two lower-case hex digits. Since ifindexes
 * have no leading zero, only the first digit is escaped: ifindex 2 is {@code _32} and 10 is
 * {@code _310}. As in sd-bus, an underscore not followed by two hex digits stands for itself.
 */
public final class LinkObjectPath {

    /** The object path prefix of every link object. */
    public static final String PREFIX = "/org/freedesktop/network1/link/";

    private LinkObjectPath() {
    }

    /**
     * Returns whether a path lies under the link object prefix.
     *
     * @param path a DBus object path
     * @return true when {@code path} starts with {@link #PREFIX}
     */
    public static boolean isLinkPath(String path) {
        return path.startsWith(PREFIX);
    }

    /**
     * Encodes the object path of a link.
     *
     * @param ifindex a positive ifindex
     * @return the path, for example {@code /org/freedesktop/network1/link/_32} for 2
     * @throws IllegalArgumentException if {@code ifindex} is not positive
     */
    public static String of(int ifindex) {
        if (ifindex <= 0) {
            throw new IllegalArgumentException("invalid ifindex " + ifindex + ": expected > 0");
        }
        String digits = Integer.toString(ifindex);
        // The first digit d is escaped as "_3d" because '0'..'9' are 0x30..0x39.
        return PREFIX + "_3" + digits.charAt(0) + digits.substring(1);
    }

    /**
     * Decodes the ifindex of a link object path.
     *
     * @param path a path such as {@code /org/freedesktop/network1/link/_32}
     * @return the ifindex, always positive
     * @throws IllegalArgumentException if the path is not a link path, or its label does not
     *         decode to a positive decimal number without leading zeros that fits an int
     */
    public static int ifindex(String path) {
        if (!isLinkPath(path)) {
            throw new IllegalArgumentException("invalid link object path \"" + path
                    + "\": expected prefix " + PREFIX);
        }
        String label = path.substring(PREFIX.length());
        String decoded = unescape(label);
        if (!isIfindex(decoded)) {
            throw new IllegalArgumentException("invalid link object path label \"" + label
                    + "\": expected an escaped positive ifindex such as _32 for 2");
        }
        return Integer.parseInt(decoded);
    }

    /**
     * Reverses sd-bus's label escaping.
     *
     * @param label an escaped object path label
     * @return the label with every {@code _XX} hex escape replaced by its character
     */
    static String unescape(String label) {
        StringBuilder out = new StringBuilder(label.length());
        int i = 0;
        while (i < label.length()) {
            char c = label.charAt(i);
            int high = i + 2 < label.length() ? hexValue(label.charAt(i + 1)) : -1;
            int low = i + 2 < label.length() ? hexValue(label.charAt(i + 2)) : -1;
            if (c == '_' && high >= 0 && low >= 0) {
                out.append((char) (high << 4 | low));
                i += 3;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    /** Returns the value of an ASCII hex digit, or -1; {@link Character#digit} takes any script. */
    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isIfindex(String text) {
        if (text.isEmpty() || text.length() > 10 || text.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return Long.parseLong(text) <= Integer.MAX_VALUE;
    }
}
