package io.multisystem.kernel.cgroup;

import io.multisystem.kernel.KernelFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a group's statistics from whichever hierarchy carries each controller, converting to v2 units:
 * <ul>
 *   <li>CPU: v2 cpu.stat usage_usec/user_usec/system_usec/nr_periods/nr_throttled/throttled_usec (x1000 to ns);
 *       v1 cpuacct.usage, cpuacct.usage_user, cpuacct.usage_sys (ns) and cpu.stat nr_periods/nr_throttled/throttled_time (ns);</li>
 *   <li>memory: v2 memory.current, memory.stat inactive_file/anon, memory.events oom_kill, memory.max;
 *       v1 memory.usage_in_bytes, memory.stat total_inactive_file/total_rss, memory.oom_control oom_kill,
 *       memory.limit_in_bytes; working set = usage - inactive_file, floored at 0 (cAdvisor's rule);</li>
 *   <li>I/O: v2 io.stat rbytes/wbytes/rios/wios summed over devices; v1 blkio.throttle.io_service_bytes_recursive and
 *       io_serviced_recursive Read/Write rows summed over devices;</li>
 *   <li>pids: pids.current, pids.max.</li>
 * </ul>
 * Each file is read once per scrape.
 */
public final class CgroupStatsReader {
    private CgroupStatsReader() {
    }

    public static CgroupStats read(CgroupLayout layout, CgroupPath group) {
        List<String> unavailable = new ArrayList<>();
        long usage = 0;
        long user = 0;
        long system = 0;
        long periods = 0;
        long throttled = 0;
        long throttledNs = 0;
        Optional<Hierarchy> cpu = layout.hierarchyFor("cpu");
        if (cpu.isPresent() && cpu.get().unified()) {
            Map<String, Long> stat = KernelFiles.readKeyValues(cpu.get().resolve(group).resolve("cpu.stat"));
            usage = stat.getOrDefault("usage_usec", 0L) * 1000;
            user = stat.getOrDefault("user_usec", 0L) * 1000;
            system = stat.getOrDefault("system_usec", 0L) * 1000;
            periods = stat.getOrDefault("nr_periods", 0L);
            throttled = stat.getOrDefault("nr_throttled", 0L);
            throttledNs = stat.getOrDefault("throttled_usec", 0L) * 1000;
        } else {
            Optional<Hierarchy> acct = layout.hierarchyFor("cpuacct");
            if (acct.isPresent()) {
                Path dir = acct.get().resolve(group);
                usage = KernelFiles.readLong(dir.resolve("cpuacct.usage")).orElse(0L);
                user = KernelFiles.readLong(dir.resolve("cpuacct.usage_user")).orElse(0L);
                system = KernelFiles.readLong(dir.resolve("cpuacct.usage_sys")).orElse(0L);
            } else {
                unavailable.add("cpu_usage");
            }
            if (cpu.isPresent()) {
                Map<String, Long> stat = KernelFiles.readKeyValues(cpu.get().resolve(group).resolve("cpu.stat"));
                periods = stat.getOrDefault("nr_periods", 0L);
                throttled = stat.getOrDefault("nr_throttled", 0L);
                throttledNs = stat.getOrDefault("throttled_time", 0L);
            } else {
                unavailable.add("cpu_throttling");
            }
        }

        long memUsage = 0;
        long inactiveFile = 0;
        long rss = 0;
        long oom = 0;
        long memLimit = -1;
        Optional<Hierarchy> mem = layout.hierarchyFor("memory");
        if (mem.isPresent()) {
            Path dir = mem.get().resolve(group);
            Map<String, Long> stat = KernelFiles.readKeyValues(dir.resolve("memory.stat"));
            if (mem.get().unified()) {
                memUsage = KernelFiles.readLong(dir.resolve("memory.current")).orElse(0L);
                inactiveFile = stat.getOrDefault("inactive_file", 0L);
                rss = stat.getOrDefault("anon", 0L);
                oom = KernelFiles.readKeyValues(dir.resolve("memory.events")).getOrDefault("oom_kill", 0L);
                memLimit = KernelFiles.readLong(dir.resolve("memory.max")).orElse(-1L);
            } else {
                memUsage = KernelFiles.readLong(dir.resolve("memory.usage_in_bytes")).orElse(0L);
                inactiveFile = stat.getOrDefault("total_inactive_file", stat.getOrDefault("inactive_file", 0L));
                rss = stat.getOrDefault("total_rss", stat.getOrDefault("rss", 0L));
                oom = KernelFiles.readKeyValues(dir.resolve("memory.oom_control")).getOrDefault("oom_kill", 0L);
                long limit = KernelFiles.readLong(dir.resolve("memory.limit_in_bytes")).orElse(-1L);
                memLimit = limit >= (1L << 60) ? -1 : limit;
            }
        } else {
            unavailable.add("memory");
        }
        long workingSet = Math.max(0, memUsage - inactiveFile);

        long[] io = new long[4];
        Optional<Hierarchy> v2io = layout.hierarchyFor("io");
        if (v2io.isPresent()) {
            String text = KernelFiles.read(v2io.get().resolve(group).resolve("io.stat")).orElse("");
            for (String line : text.split("\n")) {
                for (String field : line.trim().split("\\s+")) {
                    String[] kv = field.split("=", 2);
                    if (kv.length == 2) {
                        switch (kv[0]) {
                            case "rbytes" -> io[0] += Long.parseLong(kv[1]);
                            case "wbytes" -> io[1] += Long.parseLong(kv[1]);
                            case "rios" -> io[2] += Long.parseLong(kv[1]);
                            case "wios" -> io[3] += Long.parseLong(kv[1]);
                            default -> { }
                        }
                    }
                }
            }
        } else {
            Optional<Hierarchy> blkio = layout.hierarchyFor("blkio");
            if (blkio.isPresent()) {
                Path dir = blkio.get().resolve(group);
                long[] bytes = readWriteTotals(dir.resolve("blkio.throttle.io_service_bytes_recursive"));
                long[] ops = readWriteTotals(dir.resolve("blkio.throttle.io_serviced_recursive"));
                io = new long[] {bytes[0], bytes[1], ops[0], ops[1]};
            } else {
                unavailable.add("io");
            }
        }

        long pidsCurrent = 0;
        long pidsLimit = -1;
        Optional<Hierarchy> pids = layout.hierarchyFor("pids");
        if (pids.isPresent()) {
            Path dir = pids.get().resolve(group);
            pidsCurrent = KernelFiles.readLong(dir.resolve("pids.current")).orElse(0L);
            pidsLimit = KernelFiles.readLong(dir.resolve("pids.max")).orElse(-1L);
        } else {
            unavailable.add("pids");
        }
        return new CgroupStats(group.value(), usage, user, system, periods, throttled, throttledNs, memUsage, workingSet,
                rss, inactiveFile, memLimit, oom, io[0], io[1], io[2], io[3], pidsCurrent, pidsLimit, unavailable);
    }

    /** Sums the "MAJ:MIN Read N" / "MAJ:MIN Write N" rows of a v1 blkio file. */
    private static long[] readWriteTotals(Path file) {
        long[] out = new long[2];
        String text = KernelFiles.read(file).orElse("");
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3) {
                if ("Read".equals(parts[1])) {
                    out[0] += Long.parseLong(parts[2]);
                } else if ("Write".equals(parts[1])) {
                    out[1] += Long.parseLong(parts[2]);
                }
            }
        }
        return out;
    }
}
