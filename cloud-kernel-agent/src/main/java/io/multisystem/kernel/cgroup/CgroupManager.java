package io.multisystem.kernel.cgroup;

import io.multisystem.core.error.AlreadyExistsException;
import io.multisystem.core.error.PermissionDeniedException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.KernelFiles;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Creates, configures, lists and deletes cgroups under the configured managed roots only, on v1, v2 or hybrid
 * layouts. A group exists in every mounted hierarchy (each v1 controller mount and the unified mount), so that every
 * controller and per-group PSI apply. Limits follow systemd's v2 semantics ({@link Limits}); on v1 they map as
 * systemd and runc map them:
 * <pre>
 *   cpu.max "Q P"      -> cpu.cfs_period_us = P, cpu.cfs_quota_us = Q (-1 for max)
 *   cpu.weight W       -> cpu.shares = clamp(W * 1024 / 100, 2, 262144)
 *   memory.max         -> memory.limit_in_bytes (-1 for max)
 *   memory.low         -> memory.soft_limit_in_bytes (runc's MemoryReservation)
 *   memory.high        -> no v1 equivalent: LIMIT_UNSUPPORTED (systemd ignores MemoryHigh= on v1)
 *   io.weight W        -> blkio.weight (or blkio.bfq.weight) = clamp(W * 500 / 100, 10, 1000)
 *   io.max dev rbps..  -> blkio.throttle.{read,write}_{bps,iops}_device "dev N" (0 removes)
 *   pids.max, cpuset.cpus, cpuset.mems: same names
 * </pre>
 * Every request is validated and planned (all target files resolved, every controller checked) before the first
 * write, so a rejected request changes nothing. New v1 cpuset groups inherit the parent's cpus/mems (an empty cpuset
 * would refuse processes); on v2 the parent's controllers are enabled in cgroup.subtree_control.
 */
public final class CgroupManager {
    private final CgroupLayout layout;
    private final List<CgroupPath> managedRoots;
    private final Path procRoot;

    public CgroupManager(CgroupLayout layout, List<CgroupPath> managedRoots, Path procRoot) {
        if (managedRoots.isEmpty()) {
            throw KernelErrors.invalid("MANAGED_ROOTS_EMPTY", "configure at least one managed cgroup root");
        }
        this.layout = layout;
        this.managedRoots = List.copyOf(managedRoots);
        this.procRoot = procRoot;
    }

    public CgroupLayout layout() {
        return layout;
    }

    public List<CgroupPath> managedRoots() {
        return managedRoots;
    }

    /** Fails unless {@code path} lies within a managed root. */
    public CgroupPath requireManaged(String path) {
        CgroupPath group = CgroupPath.of(path);
        if (managedRoots.stream().noneMatch(group::isWithin)) {
            throw new PermissionDeniedException(KernelErrors.COMPONENT, KernelErrors.OUTSIDE_MANAGED_ROOT, Severity.OPERATIONAL,
                    "cgroup '" + group + "' is outside the managed roots " + managedRoots
                            + "; the agent only touches groups under them (property multisystem.kernel.managed-roots)",
                    Map.of("managedRoots", managedRoots.toString()), null);
        }
        return group;
    }

    private Hierarchy primary() {
        return layout.hierarchyFor("memory").or(() -> layout.hierarchyFor("cpu"))
                .or(() -> layout.hierarchies().stream().findFirst())
                .orElseThrow(() -> KernelErrors.precondition(KernelErrors.CONTROLLER_UNAVAILABLE,
                        "no cgroup hierarchy is mounted under " + layout.root()));
    }

    public boolean exists(CgroupPath group) {
        return Files.isDirectory(primary().resolve(group));
    }

    private void requireExists(CgroupPath group) {
        if (!exists(group)) {
            throw KernelErrors.notFound(KernelErrors.CGROUP_NOT_FOUND, "cgroup '" + group + "' does not exist");
        }
    }

    /** Managed groups (the roots and everything below them), parents before children. */
    public List<CgroupInfo> list() {
        List<CgroupInfo> out = new ArrayList<>();
        for (CgroupPath group : paths()) {
            out.add(info(group));
        }
        return out;
    }

