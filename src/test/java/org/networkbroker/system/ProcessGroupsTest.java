package org.networkbroker.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessGroupsTest {

    private Process started;

    @AfterEach
    void stopStartedProcess() {
        if (started != null && started.isAlive()) {
            started.destroyForcibly();
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 0, -1, -1234, Integer.MIN_VALUE, Integer.MAX_VALUE + 1L})
    void killRejectsUnsafeGroupId(long groupId) {
        assertThatThrownBy(() -> ProcessGroups.kill(groupId, ProcessGroups.SIGKILL))
                .as("kill of process group %d", groupId)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Long.toString(groupId));
    }

    @Test
    @Timeout(30)
    void killEndsStartedGroup() throws IOException, InterruptedException {
        started = startGroupLeader();

        boolean sent = ProcessGroups.kill(started.pid(), ProcessGroups.SIGKILL);

        assertThat(sent).as("kill result for process group %d", started.pid()).isTrue();
        assertThat(started.waitFor()).as("exit status of killed leader %d", started.pid())
                .isEqualTo(128 + ProcessGroups.SIGKILL);
    }

    @Test
    @Timeout(30)
    void killOfEndedGroupReturnsFalse() throws IOException, InterruptedException {
        started = startGroupLeader();
        started.destroyForcibly().waitFor();

        boolean sent = ProcessGroups.kill(started.pid(), ProcessGroups.SIGTERM);

        assertThat(sent).as("kill result for ended process group %d", started.pid()).isFalse();
    }

    @Test
    void killOfUnusedGroupIdReturnsFalse() throws IOException {
        long pidMax = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).strip());
        long unused = pidMax + 1;

        boolean sent = ProcessGroups.kill(unused, ProcessGroups.SIGTERM);

        assertThat(sent).as("kill result for process group %d above pid_max", unused).isFalse();
    }

    /**
     * Starts {@code sleep 100} through setsid(1). The JVM's child is not a group leader, so
     * setsid calls setsid(2) and execs sleep in place: the pid is also the process group id.
     */
    private static Process startGroupLeader() throws IOException, InterruptedException {
        Process process = new ProcessBuilder("setsid", "sleep", "100")
                .redirectErrorStream(true)
                .start();
        waitUntilGroupLeader(process.pid());
        return process;
    }

    private static void waitUntilGroupLeader(long pid) throws IOException, InterruptedException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        while (processGroupOf(stat) != pid) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** Reads field 5 (pgrp) of proc_pid_stat(5), after the command name, which may have spaces. */
    private static long processGroupOf(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[2]);
    }
}
