package io.multisystem.kernel.cli;

import io.multisystem.kernel.agent.KernelAgentOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/** Where an in-process command looks (fixture trees work too) and which cgroup roots it may touch. */
public final class AgentRoots {
    @Option(names = "--cgroup-root", paramLabel = "DIR", description = "cgroup mount root (default: /sys/fs/cgroup).")
    Path cgroupRoot = Path.of("/sys/fs/cgroup");

    @Option(names = "--proc-root", paramLabel = "DIR", description = "procfs root (default: /proc).")
    Path procRoot = Path.of("/proc");

    @Option(names = "--sys-root", paramLabel = "DIR", description = "sysfs root (default: /sys).")
    Path sysRoot = Path.of("/sys");

    @Option(names = "--managed-root", paramLabel = "PATH",
            description = "cgroup root the command may touch; repeatable (default: " + KernelAgentOptions.DEFAULT_MANAGED_ROOT + ").")
    List<String> managedRoots = List.of(KernelAgentOptions.DEFAULT_MANAGED_ROOT);

    KernelAgentOptions options() {
        return KernelAgentOptions.live().withCgroupRoot(cgroupRoot).withProcRoot(procRoot).withSysRoot(sysRoot)
                .withManagedRoots(managedRoots);
    }
}