    /** Paths of the managed groups, parents before children, from one directory walk of the primary hierarchy. */
    /**
     * Every managed group (the managed roots and their descendants) that exists in the primary hierarchy, sorted.
     * The walk reads one {@code stat} per directory entry and lists only directories that have subdirectories: on
     * cgroupfs (kernfs), ext4 and tmpfs a directory's link count is 2 + its number of subdirectories, so a group with
     * link count 2 is a leaf and its ~20-60 control files are never listed. A file system that reports another count
     * for directories (1 on btrfs) is simply listed.
     */
    public List<CgroupPath> paths() {
        List<String> out = new ArrayList<>();
        Hierarchy primary = primary();
        for (CgroupPath root : managedRoots) {
            Path dir = primary.resolve(root);
            try {
                Map<String, Object> attrs = Files.readAttributes(dir, "unix:mode,nlink", LinkOption.NOFOLLOW_LINKS);
                if (isDirectory(attrs)) {
                    collect(primary.mount(), dir, (Integer) attrs.get("nlink"), out);
                }
            } catch (NoSuchFileException e) {
                // the managed root does not exist (yet): no groups under it
            } catch (IOException e) {
                throw KernelErrors.precondition(KernelErrors.READ_FAILED, "cannot list " + dir + ": " + e.getMessage());
            }
        }
        java.util.Collections.sort(out);
        List<CgroupPath> paths = new ArrayList<>(out.size());
        for (String p : out) {
            paths.add(CgroupPath.of(p));
        }
        return paths;
    }

    private static void collect(Path mount, Path dir, int nlink, List<String> out) throws IOException {
        out.add(mount.relativize(dir).toString());
        if (nlink == 2) {
            return;
        }
        try (java.nio.file.DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                Map<String, Object> attrs;
                try {
                    attrs = Files.readAttributes(entry, "unix:mode,nlink", LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // removed while listing
                }
                if (isDirectory(attrs)) {
                    collect(mount, entry, (Integer) attrs.get("nlink"), out);
                }
            }
        } catch (NoSuchFileException e) {
            // removed while walking: it is simply gone
        }
    }

    private static boolean isDirectory(Map<String, Object> attrs) {
        return (((Integer) attrs.get("mode")) & 0170000) == 0040000;
    }

    public CgroupInfo info(CgroupPath group) {
        List<String> in = new ArrayList<>();
        for (Hierarchy h : layout.hierarchies()) {
            if (Files.isDirectory(h.resolve(group))) {
                in.add(h.label());
            }
        }
        return new CgroupInfo(group.value(), in, processes(group).size());
    }

