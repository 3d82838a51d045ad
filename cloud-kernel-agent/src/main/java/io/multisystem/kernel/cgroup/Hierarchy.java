package io.multisystem.kernel.cgroup;

import java.nio.file.Path;
import java.util.Set;

/** One mounted cgroup hierarchy: its mount point, whether it is the unified (v2) one, and the controllers it carries. */
public record Hierarchy(Path mount, boolean unified, Set<String> controllers) {
    public Hierarchy {
        controllers = Set.copyOf(controllers);
    }

    public Path resolve(CgroupPath group) {
        return mount.resolve(group.value());
    }

    public String label() {
        return unified ? "v2" : "v1:" + String.join(",", new java.util.TreeSet<>(controllers));
    }
}
