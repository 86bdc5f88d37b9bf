package org.networkbroker.system;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * Signals whole process groups through kill(2), which the JDK does not offer: its
 * {@link ProcessHandle} reaches one process and its still-attached descendants, but not a
 * child that a script put in the background and that was re-parented.
 *
 * <p>Only this package and the netlink package use java.lang.foreign.
 */
public final class ProcessGroups {

    /** SIGKILL on Linux. */
    public static final int SIGKILL = 9;
    /** SIGTERM on Linux. */
    public static final int SIGTERM = 15;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    /** {@code int kill(pid_t pid, int sig)} from <signal.h>; pid_t is a 32-bit int on Linux. */
    private static final MethodHandle KILL = LINKER.downcallHandle(
            LINKER.defaultLookup().find("kill").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private ProcessGroups() {
    }

    /**
     * Sends a signal to every process of a group.
     *
     * @param groupId the process group id, which is the pid of the group's leader
     * @param signal the signal number, for example {@link #SIGKILL}
     * @return true if the signal was sent, false if the group no longer has any process
     * @throws SystemCallException if kill(2) fails for another reason, such as EPERM
     * @throws IllegalArgumentException if {@code groupId} is not greater than 1, since 0, 1
     *         and negative values would signal far more than one group
     */
    public static boolean kill(long groupId, int signal) throws SystemCallException {
        if (groupId <= 1 || groupId > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("invalid process group id " + groupId);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE_LAYOUT);
            int result = (int) KILL.invokeExact(state, (int) -groupId, signal);
            if (result == 0) {
                return true;
            }
            int errno = (int) ERRNO.get(state, 0L);
            if (errno == Errno.ESRCH) {
                return false;
            }
            throw new SystemCallException("kill(-" + groupId + ", " + signal + ")", errno);
        } catch (SystemCallException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("kill(2) downcall failed", e);
        }
    }
}
