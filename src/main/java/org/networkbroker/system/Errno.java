package org.networkbroker.system;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Linux errno values that the broker checks, and the names and texts of all errno values.
 *
 * <p>The numbers are those of {@code <asm-generic/errno-base.h>} and
 * {@code <asm-generic/errno.h>}, which x86-64, arm64 and riscv64 use. Alpha, MIPS, PA-RISC
 * and SPARC number some errno values differently, and this table does not cover them.
 */
public final class Errno {

    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory, the kernel's error for deleting an absent rule. */
    public static final int ENOENT = 2;
    /** No such process, the result of kill(2) for a process group that has no process left. */
    public static final int ESRCH = 3;
    /** Interrupted system call. */
    public static final int EINTR = 4;
    /** Try again; also the result of a receive timeout ({@code SO_RCVTIMEO}). */
    public static final int EAGAIN = 11;
    /** File exists, the kernel's error for adding a route, rule or address twice. */
    public static final int EEXIST = 17;
    /** No such device. */
    public static final int ENODEV = 19;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** Message too long, for a datagram larger than the socket accepts. */
    public static final int EMSGSIZE = 90;
    /** Protocol not available; the error for a socket option that the kernel lacks. */
    public static final int ENOPROTOOPT = 92;
    /** Protocol not supported. */
    public static final int EPROTONOSUPPORT = 93;
    /** Address family not supported by protocol. */
    public static final int EAFNOSUPPORT = 97;
    /** No buffer space available; on a netlink socket, multicast messages were dropped. */
    public static final int ENOBUFS = 105;
    /** Connection refused, for a datagram to a UNIX socket that nothing is bound to. */
    public static final int ECONNREFUSED = 111;

    // Index i contains the name of errno value i, from <asm-generic/errno-base.h> (1 to 34)
    // and <asm-generic/errno.h> (35 to 133). 41 and 58 are unused.
    private static final String[] NAMES = {
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF",
        "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV",
        "ENODEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY",
        "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE", "EDEADLK",
        "ENAMETOOLONG", "ENOLCK", "ENOSYS", "ENOTEMPTY", "ELOOP", null, "ENOMSG", "EIDRM",
        "ECHRNG", "EL2NSYNC", "EL3HLT", "EL3RST", "ELNRNG", "EUNATCH", "ENOCSI", "EL2HLT",
        "EBADE", "EBADR", "EXFULL", "ENOANO", "EBADRQC", "EBADSLT", null, "EBFONT", "ENOSTR",
        "ENODATA", "ETIME", "ENOSR", "ENONET", "ENOPKG", "EREMOTE", "ENOLINK", "EADV",
        "ESRMNT", "ECOMM", "EPROTO", "EMULTIHOP", "EDOTDOT", "EBADMSG", "EOVERFLOW",
        "ENOTUNIQ", "EBADFD", "EREMCHG", "ELIBACC", "ELIBBAD", "ELIBSCN", "ELIBMAX",
        "ELIBEXEC", "EILSEQ", "ERESTART", "ESTRPIPE", "EUSERS", "ENOTSOCK", "EDESTADDRREQ",
        "EMSGSIZE", "EPROTOTYPE", "ENOPROTOOPT", "EPROTONOSUPPORT", "ESOCKTNOSUPPORT",
        "EOPNOTSUPP", "EPFNOSUPPORT", "EAFNOSUPPORT", "EADDRINUSE", "EADDRNOTAVAIL",
        "ENETDOWN", "ENETUNREACH", "ENETRESET", "ECONNABORTED", "ECONNRESET", "ENOBUFS",
        "EISCONN", "ENOTCONN", "ESHUTDOWN", "ETOOMANYREFS", "ETIMEDOUT", "ECONNREFUSED",
        "EHOSTDOWN", "EHOSTUNREACH", "EALREADY", "EINPROGRESS", "ESTALE", "EUCLEAN",
        "ENOTNAM", "ENAVAIL", "EISNAM", "EREMOTEIO", "EDQUOT", "ENOMEDIUM", "EMEDIUMTYPE",
        "ECANCELED", "ENOKEY", "EKEYEXPIRED", "EKEYREVOKED", "EKEYREJECTED", "EOWNERDEAD",
        "ENOTRECOVERABLE", "ERFKILL", "EHWPOISON",
    };

    // const char *strerrordesc_np(int errnum) from <string.h>, glibc 2.32 and later. Unlike
    // strerror(3), it is thread-safe and does not translate, so messages stay greppable.
    private static final Optional<MethodHandle> STRERRORDESC_NP = Linker.nativeLinker()
            .defaultLookup()
            .find("strerrordesc_np")
            .map(address -> Linker.nativeLinker()
                    .downcallHandle(address, FunctionDescriptor.of(ADDRESS, JAVA_INT)));

    private Errno() {
    }

    /**
     * Returns the symbolic name of an errno value.
     *
     * @param errno a positive errno value
     * @return for example {@code "ENOBUFS"}, or {@code "errno N"} for a value not in the table
     */
    public static String name(int errno) {
        if (errno > 0 && errno < NAMES.length && NAMES[errno] != null) {
            return NAMES[errno];
        }
        return "errno " + errno;
    }

    /**
     * Returns the C library's text for an errno value, as {@code strerror(3)} gives it in the
     * C locale.
     *
     * @param errno a positive errno value
     * @return for example {@code "No buffer space available"}; the symbolic name when the C
     *         library has no {@code strerrordesc_np} (glibc before 2.32, musl) or no text for
     *         the value
     */
    public static String description(int errno) {
        if (STRERRORDESC_NP.isEmpty()) {
            return name(errno);
        }
        MemorySegment text;
        try {
            text = (MemorySegment) STRERRORDESC_NP.get().invokeExact(errno);
        } catch (Throwable e) {
            throw new IllegalStateException("strerrordesc_np failed for errno " + errno, e);
        }
        if (text.equals(MemorySegment.NULL)) {
            return name(errno);
        }
        // The C string has no known length, so the segment is widened to read up to its NUL.
        return text.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
