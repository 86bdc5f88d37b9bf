package org.networkbroker.dispatch;

/**
 * Checks that a state value from an event source may name a script directory. Values come
 * from the bus, so only plain lower-case names are accepted and nothing else ever reaches a
 * path.
 */
public final class StateName {

    /** Longer than any state systemd defines; the limit keeps log lines short. */
    static final int MAX_LENGTH = 64;

    private StateName() {
    }

    /**
     * Returns whether a value is a plain state name: {@code [a-z][a-z-]*}, at most 64
     * characters.
     *
     * @param value a state value as received, may be null
     * @return true when {@code value} may be used as a directory name with {@code .d} appended
     */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        if (value.charAt(0) < 'a' || value.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 'a' || c > 'z') && c != '-') {
                return false;
            }
        }
        return true;
    }
}