    /** Pids directly in the group (from the primary hierarchy's cgroup.procs). */
    public List<Long> processes(CgroupPath group) {
        String text = KernelFiles.read(primary().resolve(group).resolve("cgroup.procs")).orElse("");
        List<Long> pids = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    /** Creates the group (and its managed root if missing) in every hierarchy; all or nothing. */
    public CgroupInfo create(String path) {
        CgroupPath group = requireManaged(path);
        if (exists(group)) {
            throw new AlreadyExistsException(KernelErrors.COMPONENT, KernelErrors.CGROUP_EXISTS, "cgroup '" + group + "' already exists");
        }
        CgroupPath root = managedRoots.stream().filter(group::isWithin).findFirst().orElseThrow();
        Optional<CgroupPath> parent = group.parent();
        if (parent.isPresent() && parent.get().isWithin(root) && !parent.get().equals(root) && !exists(parent.get())) {
            throw KernelErrors.notFound(KernelErrors.CGROUP_NOT_FOUND, "parent cgroup '" + parent.get()
                    + "' does not exist; create it first");
        }
        List<Path> created = new ArrayList<>();
        try {
            if (!group.equals(root)) {
                ensureDirectories(root, created);
            }
            ensureDirectories(group, created);
        } catch (RuntimeException e) {
            rollback(created);
            throw e;
        }
        return info(group);
    }

    private void ensureDirectories(CgroupPath group, List<Path> created) {
        for (Hierarchy h : layout.hierarchies()) {
            Path dir = h.resolve(group);
            if (Files.isDirectory(dir)) {
                continue;
            }
            Path parentDir = dir.getParent();
            if (h.unified()) {
                enableSubtreeControllers(parentDir);
            }
            try {
                Files.createDirectory(dir);
            } catch (java.nio.file.AccessDeniedException e) {
                throw new PermissionDeniedException(KernelErrors.COMPONENT, KernelErrors.CAPABILITY_MISSING, Severity.OPERATIONAL,
                        "creating " + dir + " was denied: needs root or CAP_SYS_ADMIN, or a delegated cgroup subtree",
                        Map.of("capability", "CAP_SYS_ADMIN"), e);
            } catch (IOException e) {
                throw KernelErrors.precondition(KernelErrors.WRITE_FAILED, "cannot create " + dir + ": " + e.getMessage());
            }
            created.add(dir);
            if (!h.unified() && h.controllers().contains("cpuset")) {
                inheritCpuset(parentDir, dir);
            }
        }
    }

    private static void inheritCpuset(Path parentDir, Path dir) {
        for (String file : List.of("cpuset.cpus", "cpuset.mems")) {
            Optional<String> own = KernelFiles.read(dir.resolve(file));
            Optional<String> inherited = KernelFiles.read(parentDir.resolve(file));
            if (own.map(String::isEmpty).orElse(false) && inherited.isPresent() && !inherited.get().isEmpty()) {
                KernelFiles.write(dir.resolve(file), inherited.get());
            }
        }
    }

    private static void enableSubtreeControllers(Path parentDir) {
        String available = KernelFiles.read(parentDir.resolve("cgroup.controllers")).orElse("");
        String enabled = KernelFiles.read(parentDir.resolve("cgroup.subtree_control")).orElse("");
        StringBuilder wanted = new StringBuilder();
        for (String c : available.split("\\s+")) {
            if (!c.isBlank() && List.of("cpu", "cpuset", "memory", "io", "pids").contains(c)
                    && !List.of(enabled.split("\\s+")).contains(c)) {
                wanted.append(wanted.length() == 0 ? "" : " ").append('+').append(c);
            }
        }
        if (wanted.length() > 0) {
            try {
                KernelFiles.write(parentDir.resolve("cgroup.subtree_control"), wanted.toString());
            } catch (PlatformException e) {
                // a parent with its own processes cannot delegate (no internal processes rule); limits then report
                // the missing controller when they are set
            }
        }
    }

    private static void rollback(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException ignored) {
                // best effort: the group is reported as failed either way
            }
        }
    }

    /**
     * Removes the group from every hierarchy. With {@code recursive}, children go first; without it a group with
     * children is CGROUP_BUSY. A group that still holds processes is CGROUP_BUSY naming how many.
     */
    public void delete(String path, boolean recursive) {
        CgroupPath group = requireManaged(path);
        requireExists(group);
        List<CgroupPath> order = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(primary().resolve(group))) {
            walk.filter(Files::isDirectory).sorted(Comparator.reverseOrder())
                    .forEach(p -> order.add(CgroupPath.of(primary().mount().relativize(p).toString())));
        } catch (IOException e) {
            throw KernelErrors.precondition(KernelErrors.READ_FAILED, "cannot walk " + group + ": " + e.getMessage());
        }
        if (order.size() > 1 && !recursive) {
            throw KernelErrors.precondition(KernelErrors.CGROUP_BUSY, "cgroup '" + group + "' has " + (order.size() - 1)
                    + " child groups; delete them first or ask for a recursive delete");
        }
        for (CgroupPath g : order) {
            int procs = processes(g).size();
            if (procs > 0) {
                throw KernelErrors.precondition(KernelErrors.CGROUP_BUSY, "cgroup '" + g + "' still holds " + procs
                        + " processes; move them out or stop them first");
            }
        }
        for (CgroupPath g : order) {
            for (Hierarchy h : layout.hierarchies()) {
                Path dir = h.resolve(g);
                try {
                    removeGroupDirectory(dir);
                } catch (DirectoryNotEmptyException e) {
                    throw KernelErrors.precondition(KernelErrors.CGROUP_BUSY, "cannot remove " + dir + ": it is not empty");
                } catch (IOException e) {
                    throw KernelErrors.precondition(KernelErrors.WRITE_FAILED, "cannot remove " + dir + ": " + e.getMessage());
                }
            }
        }
    }

    /** cgroupfs removes a group with rmdir even though it lists control files; fixture trees need the files removed. */
    private static void removeGroupDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.delete(dir);
        } catch (DirectoryNotEmptyException e) {
            if (isCgroupFs(dir)) {
                throw e;
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    if (Files.isDirectory(f)) {
                        throw e;
                    }
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static boolean isCgroupFs(Path dir) {
        try {
            String type = Files.getFileStore(dir).type();
            return type.startsWith("cgroup");
        } catch (IOException e) {
            return false;
        }
    }

    /** Moves a process (all its threads) into the group in every hierarchy. */
    public void move(String path, long pid) {
        CgroupPath group = requireManaged(path);
        if (pid <= 0 || pid > 4_194_304) {
            throw KernelErrors.invalid("PID_INVALID", "pid must be 1..4194304, was " + pid);
        }
        requireExists(group);
        if (!Files.isDirectory(procRoot.resolve(Long.toString(pid)))) {
            throw KernelErrors.notFound(KernelErrors.PROCESS_NOT_FOUND, "no process with pid " + pid);
        }
        for (Hierarchy h : layout.hierarchies()) {
            Path procs = h.resolve(group).resolve("cgroup.procs");
            if (Files.exists(procs)) {
                KernelFiles.write(procs, Long.toString(pid));
            }
        }
    }

    private record Write(Path file, String value) {
    }

    /** Validates, plans and applies limits; nothing is written unless every limit can be applied. */
    public Limits setLimits(String path, Limits limits) {
        CgroupPath group = requireManaged(path);
        limits.validate();
        requireExists(group);
        List<Write> plan = plan(group, limits);
        for (Write w : plan) {
            KernelFiles.write(w.file(), w.value());
        }
        return readLimits(path);
    }

    private List<Write> plan(CgroupPath group, Limits l) {
        List<Write> plan = new ArrayList<>();
        if (l.cpuQuotaMicros() != null || l.cpuPeriodMicros() != null) {
            Hierarchy h = require("cpu", "cpu.max");
            Path dir = h.resolve(group);
            long period = l.cpuPeriodMicros() != null ? l.cpuPeriodMicros() : currentPeriod(h, dir);
            if (h.unified()) {
                String quota = l.cpuQuotaMicros() == null ? currentV2Quota(dir) : l.cpuQuotaMicros() < 0 ? "max" : l.cpuQuotaMicros().toString();
                plan.add(new Write(dir.resolve("cpu.max"), quota + " " + period));
            } else {
                plan.add(new Write(dir.resolve("cpu.cfs_period_us"), Long.toString(period)));
                if (l.cpuQuotaMicros() != null) {
                    plan.add(new Write(dir.resolve("cpu.cfs_quota_us"), Long.toString(l.cpuQuotaMicros() < 0 ? -1 : l.cpuQuotaMicros())));
                }
            }
        }
        if (l.cpuWeight() != null) {
            Hierarchy h = require("cpu", "cpu.weight");
            plan.add(h.unified()
                    ? new Write(h.resolve(group).resolve("cpu.weight"), l.cpuWeight().toString())
                    : new Write(h.resolve(group).resolve("cpu.shares"), Long.toString(weightToShares(l.cpuWeight()))));
        }
        if (l.memoryMax() != null) {
            Hierarchy h = require("memory", "memory.max");
            plan.add(h.unified()
                    ? new Write(h.resolve(group).resolve("memory.max"), max(l.memoryMax()))
                    : new Write(h.resolve(group).resolve("memory.limit_in_bytes"), Long.toString(l.memoryMax())));
        }
        if (l.memoryHigh() != null) {
            Hierarchy h = require("memory", "memory.high");
            if (!h.unified()) {
                throw KernelErrors.precondition(KernelErrors.LIMIT_UNSUPPORTED, "memory.high has no cgroup v1 equivalent "
                        + "(systemd ignores MemoryHigh= on v1); use memoryMax or memoryLow on this host");
            }
            plan.add(new Write(h.resolve(group).resolve("memory.high"), max(l.memoryHigh())));
        }
        if (l.memoryLow() != null) {
            Hierarchy h = require("memory", "memory.low");
            plan.add(h.unified()
                    ? new Write(h.resolve(group).resolve("memory.low"), l.memoryLow() < 0 ? "max" : l.memoryLow().toString())
                    : new Write(h.resolve(group).resolve("memory.soft_limit_in_bytes"), Long.toString(l.memoryLow())));
        }
        if (l.ioWeight() != null) {
            Optional<Hierarchy> io = layout.hierarchyFor("io");
            if (io.isPresent()) {
                plan.add(new Write(io.get().resolve(group).resolve("io.weight"), "default " + l.ioWeight()));
            } else {
                Hierarchy h = require("blkio", "io.weight");
                Path dir = h.resolve(group);
                Path file = Files.exists(dir.resolve("blkio.weight")) ? dir.resolve("blkio.weight") : dir.resolve("blkio.bfq.weight");
                if (!Files.exists(file)) {
                    throw KernelErrors.precondition(KernelErrors.LIMIT_UNSUPPORTED, "io.weight maps to blkio.weight on v1, "
                            + "which this kernel does not offer (no CFQ/BFQ scheduler weight files in " + dir + ")");
                }
                plan.add(new Write(file, Long.toString(ioWeightToBlkio(l.ioWeight()))));
            }
        }
        for (IoLimit io : l.ioMax()) {
            Optional<Hierarchy> v2 = layout.hierarchyFor("io");
            if (v2.isPresent()) {
                plan.add(new Write(v2.get().resolve(group).resolve("io.max"), io.toV2()));
            } else {
                Hierarchy h = require("blkio", "io.max");
                Path dir = h.resolve(group);
                plan.add(new Write(dir.resolve("blkio.throttle.read_bps_device"), io.device() + " " + Math.max(0, io.readBps())));
                plan.add(new Write(dir.resolve("blkio.throttle.write_bps_device"), io.device() + " " + Math.max(0, io.writeBps())));
                plan.add(new Write(dir.resolve("blkio.throttle.read_iops_device"), io.device() + " " + Math.max(0, io.readIops())));
                plan.add(new Write(dir.resolve("blkio.throttle.write_iops_device"), io.device() + " " + Math.max(0, io.writeIops())));
            }
        }
        if (l.pidsMax() != null) {
            Hierarchy h = require("pids", "pids.max");
            plan.add(new Write(h.resolve(group).resolve("pids.max"), max(l.pidsMax())));
        }
        if (l.cpus() != null || l.mems() != null) {
            Hierarchy h = require("cpuset", "cpuset.cpus/cpuset.mems");
            if (l.mems() != null) {
                plan.add(new Write(h.resolve(group).resolve("cpuset.mems"), l.mems()));
            }
            if (l.cpus() != null) {
                plan.add(new Write(h.resolve(group).resolve("cpuset.cpus"), l.cpus()));
            }
        }
        for (Write w : plan) {
            if (!Files.exists(w.file())) {
                throw KernelErrors.precondition(KernelErrors.CONTROLLER_UNAVAILABLE, "control file " + w.file()
                        + " does not exist: the controller is not enabled for cgroup '" + group + "'");
            }
        }
        return plan;
    }

    private Hierarchy require(String controller, String limit) {
        return layout.hierarchyFor(controller).orElseThrow(() -> KernelErrors.precondition(
                KernelErrors.CONTROLLER_UNAVAILABLE, limit + " needs the " + controller
                        + " controller, which is not mounted under " + layout.root() + " (available: " + layout.controllers().keySet() + ")"));
    }

    private static long currentPeriod(Hierarchy h, Path dir) {
        if (h.unified()) {
            return KernelFiles.read(dir.resolve("cpu.max")).map(s -> Long.parseLong(s.split("\\s+")[1])).orElse(Limits.DEFAULT_PERIOD);
        }
        return KernelFiles.readLong(dir.resolve("cpu.cfs_period_us")).orElse(Limits.DEFAULT_PERIOD);
    }

    private static String currentV2Quota(Path dir) {
        return KernelFiles.read(dir.resolve("cpu.max")).map(s -> s.split("\\s+")[0]).orElse("max");
    }

    private static String max(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }

    /** systemd's cgroup_cpu_weight_to_shares. */
    public static long weightToShares(long weight) {
        return Math.max(2, Math.min(262_144, weight * 1024 / 100));
    }

    public static long sharesToWeight(long shares) {
        return Math.max(1, Math.min(10_000, shares * 100 / 1024));
    }

    /** systemd's cgroup_weight_io_to_blkio. */
    public static long ioWeightToBlkio(long weight) {
        return Math.max(10, Math.min(1000, weight * 500 / 100));
    }

    /** The group's current limits in v2 semantics (-1 = max); fields whose controller is absent are null. */
    public Limits readLimits(String path) {
        CgroupPath group = requireManaged(path);
        requireExists(group);
        Long quota = null;
        Long period = null;
        Integer weight = null;
        Optional<Hierarchy> cpu = layout.hierarchyFor("cpu");
        if (cpu.isPresent()) {
            Path dir = cpu.get().resolve(group);
            if (cpu.get().unified()) {
                Optional<String> max = KernelFiles.read(dir.resolve("cpu.max"));
                if (max.isPresent()) {
                    String[] parts = max.get().split("\\s+");
                    quota = "max".equals(parts[0]) ? -1L : Long.parseLong(parts[0]);
                    period = Long.parseLong(parts[1]);
                }
                weight = KernelFiles.readLong(dir.resolve("cpu.weight")).map(Long::intValue).orElse(null);
            } else {
                quota = KernelFiles.readLong(dir.resolve("cpu.cfs_quota_us")).map(q -> q < 0 ? -1L : q).orElse(null);
                period = KernelFiles.readLong(dir.resolve("cpu.cfs_period_us")).orElse(null);
                weight = KernelFiles.readLong(dir.resolve("cpu.shares")).map(s -> (int) sharesToWeight(s)).orElse(null);
            }
        }
        Long memMax = null;
        Long memHigh = null;
        Long memLow = null;
        Optional<Hierarchy> mem = layout.hierarchyFor("memory");
        if (mem.isPresent()) {
            Path dir = mem.get().resolve(group);
            if (mem.get().unified()) {
                memMax = KernelFiles.readLong(dir.resolve("memory.max")).orElse(null);
                memHigh = KernelFiles.readLong(dir.resolve("memory.high")).orElse(null);
                memLow = KernelFiles.readLong(dir.resolve("memory.low")).orElse(null);
            } else {
                memMax = KernelFiles.readLong(dir.resolve("memory.limit_in_bytes")).map(CgroupManager::v1Unlimited).orElse(null);
                memLow = KernelFiles.readLong(dir.resolve("memory.soft_limit_in_bytes")).map(CgroupManager::v1Unlimited).orElse(null);
            }
        }
        Long pids = layout.hierarchyFor("pids").flatMap(h -> KernelFiles.readLong(h.resolve(group).resolve("pids.max"))).orElse(null);
        String cpus = null;
        String mems = null;
        Optional<Hierarchy> cpuset = layout.hierarchyFor("cpuset");
        if (cpuset.isPresent()) {
            cpus = KernelFiles.read(cpuset.get().resolve(group).resolve("cpuset.cpus")).orElse(null);
            mems = KernelFiles.read(cpuset.get().resolve(group).resolve("cpuset.mems")).orElse(null);
        }
        Integer ioWeight = null;
        List<IoLimit> ioMax = new ArrayList<>();
        Optional<Hierarchy> io = layout.hierarchyFor("io");
        if (io.isPresent()) {
            Path dir = io.get().resolve(group);
            ioWeight = KernelFiles.read(dir.resolve("io.weight")).map(s -> Integer.parseInt(s.split("\n")[0].replace("default", "").strip())).orElse(null);
            KernelFiles.read(dir.resolve("io.max")).ifPresent(text -> {
                for (String line : text.split("\n")) {
                    if (!line.isBlank()) {
                        ioMax.add(IoLimit.parse(line));
                    }
                }
            });
        } else {
            Optional<Hierarchy> blkio = layout.hierarchyFor("blkio");
            if (blkio.isPresent()) {
                Path dir = blkio.get().resolve(group);
                ioWeight = KernelFiles.readLong(dir.resolve("blkio.weight")).map(w -> (int) Math.max(1, w * 100 / 500)).orElse(null);
                ioMax.addAll(v1Throttles(dir));
            }
        }
        return new Limits(quota, period, weight, memMax, memHigh, memLow, ioWeight, ioMax, pids, cpus, mems);
    }

    private static long v1Unlimited(long value) {
        return value >= (1L << 60) ? -1 : value;
    }

    private static List<IoLimit> v1Throttles(Path dir) {
        Map<String, long[]> byDevice = new LinkedHashMap<>();
        String[] files = {"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
            "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device"};
        for (int i = 0; i < files.length; i++) {
            String text = KernelFiles.read(dir.resolve(files[i])).orElse("");
            for (String line : text.split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    long[] values = byDevice.computeIfAbsent(parts[0], d -> new long[] {-1, -1, -1, -1});
                    values[i] = Long.parseLong(parts[1]);
                }
            }
        }
        List<IoLimit> out = new ArrayList<>();
        byDevice.forEach((dev, v) -> {
            String[] mm = dev.split(":");
            out.add(new IoLimit(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]), v[0], v[1], v[2], v[3]));
        });
        return out;
    }

    /** One scrape of the group's statistics (see {@link CgroupStats}). */
    public CgroupStats stats(String path) {
        CgroupPath group = requireManaged(path);
        requireExists(group);
        return CgroupStatsReader.read(layout, group);
    }
}
