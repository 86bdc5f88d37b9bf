package org.networkbroker.system;

import java.util.Map;

/** Names and descriptions of the errno values that the broker's system calls report. */
public final class Errno {

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int EINVAL = 22;
    public static final int EMSGSIZE = 90;
    public static final int ENOBUFS = 105;
    public static final int ECONNREFUSED = 111;

    /** Names and strerror(3) texts of glibc 2.36, for the values above. */
    private static final Map<Integer, String[]> KNOWN = Map.ofEntries(
            Map.entry(EPERM, new String[] {"EPERM", "Operation not permitted"}),
            Map.entry(ENOENT, new String[] {"ENOENT", "No such file or directory"}),
            Map.entry(ESRCH, new String[] {"ESRCH", "No such process"}),
            Map.entry(EINTR, new String[] {"EINTR", "Interrupted system call"}),
            Map.entry(EAGAIN, new String[] {"EAGAIN", "Resource temporarily unavailable"}),
            Map.entry(ENOMEM, new String[] {"ENOMEM", "Cannot allocate memory"}),
            Map.entry(EACCES, new String[] {"EACCES", "Permission denied"}),
            Map.entry(EEXIST, new String[] {"EEXIST", "File exists"}),
            Map.entry(EINVAL, new String[] {"EINVAL", "Invalid argument"}),
            Map.entry(EMSGSIZE, new String[] {"EMSGSIZE", "Message too long"}),
            Map.entry(ENOBUFS, new String[] {"ENOBUFS", "No buffer space available"}),
            Map.entry(ECONNREFUSED, new String[] {"ECONNREFUSED", "Connection refused"}));

    private Errno() {
    }

    /**
     * Returns the symbolic name of an errno value.
     *
     * @param errno an errno value
     * @return the name, such as {@code ESRCH}, or {@code errno N} for values not listed here
     */
    public static String name(int errno) {
        String[] known = KNOWN.get(errno);
        return known == null ? "errno " + errno : known[0];
    }

    /**
     * Returns the description of an errno value.
     *
     * @param errno an errno value
     * @return the strerror(3) text, or {@code unknown error} for values not listed here
     */
    public static String describe(int errno) {
        String[] known = KNOWN.get(errno);
        return known == null ? "unknown error" : known[1];
    }
}
