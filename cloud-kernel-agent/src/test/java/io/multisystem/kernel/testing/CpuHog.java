package io.multisystem.kernel.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Busy-looping shell processes that make CPU pressure for live PSI tests: two loops pinned to CPU 0 with taskset when
 * it is installed (so only one core is taken), otherwise one more loop than there are CPUs. {@link #close()} kills them
 * and waits for them to exit.
 */
public final class CpuHog implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();

    public static CpuHog start() throws IOException {
        CpuHog hog = new CpuHog();
        boolean pin = Files.isExecutable(Path.of("/usr/bin/taskset"));
        int count = pin ? 2 : Runtime.getRuntime().availableProcessors() + 1;
        try {
            for (int i = 0; i < count; i++) {
                List<String> command = new ArrayList<>(pin ? List.of("/usr/bin/taskset", "-c", "0") : List.of());
                command.addAll(List.of("sh", "-c", "while :; do :; done"));
                hog.processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            }
        } catch (IOException | RuntimeException e) {
            hog.close();
            throw e;
        }
        return hog;
    }

    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
