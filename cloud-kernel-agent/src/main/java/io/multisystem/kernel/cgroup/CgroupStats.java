package io.multisystem.kernel.cgroup;

import java.util.List;

/**
 * One scrape of a group's statistics, in v2 units whatever the hierarchy (nanoseconds, bytes, counts). The working set
 * is usage minus inactive_file (floored at 0), as cAdvisor and the kubelet compute it. {@code unavailable} names the
 * statistics whose files were absent (e.g. a controller not mounted), which are then 0.
 */
public record CgroupStats(String cgroup, long cpuUsageNanos, long cpuUserNanos, long cpuSystemNanos, long cpuPeriods,
                          long cpuThrottledPeriods, long cpuThrottledNanos, long memoryUsageBytes,
                          long memoryWorkingSetBytes, long memoryRssBytes, long memoryInactiveFileBytes, long memoryLimitBytes,
                          long oomKills, long ioReadBytes, long ioWriteBytes, long ioReadOps, long ioWriteOps,
                          long pidsCurrent, long pidsLimit, List<String> unavailable) {
    public CgroupStats {
        unavailable = List.copyOf(unavailable);
    }
}
