package io.multisystem.chaos.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Real {@code sleep} child processes with a unique command-line marker, killed on close. */
final class ChildProcesses implements AutoCloseable {
    final String marker;
    final List<Process> processes = new ArrayList<>();

    ChildProcesses(int count) throws IOException {
        marker = "300." + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        for (int i = 0; i < count; i++) {
            processes.add(new ProcessBuilder("sleep", marker).start());
        }
    }

    /** A regex matching their command lines. */
    String pattern() {
        return "sleep " + marker.replace(".", "\\\\.");
    }

    long pid(int i) {
        return processes.get(i).pid();
    }

    long stoppedCount() {
        return processes.stream().filter(p -> ProcessTable.isStopped(p.pid())).count();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive() && ProcessTable.isStopped(p.pid())) {
                try {
                    new ProcessTable().signal(p.pid(), null, Provider.ProcessSignal.RESUME);
                } catch (RuntimeException e) {
                    // exited meanwhile
                }
            }
            p.destroyForcibly();
        }
    }
}
