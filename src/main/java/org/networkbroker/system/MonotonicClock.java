package org.networkbroker.system;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Reads CLOCK_MONOTONIC, the clock systemd uses for {@code MONOTONIC_USEC=} in a reload
 * notification. {@link System#nanoTime} has an arbitrary origin by its contract, so it cannot
 * stand in for it.
 */
public final class MonotonicClock {

    static final int CLOCK_MONOTONIC = 1;

    /**
     * {@code struct timespec} from {@code <time.h>} on LP64 Linux: {@code time_t tv_sec} and
     * {@code long tv_nsec}, both 64 bits.
     */
    private static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    private static final VarHandle SECONDS =
            TIMESPEC.varHandle(MemoryLayout.PathElement.groupElement("tv_sec"));
    private static final VarHandle NANOSECONDS =
            TIMESPEC.varHandle(MemoryLayout.PathElement.groupElement("tv_nsec"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /** {@code int clock_gettime(clockid_t clockid, struct timespec *tp)}; clockid_t is int. */
    private static final MethodHandle CLOCK_GETTIME = LINKER.downcallHandle(
            LINKER.defaultLookup().findOrThrow("clock_gettime"),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS),
            Linker.Option.captureCallState("errno"));

    private MonotonicClock() {
    }

    /**
     * Reads CLOCK_MONOTONIC.
     *
     * @return microseconds since an unspecified point, usually boot, as clock_gettime(2)
     *         reports them
     * @throws SystemCallException if clock_gettime(2) fails, which Linux does only for an
     *         unknown clock
     */
    public static long nowMicros() throws SystemCallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_STATE);
            MemorySegment time = arena.allocate(TIMESPEC);
            int result = (int) CLOCK_GETTIME.invokeExact(state, CLOCK_MONOTONIC, time);
            if (result != 0) {
                throw new SystemCallException("clock_gettime(CLOCK_MONOTONIC)",
                        (int) ERRNO.get(state, 0L));
            }
            long seconds = (long) SECONDS.get(time, 0L);
            long nanoseconds = (long) NANOSECONDS.get(time, 0L);
            return seconds * 1_000_000 + nanoseconds / 1_000;
        } catch (SystemCallException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("clock_gettime(2) downcall failed", e);
        }
    }
}
