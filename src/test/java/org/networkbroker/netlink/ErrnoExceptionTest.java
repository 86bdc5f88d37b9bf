package org.networkbroker.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.networkbroker.system.Errno;

/** Checks that failed netlink downcalls capture errno and name the call and request. */
class ErrnoExceptionTest {

    @Test
    void exceptionMessageNamesCallRequestAndErrno() {
        ErrnoException exception = new ErrnoException("RTM_DELRULE", Errno.ENOENT,
                "delete rule from 192.0.2.1/32 lookup 10002", "rule not found");

        assertThat(exception.getMessage()).as("message of RTM_DELRULE failure").isEqualTo(
                "RTM_DELRULE failed for delete rule from 192.0.2.1/32 lookup 10002: ENOENT"
                        + " (No such file or directory), kernel reports: rule not found");
        assertThat(exception.errno()).as("errno field").isEqualTo(Errno.ENOENT);
        assertThat(exception.errnoName()).as("errno name").isEqualTo("ENOENT");
        assertThat(exception.call()).as("call").isEqualTo("RTM_DELRULE");
        assertThat(exception.kernelMessage()).as("kernel message").contains("rule not found");
    }

    @Test
    void failedSocketCallCapturesErrno() {
        // Netlink protocol numbers end at 31, so the kernel rejects 99 without side effects.
        assertThatThrownBy(() -> LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW, 99, "open test"))
                .isInstanceOfSatisfying(ErrnoException.class, exception -> {
                    assertThat(exception.errno()).as("errno of socket protocol 99")
                            .isEqualTo(Errno.EPROTONOSUPPORT);
                    assertThat(exception.call()).as("call").isEqualTo("socket");
                    assertThat(exception.request()).as("request").isEqualTo("open test");
                });
    }

    @Test
    void closeOfInvalidDescriptorCapturesEbadf() {
        assertThatThrownBy(() -> LibC.close(-1, "close test"))
                .isInstanceOfSatisfying(ErrnoException.class, exception ->
                        assertThat(exception.errnoName()).as("errno of close(-1)")
                                .isEqualTo("EBADF"));
    }
}
