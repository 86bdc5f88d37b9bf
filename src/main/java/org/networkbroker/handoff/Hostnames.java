package org.networkbroker.handoff;

/** Checks host names from DHCP leases before they reach systemd-hostnamed. */
final class Hostnames {

    /** HOST_NAME_MAX of Linux; hostnamed rejects longer transient names. */
    static final int MAX_LENGTH = 64;

    private Hostnames() {
    }

    /**
     * Returns whether a name is a valid host name: dot-separated labels of ASCII letters,
     * digits and hyphens (RFC 1123), none empty, longer than 63 characters, or starting or
     * ending with a hyphen, and at most 64 characters in all.
     *
     * @param name the name from the lease
     * @return true when valid
     */
    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-")
                    || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9') || c == '-';
                if (!allowed) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Cuts a name for a log line. */
    static String shown(String name) {
        return name.length() > 80 ? name.substring(0, 80) + "..." : name;
    }
}
