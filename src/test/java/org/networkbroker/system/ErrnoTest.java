package org.networkbroker.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Checks errno names and the C library's texts for them. */
class ErrnoTest {

    @Test
    void namesFollowAsmGenericHeaders() {
        assertThat(Errno.name(Errno.EPERM)).as("name of 1").isEqualTo("EPERM");
        assertThat(Errno.name(Errno.ENOENT)).as("name of 2").isEqualTo("ENOENT");
        assertThat(Errno.name(Errno.ENOBUFS)).as("name of 105").isEqualTo("ENOBUFS");
        assertThat(Errno.name(133)).as("name of 133").isEqualTo("EHWPOISON");
        assertThat(Errno.name(41)).as("name of unused 41").isEqualTo("errno 41");
        assertThat(Errno.name(0)).as("name of 0").isEqualTo("errno 0");
        assertThat(Errno.name(-3)).as("name of -3").isEqualTo("errno -3");
    }

    @Test
    void descriptionComesFromCLibrary() {
        assertThat(Errno.description(Errno.ENOENT)).as("text of ENOENT")
                .isEqualTo("No such file or directory");
        assertThat(Errno.description(Errno.ENOBUFS)).as("text of ENOBUFS")
                .isEqualTo("No buffer space available");
    }
}
