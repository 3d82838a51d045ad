package io.multisystem.kernel.cgroup;

import java.util.List;

/** A managed group: its path, the hierarchies it exists in, and how many processes it holds directly. */
public record CgroupInfo(String path, List<String> hierarchies, int processes) {
    public CgroupInfo {
        hierarchies = List.copyOf(hierarchies);
    }
}
