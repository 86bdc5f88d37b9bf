package org.networkbroker.dispatch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.networkbroker.system.OutputPipe;
import org.networkbroker.system.ProcessGroups;
import org.networkbroker.system.SystemCallException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scripts, each in a process group of its own, with a time limit.
 *
 * <p>Each script starts through {@code setsid(1)}, which makes it the leader of a new session
 * and process group (it calls setsid(2) and then execs the script in place, since a child of
 * the JVM is never a group leader). At the time limit the whole group gets SIGKILL, so children
 * the script left behind cannot outlive it by holding on to the broker's pipes. A background
 * child that closed or redirected its output is left alone: that is how a script starts a
 * daemon on purpose.
 */
public final class ScriptRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScriptRunner.class);
    private static final List<Path> SETSID_LOCATIONS =
            List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final File DEV_NULL = new File("/dev/null");
    /**
     * How long the output readers get to reach the end of the output after a timed-out
     * script's group was killed. SIGKILL usually ends a process within milliseconds; this is
     * a margin, not a measured bound.
     */
    private static final Duration KILL_GRACE = Duration.ofSeconds(1);
    private static final Duration OUTPUT_GRACE = Duration.ofMillis(200);

    private final String setsid;
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    /** Threads that wait for the output of scripts that exited and left children behind. */
    private final Set<Thread> watchers = ConcurrentHashMap.newKeySet();
    private volatile Duration timeout;
    private volatile boolean closed;

    /**
     * Creates a runner.
     *
     * @param timeout how long a script may run before its process group is killed
     * @throws IllegalStateException if setsid(1) from util-linux is not installed
     */
    public ScriptRunner(Duration timeout) {
        this.timeout = timeout;
        this.setsid = SETSID_LOCATIONS.stream()
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(
                        "setsid not found in /usr/bin or /bin; install util-linux"));
    }

    /**
     * Runs one script and, unless its name ends in {@code -nowait}, waits until it exits or
     * its time runs out. Failures are logged, never thrown, so the next script still runs.
     *
     * @param script the script
     * @param arguments its arguments, {@code $1} first
     * @param environment its complete environment
     * @param label names the run in log lines
     */
    void run(Script script, List<String> arguments, Map<String, String> environment,
            RunLabel label) {
        if (closed) {
            log.debug("script not started, broker stopping {} script={}", label.subject(),
                    script.name());
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(setsid);
        command.add("--");
        command.add(script.path().toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(new File("/"))
                .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
        builder.environment().clear();
        builder.environment().putAll(environment);

        long started = System.nanoTime();
        Process process;
        OutputPipe stdoutPipe = null;
        OutputPipe stderrPipe = null;
        try {
            stdoutPipe = OutputPipe.open();
            stderrPipe = OutputPipe.open();
            builder.redirectOutput(stdoutPipe.writerPath())
                    .redirectError(stderrPipe.writerPath());
            process = builder.start();
        } catch (IOException e) {
            failed.incrementAndGet();
            log.warn("script failed to start {} state={} script={}", label.subject(),
                    label.state(), script.path(), e);
            closeReaders(stdoutPipe, stderrPipe);
            return;
        } finally {
            // Only the script and what it starts keep the write ends from here on.
            closeWriters(stdoutPipe, stderrPipe);
        }
        running.add(process);
        log.debug("script started {} state={} script={} pid={}", label.subject(),
                label.state(), script.path(), process.pid());
        Thread stdout = OutputPump.start(stdoutPipe.reader(), "stdout", label);
        Thread stderr = OutputPump.start(stderrPipe.reader(), "stderr", label);
        Run run = new Run(process, started, label, stdout, stderr);
        if (script.noWait()) {
            Thread.ofVirtual().name("nowait-" + script.name()).start(run::await);
        } else {
            run.await();
        }
    }

    /** One started script: waits for it, enforces the time limit and logs the result. */
    private final class Run {
        private final Process process;
        private final long started;
        private final RunLabel label;
        private final Thread stdout;
        private final Thread stderr;

        Run(Process process, long started, RunLabel label, Thread stdout, Thread stderr) {
            this.process = process;
            this.started = started;
            this.label = label;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        void await() {
            Duration limit = timeout;
            long deadline = started + limit.toNanos();
            try {
                boolean exited = process.waitFor(remaining(deadline), TimeUnit.NANOSECONDS);
                if (!exited) {
                    log.warn("script timed out {} state={} script={} timeout={}s; killing its"
                            + " process group", label.subject(), label.state(), label.script(),
                            limit.toSeconds());
                    killGroup();
                    process.waitFor();
                }
                // Let the output reach the log before the result line. Children left in the
                // background may hold the pipes open, so this waits only briefly.
                stdout.join(OUTPUT_GRACE);
                stderr.join(OUTPUT_GRACE);
                report(exited);
                // After a kill, the group's other processes close the output pipes as they
                // exit, which can be just after the script itself is reaped.
                long outputDeadline = exited
                        ? deadline : System.nanoTime() + KILL_GRACE.toNanos();
                if (exited && groupHasProcesses()) {
                    // Children in the background may hold stdout or stderr open until the
                    // time limit. Waiting for them here would hold back the next script.
                    Thread watcher = Thread.ofVirtual()
                            .name("children-" + label.script())
                            .unstarted(() -> awaitOutput(outputDeadline));
                    watchers.add(watcher);
                    watcher.start();
                } else {
                    awaitOutput(outputDeadline);
                }
            } catch (InterruptedException e) {
                killGroup();
                Thread.currentThread().interrupt();
            } finally {
                running.remove(process);
            }
        }

        /**
         * Waits until the output streams end or the time limit passes, and then kills the
         * process group if something in it still keeps them open.
         */
        private void awaitOutput(long deadline) {
            try {
                stdout.join(Duration.ofNanos(remaining(deadline)));
                stderr.join(Duration.ofNanos(remaining(deadline)));
                if (stdout.isAlive() || stderr.isAlive()) {
                    log.warn("script left children holding its output {} state={} script={};"
                            + " killing its process group", label.subject(), label.state(),
                            label.script());
                    killGroup();
                }
            } catch (InterruptedException e) {
                killGroup();
                Thread.currentThread().interrupt();
            } finally {
                watchers.remove(Thread.currentThread());
            }
        }

        /**
         * Returns whether the script's process group still has a process, zombies included.
         * Signal 0 makes kill(2) check the group without sending anything.
         */
        private boolean groupHasProcesses() {
            try {
                return ProcessGroups.kill(process.pid(), 0);
            } catch (SystemCallException e) {
                log.debug("checking the process group failed {} script={} pgid={}",
                        label.subject(), label.script(), process.pid(), e);
                return true;
            }
        }

        private void report(boolean exited) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            int exit = process.exitValue();
            if (exited && exit == 0) {
                succeeded.incrementAndGet();
                log.info("script finished {} state={} script={} exit=0 ms={}", label.subject(),
                        label.state(), label.script(), millis);
            } else if (exited) {
                failed.incrementAndGet();
                log.warn("script failed {} state={} script={} exit={}{} ms={}", label.subject(),
                        label.state(), label.script(), exit, signalNote(exit), millis);
            } else {
                failed.incrementAndGet();
                log.info("script killed {} state={} script={} exit={} ms={}", label.subject(),
                        label.state(), label.script(), exit, millis);
            }
        }

        private void killGroup() {
            try {
                ProcessGroups.kill(process.pid(), ProcessGroups.SIGKILL);
            } catch (SystemCallException e) {
                log.warn("killing the process group failed {} script={} pgid={}",
                        label.subject(), label.script(), process.pid(), e);
                process.destroyForcibly();
            }
        }
    }

    private static void closeWriters(OutputPipe... pipes) {
        for (OutputPipe pipe : pipes) {
            if (pipe != null) {
                pipe.closeWriter();
            }
        }
    }

    private static void closeReaders(OutputPipe... pipes) {
        for (OutputPipe pipe : pipes) {
            if (pipe != null) {
                try {
                    pipe.reader().close();
                } catch (IOException e) {
                    log.debug("closing a script output pipe failed", e);
                }
            }
        }
    }

    /**
     * Names the signal behind an exit status above 128, which the JDK reports for a process
     * that a signal ended, such as 143 for SIGTERM.
     */
    static String signalNote(int exit) {
        String name = switch (exit - 128) {
            case 1 -> "HUP";
            case 2 -> "INT";
            case 3 -> "QUIT";
            case 4 -> "ILL";
            case 6 -> "ABRT";
            case 7 -> "BUS";
            case 8 -> "FPE";
            case 9 -> "KILL";
            case 11 -> "SEGV";
            case 13 -> "PIPE";
            case 14 -> "ALRM";
            case 15 -> "TERM";
            default -> null;
        };
        return name == null ? "" : " signal=" + name;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /** Starts no more scripts; the running ones go on until they exit or time out. */
    public void stopStarting() {
        closed = true;
    }

    /**
     * Starts no more scripts and waits for the running ones, and for children of finished
     * scripts that still hold their output, each until its own time limit, at which the
     * process group is killed as usual.
     */
    @Override
    public void close() {
        closed = true;
        long limit = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(5);
        for (Process process : List.copyOf(running)) {
            try {
                process.onExit().get(remaining(limit), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                log.warn("script still running at shutdown pid={}", process.pid());
            }
        }
        for (Thread watcher : List.copyOf(watchers)) {
            try {
                watcher.join(Duration.ofNanos(remaining(limit)));
            } catch (InterruptedException e) {
                log.warn("stopped waiting for the children of finished scripts");
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Changes the time limit of scripts that start from now on, after a reload.
     *
     * @param limit how long a script may run before its process group is killed
     */
    public void setTimeout(Duration limit) {
        this.timeout = limit;
    }

    /**
     * Returns how many script runs ended with exit status 0.
     *
     * @return the count since the runner was created
     */
    public long succeededCount() {
        return succeeded.get();
    }

    /**
     * Returns how many script runs failed: they could not start, exited with another status
     * or were killed at their time limit.
     *
     * @return the count since the runner was created
     */
    public long failedCount() {
        return failed.get();
    }

    /**
     * Returns how many scripts are running now, background ones included.
     *
     * @return the number of script processes not yet reaped
     */
    public int runningCount() {
        return running.size();
    }
}
