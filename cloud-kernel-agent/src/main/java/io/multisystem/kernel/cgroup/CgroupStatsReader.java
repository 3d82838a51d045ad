package io.multisystem.kernel.cgroup;

import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.kernel.KernelErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One-shot read of a group's statistics (GetStats of a single group, the CLI): opens, reads and closes each file of
 * the layout's {@link StatFilePlan} once and parses the bytes with the same allocation-free parsers the cached
 * {@link CgroupScraper} uses, so both paths give identical results:
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
 */
public final class CgroupStatsReader {
    private CgroupStatsReader() {
    }

    public static CgroupStats read(CgroupLayout layout, CgroupPath group) {
        StatFilePlan plan = StatFilePlan.of(layout);
        List<StatFilePlan.Slot> slots = plan.slots();
        byte[][] contents = new byte[slots.size()][];
        int total = 0;
        for (int i = 0; i < slots.size(); i++) {
            contents[i] = readOrNull(slots.get(i).file(group));
            total += contents[i] == null ? 0 : contents[i].length;
        }
        byte[] buf = new byte[total];
        int[] offsets = new int[slots.size()];
        int[] lengths = new int[slots.size()];
        int cursor = 0;
        for (int i = 0; i < slots.size(); i++) {
            offsets[i] = cursor;
            if (contents[i] == null) {
                lengths[i] = -1;
            } else {
                System.arraycopy(contents[i], 0, buf, cursor, contents[i].length);
                lengths[i] = contents[i].length;
                cursor += contents[i].length;
            }
        }
        return plan.combine(group.value(), buf, offsets, lengths);
    }

    private static byte[] readOrNull(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new PlatformException(io.multisystem.core.error.ErrorKind.FAILED_PRECONDITION, KernelErrors.COMPONENT,
                    KernelErrors.READ_FAILED, Severity.DEGRADED, "cannot read " + file + ": " + e.getMessage(), Map.of(), e);
        }
    }
}
