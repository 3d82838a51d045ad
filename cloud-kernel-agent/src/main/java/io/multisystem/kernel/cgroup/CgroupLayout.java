package io.multisystem.kernel.cgroup;

import io.multisystem.kernel.KernelFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Detects the cgroup layout under a configurable cgroup root (normally {@code /sys/fs/cgroup}), so the same code reads
 * the live system and fixture trees:
 * <ul>
 *   <li>the root itself holds {@code cgroup.controllers}: pure v2, controllers from that file;</li>
 *   <li>otherwise each subdirectory is a hierarchy: one holding {@code cgroup.controllers} is the unified v2 mount
 *       (hybrid mode; on hybrid systems it usually carries no controllers but gives per-group PSI), any other is a v1
 *       mount whose controllers are the comma-separated directory name ({@code cpu,cpuacct}), confirmed by a control
 *       file of that controller; named hierarchies without controllers ({@code systemd}) are skipped; symlinked
 *       aliases ({@code cpu -> cpu,cpuacct}) are counted once.</li>
 * </ul>
 * For each controller, {@link #hierarchyFor} prefers the v2 hierarchy when it carries the controller, else the v1 one.
 */
public final class CgroupLayout {
    public static final List<String> CONTROLLERS = List.of("cpu", "cpuacct", "cpuset", "memory", "io", "blkio", "pids");
    private static final Map<String, String> V1_PROBE = Map.of("cpu", "cpu.shares", "cpuacct", "cpuacct.usage",
            "cpuset", "cpuset.cpus", "memory", "memory.limit_in_bytes", "blkio", "blkio.throttle.read_bps_device",
            "pids", "pids.max");

    private final Path root;
    private final CgroupMode mode;
    private final List<Hierarchy> hierarchies;

    private CgroupLayout(Path root, CgroupMode mode, List<Hierarchy> hierarchies) {
        this.root = root;
        this.mode = mode;
        this.hierarchies = List.copyOf(hierarchies);
    }

    public static CgroupLayout detect(Path cgroupRoot) {
        if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
            return new CgroupLayout(cgroupRoot, CgroupMode.V2, List.of(unified(cgroupRoot)));
        }
        List<Hierarchy> found = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        try (Stream<Path> children = Files.list(cgroupRoot)) {
            for (Path dir : children.sorted().toList()) {
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                Path real = dir.toRealPath();
                if (!seen.add(real)) {
                    continue;
                }
                if (Files.exists(dir.resolve("cgroup.controllers"))) {
                    found.add(unified(dir));
                    continue;
                }
                Set<String> controllers = new HashSet<>();
                for (String name : real.getFileName().toString().split(",")) {
                    String probe = V1_PROBE.get(name);
                    // the root of a v1 pids hierarchy has no pids.* files: a cgroup mount named after the controller counts
                    if (probe != null && (Files.exists(dir.resolve(probe)) || Files.exists(dir.resolve("cgroup.procs")))) {
                        controllers.add(name);
                    }
                }
                if (!controllers.isEmpty()) {
                    found.add(new Hierarchy(dir, false, controllers));
                }
            }
        } catch (IOException e) {
            return new CgroupLayout(cgroupRoot, CgroupMode.V1, List.of());
        }
        boolean v2 = found.stream().anyMatch(Hierarchy::unified);
        boolean v1 = found.stream().anyMatch(h -> !h.unified());
        CgroupMode mode = v1 && v2 ? CgroupMode.HYBRID : v2 ? CgroupMode.V2 : CgroupMode.V1;
        return new CgroupLayout(cgroupRoot, mode, found);
    }

    private static Hierarchy unified(Path mount) {
        String controllers = KernelFiles.read(mount.resolve("cgroup.controllers")).orElse("");
        Set<String> set = new HashSet<>(Arrays.asList(controllers.isBlank() ? new String[0] : controllers.split("\\s+")));
        return new Hierarchy(mount, true, set);
    }

    public Path root() {
        return root;
    }

    public CgroupMode mode() {
        return mode;
    }

    public List<Hierarchy> hierarchies() {
        return hierarchies;
    }

    public Optional<Hierarchy> unified() {
        return hierarchies.stream().filter(Hierarchy::unified).findFirst();
    }

    /** The hierarchy that carries {@code controller}: v2 first when it has it, else the v1 mount. */
    public Optional<Hierarchy> hierarchyFor(String controller) {
        Optional<Hierarchy> v2 = unified().filter(h -> h.controllers().contains(controller));
        if (v2.isPresent()) {
            return v2;
        }
        return hierarchies.stream().filter(h -> !h.unified() && h.controllers().contains(controller)).findFirst();
    }

    /** Every controller available, with the hierarchy label that carries it. */
    public Map<String, String> controllers() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String c : CONTROLLERS) {
            hierarchyFor(c).ifPresent(h -> out.put(c, h.label()));
        }
        return out;
    }
}
