package io.multisystem.kernel.agent;

import io.multisystem.kernel.cgroup.CgroupPath;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the agent looks and what it may touch: the cgroup mount root, procfs and sysfs roots (fixture trees in tests),
 * the managed cgroup roots, the blocklist capacity per address family, and whether groups this agent created are
 * removed when it shuts down.
 */
public record KernelAgentOptions(Path cgroupRoot, Path procRoot, Path sysRoot, List<CgroupPath> managedRoots,
                                 int maxPrefixes, boolean removeCreatedOnClose) {
    public static final String DEFAULT_MANAGED_ROOT = "multisystem.slice";

    public KernelAgentOptions {
        managedRoots = List.copyOf(managedRoots);
    }

    public static KernelAgentOptions live() {
        return new KernelAgentOptions(Path.of("/sys/fs/cgroup"), Path.of("/proc"), Path.of("/sys"),
                List.of(CgroupPath.of(DEFAULT_MANAGED_ROOT)), 131_072, false);
    }

    public KernelAgentOptions withCgroupRoot(Path root) {
        return new KernelAgentOptions(root, procRoot, sysRoot, managedRoots, maxPrefixes, removeCreatedOnClose);
    }

    public KernelAgentOptions withProcRoot(Path root) {
        return new KernelAgentOptions(cgroupRoot, root, sysRoot, managedRoots, maxPrefixes, removeCreatedOnClose);
    }

    public KernelAgentOptions withSysRoot(Path root) {
        return new KernelAgentOptions(cgroupRoot, procRoot, root, managedRoots, maxPrefixes, removeCreatedOnClose);
    }

    public KernelAgentOptions withManagedRoots(List<String> roots) {
        return new KernelAgentOptions(cgroupRoot, procRoot, sysRoot, roots.stream().map(CgroupPath::of).toList(), maxPrefixes,
                removeCreatedOnClose);
    }

    public KernelAgentOptions withMaxPrefixes(int max) {
        return new KernelAgentOptions(cgroupRoot, procRoot, sysRoot, managedRoots, max, removeCreatedOnClose);
    }

    public KernelAgentOptions withRemoveCreatedOnClose(boolean remove) {
        return new KernelAgentOptions(cgroupRoot, procRoot, sysRoot, managedRoots, maxPrefixes, remove);
    }
}
