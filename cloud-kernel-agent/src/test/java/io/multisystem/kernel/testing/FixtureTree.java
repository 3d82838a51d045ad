package io.multisystem.kernel.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes files of a fixture /sys, /proc or cgroup tree; content follows the kernel's formats as documented in Documentation/admin-guide/cgroup-v2.rst and cgroup-v1/*.rst. */
public final class FixtureTree {
    private final Path root;

    public FixtureTree(Path root) {
        this.root = root;
    }

    public FixtureTree file(String path, String content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String path) {
        try {
            return Files.readString(root.resolve(path)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    /** A pure cgroup v2 tree with multisystem.slice/tenant-a populated as the kernel would after activity. */
    public static FixtureTree v2(Path root) {
        FixtureTree t = new FixtureTree(root)
                .file("cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
                .file("cgroup.subtree_control", "cpuset cpu io memory pids\n")
                .file("multisystem.slice/cgroup.controllers", "cpuset cpu io memory pids\n")
                .file("multisystem.slice/cgroup.subtree_control", "cpuset cpu io memory pids\n")
                .file("multisystem.slice/cgroup.procs", "");
        String g = "multisystem.slice/tenant-a/";
        return t.file(g + "cgroup.controllers", "cpuset cpu io memory pids\n")
                .file(g + "cgroup.procs", "4242\n4243\n")
                .file(g + "cpu.max", "max 100000\n")
                .file(g + "cpu.weight", "100\n")
                .file(g + "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 40\nnr_throttled 7\nthrottled_usec 350000\nnr_bursts 0\nburst_usec 0\n")
                .file(g + "memory.max", "max\n")
                .file(g + "memory.high", "max\n")
                .file(g + "memory.low", "0\n")
                .file(g + "memory.current", "104857600\n")
                .file(g + "memory.stat", "anon 52428800\nfile 41943040\nkernel 4194304\nactive_file 10485760\ninactive_file 31457280\n")
                .file(g + "memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n")
                .file(g + "io.weight", "default 100\n")
                .file(g + "io.max", "")
                .file(g + "io.stat", "8:0 rbytes=1048576 wbytes=2097152 rios=16 wios=32 dbytes=0 dios=0\n259:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0\n")
                .file(g + "pids.max", "max\n")
                .file(g + "pids.current", "2\n")
                .file(g + "cpuset.cpus", "\n")
                .file(g + "cpuset.mems", "\n")
                .file(g + "cpu.pressure", "some avg10=1.50 avg60=0.75 avg300=0.20 total=123456\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")
                .file(g + "memory.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=10\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=5\n")
                .file(g + "io.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
    }

    /** A v1 tree (cpu,cpuacct joint mount with aliases, memory, blkio, pids, cpuset) with multisystem.slice/tenant-a. */
    public static FixtureTree v1(Path root) throws IOException {
        FixtureTree t = new FixtureTree(root);
        String g = "multisystem.slice/tenant-a/";
        t.file("cpu,cpuacct/cpu.shares", "1024\n").file("cpu,cpuacct/cpuacct.usage", "1\n")
                .file("cpu,cpuacct/" + g + "cpu.shares", "1024\n")
                .file("cpu,cpuacct/" + g + "cpu.cfs_quota_us", "-1\n")
                .file("cpu,cpuacct/" + g + "cpu.cfs_period_us", "100000\n")
                .file("cpu,cpuacct/" + g + "cpu.stat", "nr_periods 10\nnr_throttled 2\nthrottled_time 5000000\n")
                .file("cpu,cpuacct/" + g + "cpuacct.usage", "3000000000\n")
                .file("cpu,cpuacct/" + g + "cpuacct.usage_user", "2000000000\n")
                .file("cpu,cpuacct/" + g + "cpuacct.usage_sys", "1000000000\n")
                .file("cpu,cpuacct/" + g + "cgroup.procs", "77\n")
                .file("memory/memory.limit_in_bytes", "9223372036854771712\n")
                .file("memory/" + g + "memory.limit_in_bytes", "9223372036854771712\n")
                .file("memory/" + g + "memory.soft_limit_in_bytes", "9223372036854771712\n")
                .file("memory/" + g + "memory.usage_in_bytes", "8388608\n")
                .file("memory/" + g + "memory.stat", "cache 4194304\nrss 2097152\ninactive_file 1048576\ntotal_rss 3145728\ntotal_inactive_file 2097152\n")
                .file("memory/" + g + "memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 4\n")
                .file("memory/" + g + "cgroup.procs", "77\n")
                .file("blkio/blkio.throttle.read_bps_device", "")
                .file("blkio/" + g + "blkio.throttle.read_bps_device", "")
                .file("blkio/" + g + "blkio.throttle.write_bps_device", "")
                .file("blkio/" + g + "blkio.throttle.read_iops_device", "")
                .file("blkio/" + g + "blkio.throttle.write_iops_device", "")
                .file("blkio/" + g + "blkio.weight", "500\n")
                .file("blkio/" + g + "blkio.throttle.io_service_bytes_recursive", "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Async 12288\n8:0 Total 12288\nTotal 12288\n")
                .file("blkio/" + g + "blkio.throttle.io_serviced_recursive", "8:0 Read 1\n8:0 Write 2\n8:0 Total 3\nTotal 3\n")
                .file("blkio/" + g + "cgroup.procs", "77\n")
                .file("pids/pids.max", "max\n")
                .file("pids/" + g + "pids.max", "max\n")
                .file("pids/" + g + "pids.current", "1\n")
                .file("pids/" + g + "cgroup.procs", "77\n")
                .file("cpuset/cpuset.cpus", "0-3\n")
                .file("cpuset/cpuset.mems", "0\n")
                .file("cpuset/" + g + "cpuset.cpus", "0-3\n")
                .file("cpuset/" + g + "cpuset.mems", "0\n")
                .file("cpuset/" + g + "cgroup.procs", "77\n")
                .file("systemd/cgroup.procs", "1\n");
        Files.createSymbolicLink(root.resolve("cpu"), Path.of("cpu,cpuacct"));
        Files.createSymbolicLink(root.resolve("cpuacct"), Path.of("cpu,cpuacct"));
        return t;
    }
}
