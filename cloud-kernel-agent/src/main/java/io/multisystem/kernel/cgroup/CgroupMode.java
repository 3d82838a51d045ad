package io.multisystem.kernel.cgroup;

/** How the machine mounts cgroups: only the unified v2 hierarchy, only v1 controllers, or v1 controllers beside a v2 mount. */
public enum CgroupMode {
    V2, V1, HYBRID
}
