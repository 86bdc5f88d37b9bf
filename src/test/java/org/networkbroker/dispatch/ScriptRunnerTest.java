package org.networkbroker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.networkbroker.LogCapture;

/** Tests of script runs with real shell scripts written to a temporary folder. */
class ScriptRunnerTest {

    private static final String SUBJECT = "link=eth0 ifindex=2";

    @TempDir
    Path temp;

    private LogCapture runnerLog;
    private LogCapture outputLog;
    private ScriptRunner runner;
    private final List<Long> strayPids = new ArrayList<>();

    @BeforeEach
    void captureLogs() {
        runnerLog = LogCapture.of(ScriptRunner.class);
        outputLog = LogCapture.of("script");
    }

    @AfterEach
    void cleanUp() {
        if (runner != null) {
            runner.close();
        }
        for (long pid : strayPids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        runnerLog.close();
        outputLog.close();
    }

    @Test
    @Timeout(30)
    void runLogsExitZeroAtInfo() {
        runner = new ScriptRunner(Duration.ofSeconds(20));

        run(script("10-ok", "exit 0"));

        assertThat(runnerLog.messages(Level.INFO, "script finished"))
                .as("info lines for 10-ok").singleElement().asString()
                .contains("script finished " + SUBJECT + " state=routable script=10-ok exit=0");
        assertThat(runnerLog.messages(Level.WARN, "")).as("warnings for 10-ok").isEmpty();
    }

    @Test
    @Timeout(30)
    void runLogsFailureAtWarn() {
        runner = new ScriptRunner(Duration.ofSeconds(20));

        run(script("20-fail", "exit 3"));

        assertThat(runnerLog.messages(Level.WARN, "script failed"))
                .as("warnings for 20-fail").singleElement().asString()
                .contains(SUBJECT)
                .contains("script=20-fail")
                .contains("exit=3");
    }

    @Test
    @Timeout(30)
    void runLogsOutputLines() {
        runner = new ScriptRunner(Duration.ofSeconds(20));

        run(script("30-talk", "echo hello from stdout\necho oops on stderr >&2"));

        assertThat(outputLog.messages(Level.INFO, "stdout: hello from stdout"))
                .as("stdout line of 30-talk").singleElement().asString()
                .contains(SUBJECT)
                .contains("script=30-talk");
        assertThat(outputLog.messages(Level.INFO, "stderr: oops on stderr"))
                .as("stderr line of 30-talk").singleElement().asString()
                .contains("script=30-talk");
    }

    @Test
    @Timeout(30)
    void runPassesArgumentsAndEnvironment() throws IOException {
        runner = new ScriptRunner(Duration.ofSeconds(20));
        Path result = temp.resolve("result");
        Script script = script("40-args", """
                printf '%s\\n' "$#" "$1" "$2" > "$RESULT"
                tr '\\0' '\\n' < /proc/$$/environ > "$RESULT.env"
                """);
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", ScriptEnvironment.PATH);
        environment.put("LANG", ScriptEnvironment.LANG);
        environment.put("LINK", "eth0");
        environment.put("DHCP_LEASE", "ADDRESS=192.0.2.7 ROUTER=192.0.2.1");
        environment.put("RESULT", result.toString());

        runner.run(script, List.of("routable", "eth0 $(id) *"), environment,
                new RunLabel(SUBJECT, "routable", script.name()));

        assertThat(Files.readAllLines(result)).as("arguments seen by 40-args")
                .containsExactly("2", "routable", "eth0 $(id) *");
        List<String> expected = environment.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue())
                .toList();
        assertThat(Files.readAllLines(Path.of(result + ".env")))
                .as("environment seen by 40-args").containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    @Timeout(30)
    void runGivesDevNullAsStdin() throws IOException {
        runner = new ScriptRunner(Duration.ofSeconds(20));
        Path result = temp.resolve("result");

        run(script("50-stdin", """
                if read -r line; then echo "read: $line"; else echo eof; fi > "$RESULT"
                readlink /proc/$$/fd/0 >> "$RESULT"
                """), result);

        assertThat(Files.readAllLines(result)).as("stdin of 50-stdin")
                .containsExactly("eof", "/dev/null");
    }

    @Test
    @Timeout(30)
    void runMakesScriptGroupLeader() throws IOException {
        runner = new ScriptRunner(Duration.ofSeconds(20));
        Path result = temp.resolve("result");

        run(script("60-group", """
                echo "$$ $(cut -d' ' -f5,6 /proc/$$/stat)" > "$RESULT"
                """), result);

        String[] ids = Files.readString(result).strip().split(" ");
        assertThat(ids).as("pid, process group and session of 60-group").hasSize(3);
        assertThat(ids[1]).as("process group of 60-group (pid %s)", ids[0]).isEqualTo(ids[0]);
        assertThat(ids[2]).as("session of 60-group (pid %s)", ids[0]).isEqualTo(ids[0]);
    }

    @Test
    @Timeout(30)
    void runKillsScriptAtTimeout() throws IOException, InterruptedException {
        runner = new ScriptRunner(Duration.ofSeconds(1));
        Path result = temp.resolve("result");

        run(script("70-hang", """
                echo $$ > "$RESULT"
                sleep 1000 &
                echo $! >> "$RESULT"
                wait
                """), result);

        List<Long> pids = pids(result);
        assertThat(pids).as("pids of 70-hang and its sleep").hasSize(2);
        assertThat(runnerLog.messages(Level.WARN, "script timed out"))
                .as("timeout warnings for 70-hang").singleElement().asString()
                .contains("script=70-hang")
                .contains("timeout=1s");
        assertThat(runnerLog.messages(Level.INFO, "script killed"))
                .as("kill lines for 70-hang").singleElement().asString()
                .contains("script=70-hang")
                .contains("exit=137");
        assertThat(runnerLog.messages(Level.WARN, "children holding its output"))
                .as("warnings about output held after 70-hang was killed").isEmpty();
        for (long pid : pids) {
            awaitEnd(pid);
            assertThat(isRunning(pid)).as("process %d of 70-hang after the timeout", pid)
                    .isFalse();
        }
    }

    @Test
    @Timeout(30)
    void runReturnsWhileChildHoldsOutput() throws IOException, InterruptedException {
        runner = new ScriptRunner(Duration.ofSeconds(3));
        Path result = temp.resolve("result");

        run(script("80-daemonish", """
                sleep 1000 &
                echo $! > "$RESULT"
                echo started
                """), result);

        long child = pids(result).getFirst();
        assertThat(runnerLog.messages(Level.INFO, "script finished"))
                .as("finish lines of 80-daemonish").singleElement().asString()
                .contains("exit=0");
        assertThat(isRunning(child))
                .as("background child %d when run() of 80-daemonish returned", child)
                .isTrue();

        awaitEnd(child);
        assertThat(isRunning(child)).as("background child %d after the timeout", child)
                .isFalse();
        assertThat(runnerLog.messages(Level.WARN, "children holding its output"))
                .as("warnings about the child of 80-daemonish").singleElement().asString()
                .contains("script=80-daemonish");
    }

    @Test
    @Timeout(30)
    void runLeavesRedirectedChildAlone() throws IOException, InterruptedException {
        runner = new ScriptRunner(Duration.ofSeconds(1));
        Path result = temp.resolve("result");

        run(script("85-daemon", """
                sleep 1000 > /dev/null 2>&1 &
                echo $! > "$RESULT"
                """), result);
        long child = pids(result).getFirst();
        runner.close();

        assertThat(isRunning(child)).as("redirected child %d of 85-daemon after close", child)
                .isTrue();
        assertThat(runnerLog.messages(Level.WARN, "")).as("warnings for 85-daemon").isEmpty();
    }

    @Test
    @Timeout(30)
    void runReturnsAtOnceForNowait() throws IOException, InterruptedException {
        runner = new ScriptRunner(Duration.ofSeconds(20));
        Path result = temp.resolve("result");
        Path fifo = mkfifo(temp.resolve("fifo"));

        run(script("90-vpn-nowait", "read -r line < \"$FIFO\"\necho \"$line\" > \"$RESULT\""),
                result, fifo);

        assertThat(runner.runningCount()).as("running scripts after run() of 90-vpn-nowait")
                .isEqualTo(1);
        assertThat(result).as("result of 90-vpn-nowait before it is released").doesNotExist();
        release(fifo);
        runner.close();
        assertThat(Files.readString(result)).as("result of 90-vpn-nowait").isEqualTo("go\n");
    }

    @Test
    @Timeout(30)
    void closeWaitsForRunningScripts() throws IOException, InterruptedException {
        runner = new ScriptRunner(Duration.ofSeconds(20));
        Path result = temp.resolve("result");
        Path fifo = mkfifo(temp.resolve("fifo"));
        run(script("95-slow-nowait", """
                read -r line < "$FIFO"
                sleep 1
                echo done > "$RESULT"
                """), result, fifo);

        release(fifo);
        runner.close();

        assertThat(result).as("result of 95-slow-nowait when close() returned")
                .hasContent("done");
    }

    @Test
    @Timeout(30)
    void runAfterCloseStartsNothing() {
        runner = new ScriptRunner(Duration.ofSeconds(20));
        Path result = temp.resolve("result");
        runner.close();

        run(script("99-late", "echo ran > \"$RESULT\""), result);

        assertThat(result).as("result of 99-late, run after close()").doesNotExist();
    }

    @Test
    @Timeout(60)
    void runTruncatesLargeOutput() {
        runner = new ScriptRunner(Duration.ofSeconds(30));
        // 2048 lines of 99 characters and a newline: 204,800 bytes, over OutputPump.MAX_LOGGED.
        String line = "x".repeat(99);

        run(script("30-chatty", "yes " + line + " | head -n 2048"));

        long expectedLines = OutputPump.MAX_LOGGED / 100;
        List<String> logged = outputLog.messages(Level.INFO, "script=30-chatty stdout: ");
        assertThat(logged).as("logged stdout lines of 30-chatty").hasSize((int) expectedLines);
        assertThat(logged).as("logged stdout lines of 30-chatty")
                .allMatch(message -> message.endsWith(": " + line));
        assertThat(outputLog.messages(Level.WARN, "script output truncated"))
                .as("truncation warnings for 30-chatty").singleElement().asString()
                .contains("script=30-chatty")
                .contains("stream=stdout")
                .contains("logged=" + expectedLines * 100)
                .contains("dropped=" + (204_800 - expectedLines * 100));
    }

    @Test
    @Timeout(60)
    void runDropsShortLineAfterCut() {
        runner = new ScriptRunner(Duration.ofSeconds(30));

        // 66 lines of 999 characters and a newline, then "tail": the cut falls after line 65.
        run(script("30-tail", "yes " + "y".repeat(999) + " | head -n 66\necho tail"));

        assertThat(outputLog.messages(Level.INFO, "script=30-tail stdout: "))
                .as("logged stdout lines of 30-tail").hasSize(65);
        assertThat(outputLog.messages(Level.INFO, "stdout: tail"))
                .as("lines of 30-tail after the cut").isEmpty();
        assertThat(outputLog.messages(Level.WARN, "script output truncated"))
                .as("truncation warnings for 30-tail").singleElement().asString()
                .contains("logged=65000")
                .contains("dropped=1005");
    }

    @Test
    @Timeout(60)
    void runCountsUnterminatedLastLine() {
        runner = new ScriptRunner(Duration.ofSeconds(30));

        // 35,000 lines "x" and a last line "abc" without a newline: 70,003 bytes.
        run(script("30-unterminated", "yes x | head -c 70000\nprintf abc"));

        assertThat(outputLog.messages(Level.WARN, "script output truncated"))
                .as("truncation warnings for 30-unterminated").singleElement().asString()
                .contains("logged=65536")
                .contains("dropped=4467");
    }

    @Test
    @Timeout(120)
    void runDropsOutputBeyondLimit() {
        runner = new ScriptRunner(Duration.ofSeconds(100));

        // 64 MiB on one line: the pump must drop it while reading, not hold it.
        run(script("30-flood", "head -c 67108864 /dev/zero | tr '\\0' z"));

        long loggedBytes = outputLog.events().stream()
                .filter(event -> event.getLevel() == Level.INFO)
                .map(ILoggingEvent::getFormattedMessage)
                .mapToLong(String::length)
                .sum();
        assertThat(loggedBytes).as("bytes logged for 30-flood")
                .isLessThan(OutputPump.MAX_LOGGED);
        assertThat(outputLog.messages(Level.WARN, "script output truncated"))
                .as("truncation warnings for 30-flood").singleElement().asString()
                .contains("script=30-flood")
                .contains("logged=0");
        assertThat(runnerLog.messages(Level.INFO, "script finished"))
                .as("finish lines of 30-flood").singleElement().asString().contains("exit=0");
    }

    @Test
    @Timeout(30)
    void runCutsVeryLongLine() {
        runner = new ScriptRunner(Duration.ofSeconds(20));

        run(script("30-long", "head -c 10000 /dev/zero | tr '\\0' y\necho\necho after"));

        String cut = "y".repeat(OutputPump.MAX_LINE);
        assertThat(outputLog.messages(Level.INFO, "stdout: y"))
                .as("long stdout line of 30-long").singleElement().asString()
                .endsWith("stdout: " + cut + " [line cut at 4096 bytes]");
        assertThat(outputLog.messages(Level.INFO, "stdout: after"))
                .as("line after the long one").hasSize(1);
    }

    private Script script(String name, String body) {
        Path file = temp.resolve(name);
        try {
            Files.writeString(file, "#!/bin/sh\n" + body + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write test script " + file, e);
        }
        return new Script(name, file);
    }

    private void run(Script script) {
        run(script, temp.resolve("unused"));
    }

    private void run(Script script, Path result) {
        run(script, result, temp.resolve("no-fifo"));
    }

    private void run(Script script, Path result, Path fifo) {
        Map<String, String> environment = Map.of(
                "PATH", ScriptEnvironment.PATH,
                "RESULT", result.toString(),
                "FIFO", fifo.toString());
        runner.run(script, List.of("routable", "eth0"), environment,
                new RunLabel(SUBJECT, "routable", script.name()));
    }

    /** Reads the pids a script wrote, one a line, and remembers them for clean-up. */
    private List<Long> pids(Path result) throws IOException {
        List<Long> pids = Files.readAllLines(result).stream().map(Long::parseLong).toList();
        strayPids.addAll(pids);
        return pids;
    }

    /** Returns whether a process exists and is not a zombie waiting to be reaped. */
    private static boolean isRunning(long pid) throws IOException {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        } catch (NoSuchFileException e) {
            return false;
        }
        char state = stat.charAt(stat.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    private static void awaitEnd(long pid) throws IOException, InterruptedException {
        while (isRunning(pid)) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private static Path mkfifo(Path path) throws IOException, InterruptedException {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor()).as("exit status of mkfifo %s", path).isZero();
        return path;
    }

    /** Writes one line to a FIFO; opening it blocks until the script opens it to read. */
    private static void release(Path fifo) throws IOException {
        try (OutputStream out = Files.newOutputStream(fifo)) {
            out.write("go\n".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void signalNoteNamesTheSignal() {
        assertThat(ScriptRunner.signalNote(143)).as("note for exit 143").isEqualTo(" signal=TERM");
        assertThat(ScriptRunner.signalNote(137)).as("note for exit 137").isEqualTo(" signal=KILL");
        assertThat(ScriptRunner.signalNote(3)).as("note for exit 3").isEmpty();
        assertThat(ScriptRunner.signalNote(255)).as("note for exit 255").isEmpty();
    }
}
