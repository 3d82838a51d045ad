package io.multisystem.chaos.experiment;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.NotFoundException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The processes of this machine, for process selectors and signals. A process is identified by pid plus start
 * instant, so a recycled pid is never mistaken for the one that was targeted. The engine's own JVM, its ancestors and
 * pid 1 are protected: they are never returned as candidates and never signalled.
 *
 * <p>Thread-safe. Signals are sent with {@link ProcessHandle} (SIGTERM, SIGKILL) and the {@code kill} command
 * (SIGSTOP, SIGCONT), which Java has no API for.
 */
public class ProcessTable {
    /** One process: pid, short name (executable base name), full command line, and start instant (or null). */
    public record Info(long pid, String name, String commandLine, Instant started) {
    }

    private final Set<Long> protectedPids;

    public ProcessTable() {
        Set<Long> pids = new HashSet<>();
        pids.add(1L);
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            pids.add(p.get().pid());
        }
        this.protectedPids = Set.copyOf(pids);
    }

    /** Whether a pid may never be targeted. */
    public boolean isProtected(long pid) {
        return protectedPids.contains(pid);
    }

    /** Every live, unprotected process this JVM can see. */
    public List<Info> list() {
        List<Info> result = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            if (!isProtected(p.pid())) {
                describe(p).ifPresent(result::add);
            }
        });
        return result;
    }

    /** The live process with this pid, if any. */
    public Optional<Info> find(long pid) {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).flatMap(ProcessTable::describe);
    }

    /**
     * Sends a signal to a live process.
     *
     * @param started the start instant the target had when selected; if it differs the pid was recycled
     * @throws NotFoundException {@code TARGET_VANISHED} if the process no longer exists (or is another one)
     * @throws FailedPreconditionException {@code PROTECTED_TARGET} for a protected pid, {@code PROVIDER_FAILED} if
     *         the signal cannot be sent
     */
    public void signal(long pid, Instant started, Provider.ProcessSignal signal) {
        if (isProtected(pid)) {
            throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROTECTED_TARGET,
                    "process " + pid + " is protected (pid 1, the engine or its ancestors)");
        }
        ProcessHandle handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElseThrow(() -> vanished(pid));
        Instant now = handle.info().startInstant().orElse(null);
        if (started != null && now != null && !started.equals(now)) {
            throw vanished(pid);
        }
        switch (signal) {
            case KILL -> handle.destroyForcibly();
            case TERMINATE -> handle.destroy();
            case PAUSE -> {
                kill("-STOP", pid);
                awaitStopped(pid, true);
            }
            case RESUME -> {
                kill("-CONT", pid);
                awaitStopped(pid, false);
            }
        }
    }

    /**
     * Signals are delivered asynchronously: a pause is only done once the kernel shows the process stopped, so that
     * probes run after it observe the fault. Gives up quietly after two seconds (or if /proc is unavailable).
     */
    private static void awaitStopped(long pid, boolean stopped) {
        if (!java.nio.file.Files.exists(Path.of("/proc", String.valueOf(pid), "stat"))) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (isStopped(pid) != stopped && System.nanoTime() - deadline < 0
                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Whether the process is stopped (state T in /proc), for tests and status; false when unknown. */
    public static boolean isStopped(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            return state == 'T' || state == 't';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static NotFoundException vanished(long pid) {
        return new NotFoundException(ChaosErrors.COMPONENT, "TARGET_VANISHED", "process " + pid + " no longer exists");
    }

    private static void kill(String signal, long pid) {
        try {
            Process p = new ProcessBuilder("kill", signal, String.valueOf(pid)).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                String out = new String(p.getInputStream().readAllBytes()).trim();
                p.destroyForcibly();
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED,
                            "kill " + signal + " " + pid + " failed: " + out);
                }
                throw vanished(pid);
            }
        } catch (IOException e) {
            throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED,
                    "cannot run the kill command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED,
                    "interrupted while signalling " + pid);
        }
    }

    private static Optional<Info> describe(ProcessHandle p) {
        ProcessHandle.Info info = p.info();
        String command = info.command().orElse(null);
        String line = info.commandLine().orElse(command);
        if (line == null) {
            line = cmdline(p.pid());
            if (line == null) {
                return Optional.empty();
            }
        }
        String exe = command != null ? command : line.split(" ", 2)[0];
        String name = Path.of(exe).getFileName() == null ? exe : Path.of(exe).getFileName().toString();
        return Optional.of(new Info(p.pid(), name, line, info.startInstant().orElse(null)));
    }

    private static String cmdline(long pid) {
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
            String s = new String(raw).replace('\0', ' ').trim();
            return s.isEmpty() ? null : s;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
