package io.multisystem.kernel.cgroup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which statistics files a group's scrape reads on a given layout, and how their bytes become a {@link CgroupStats}.
 *
 * <p>Design note: the plan is computed once per layout: for each controller the hierarchy that carries it (v2 wins)
 * decides the files (v2: {@code cpu.stat}, {@code memory.current/stat/events/max}, {@code io.stat}; v1:
 * {@code cpuacct.usage*}, {@code cpu.stat}, {@code memory.usage_in_bytes/stat/oom_control/limit_in_bytes},
 * {@code blkio.throttle.io_service{_bytes,d}_recursive}; both: {@code pids.current/max}). A reader (one-shot or the
 * cached-descriptor {@link CgroupScraper}) fills {@code (offset, length)} per slot into one byte buffer and calls
 * {@link #combine}, which parses with {@link StatParsers} and converts to v2 units (µs → ns; v1 "unlimited"
 * ≥ 2^60 → -1; working set = usage − inactive_file floored at 0, cAdvisor's rule). A slot whose file is absent has
 * length -1 and leaves its statistics at 0.
 */
public final class StatFilePlan {
    enum Kind {
        CPU_STAT_V2, CPUACCT_USAGE, CPUACCT_USER, CPUACCT_SYS, CPU_STAT_V1,
        MEM_CURRENT, MEM_STAT_V2, MEM_EVENTS, MEM_MAX,
        MEM_USAGE_V1, MEM_STAT_V1, MEM_OOM_CONTROL, MEM_LIMIT_V1,
        IO_STAT, BLKIO_BYTES, BLKIO_IOS,
        PIDS_CURRENT, PIDS_MAX
    }

    /** One file: what it holds, the hierarchy it is read from and its name inside the group directory. */
    record Slot(Kind kind, Hierarchy hierarchy, String fileName) {
        Path file(CgroupPath group) {
            return hierarchy.resolve(group).resolve(fileName);
        }
    }

    private static final byte[][] CPU_V2_KEYS = keys("usage_usec", "user_usec", "system_usec", "nr_periods", "nr_throttled",
            "throttled_usec");
    private static final byte[][] CPU_V1_KEYS = keys("nr_periods", "nr_throttled", "throttled_time");
    private static final byte[][] MEM_V2_KEYS = keys("inactive_file", "anon");
    private static final byte[][] MEM_V1_KEYS = keys("total_inactive_file", "inactive_file", "total_rss", "rss");
    private static final byte[][] OOM_KEYS = keys("oom_kill");

    private final List<Slot> slots;
    private final List<String> unavailable;

    private StatFilePlan(List<Slot> slots, List<String> unavailable) {
        this.slots = List.copyOf(slots);
        this.unavailable = List.copyOf(unavailable);
    }

    public static StatFilePlan of(CgroupLayout layout) {
        List<Slot> s = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        Optional<Hierarchy> cpu = layout.hierarchyFor("cpu");
        if (cpu.isPresent() && cpu.get().unified()) {
            s.add(new Slot(Kind.CPU_STAT_V2, cpu.get(), "cpu.stat"));
        } else {
            Optional<Hierarchy> acct = layout.hierarchyFor("cpuacct");
            if (acct.isPresent()) {
                s.add(new Slot(Kind.CPUACCT_USAGE, acct.get(), "cpuacct.usage"));
                s.add(new Slot(Kind.CPUACCT_USER, acct.get(), "cpuacct.usage_user"));
                s.add(new Slot(Kind.CPUACCT_SYS, acct.get(), "cpuacct.usage_sys"));
            } else {
                unavailable.add("cpu_usage");
            }
            if (cpu.isPresent()) {
                s.add(new Slot(Kind.CPU_STAT_V1, cpu.get(), "cpu.stat"));
            } else {
                unavailable.add("cpu_throttling");
            }
        }
        Optional<Hierarchy> mem = layout.hierarchyFor("memory");
        if (mem.isPresent() && mem.get().unified()) {
            s.add(new Slot(Kind.MEM_CURRENT, mem.get(), "memory.current"));
            s.add(new Slot(Kind.MEM_STAT_V2, mem.get(), "memory.stat"));
            s.add(new Slot(Kind.MEM_EVENTS, mem.get(), "memory.events"));
            s.add(new Slot(Kind.MEM_MAX, mem.get(), "memory.max"));
        } else if (mem.isPresent()) {
            s.add(new Slot(Kind.MEM_USAGE_V1, mem.get(), "memory.usage_in_bytes"));
            s.add(new Slot(Kind.MEM_STAT_V1, mem.get(), "memory.stat"));
            s.add(new Slot(Kind.MEM_OOM_CONTROL, mem.get(), "memory.oom_control"));
            s.add(new Slot(Kind.MEM_LIMIT_V1, mem.get(), "memory.limit_in_bytes"));
        } else {
            unavailable.add("memory");
        }
        Optional<Hierarchy> io = layout.hierarchyFor("io");
        if (io.isPresent()) {
            s.add(new Slot(Kind.IO_STAT, io.get(), "io.stat"));
        } else {
            Optional<Hierarchy> blkio = layout.hierarchyFor("blkio");
            if (blkio.isPresent()) {
                s.add(new Slot(Kind.BLKIO_BYTES, blkio.get(), "blkio.throttle.io_service_bytes_recursive"));
                s.add(new Slot(Kind.BLKIO_IOS, blkio.get(), "blkio.throttle.io_serviced_recursive"));
            } else {
                unavailable.add("io");
            }
        }
        Optional<Hierarchy> pids = layout.hierarchyFor("pids");
        if (pids.isPresent()) {
            s.add(new Slot(Kind.PIDS_CURRENT, pids.get(), "pids.current"));
            s.add(new Slot(Kind.PIDS_MAX, pids.get(), "pids.max"));
        } else {
            unavailable.add("pids");
        }
        return new StatFilePlan(s, unavailable);
    }

    List<Slot> slots() {
        return slots;
    }

    /** The files one group's scrape reads, in slot order. */
    public List<Path> files(CgroupPath group) {
        return slots.stream().map(slot -> slot.file(group)).toList();
    }

    /**
     * Parses the slots' contents: slot {@code i} is {@code buf[offsets[i], offsets[i] + lengths[i])}, length -1 when
     * the file was absent.
     */
    CgroupStats combine(String group, byte[] buf, int[] offsets, int[] lengths) {
        long usage = 0;
        long user = 0;
        long system = 0;
        long periods = 0;
        long throttled = 0;
        long throttledNs = 0;
        long memUsage = 0;
        long inactiveFile = 0;
        long rss = 0;
        long oom = 0;
        long memLimit = -1;
        long[] io = new long[4];
        long pidsCurrent = 0;
        long pidsLimit = -1;
        for (int i = 0; i < slots.size(); i++) {
            int len = lengths[i];
            if (len < 0) {
                continue;
            }
            int off = offsets[i];
            switch (slots.get(i).kind()) {
                case CPU_STAT_V2 -> {
                    long[] v = new long[6];
                    StatParsers.keyValues(buf, off, len, CPU_V2_KEYS, v);
                    usage = v[0] * 1000;
                    user = v[1] * 1000;
                    system = v[2] * 1000;
                    periods = v[3];
                    throttled = v[4];
                    throttledNs = v[5] * 1000;
                }
                case CPUACCT_USAGE -> usage = orZero(StatParsers.singleValue(buf, off, len));
                case CPUACCT_USER -> user = orZero(StatParsers.singleValue(buf, off, len));
                case CPUACCT_SYS -> system = orZero(StatParsers.singleValue(buf, off, len));
                case CPU_STAT_V1 -> {
                    long[] v = new long[3];
                    StatParsers.keyValues(buf, off, len, CPU_V1_KEYS, v);
                    periods = v[0];
                    throttled = v[1];
                    throttledNs = v[2];
                }
                case MEM_CURRENT, MEM_USAGE_V1 -> memUsage = orZero(StatParsers.singleValue(buf, off, len));
                case MEM_STAT_V2 -> {
                    long[] v = new long[2];
                    StatParsers.keyValues(buf, off, len, MEM_V2_KEYS, v);
                    inactiveFile = v[0];
                    rss = v[1];
                }
                case MEM_STAT_V1 -> {
                    long[] v = {StatParsers.MISSING, 0, StatParsers.MISSING, 0};
                    StatParsers.keyValues(buf, off, len, MEM_V1_KEYS, v);
                    inactiveFile = v[0] != StatParsers.MISSING ? v[0] : v[1];
                    rss = v[2] != StatParsers.MISSING ? v[2] : v[3];
                }
                case MEM_EVENTS, MEM_OOM_CONTROL -> {
                    long[] v = new long[1];
                    StatParsers.keyValues(buf, off, len, OOM_KEYS, v);
                    oom = v[0];
                }
                case MEM_MAX -> memLimit = orUnlimited(StatParsers.singleValue(buf, off, len));
                case MEM_LIMIT_V1 -> {
                    long limit = orUnlimited(StatParsers.singleValue(buf, off, len));
                    memLimit = limit >= (1L << 60) ? -1 : limit;
                }
                case IO_STAT -> StatParsers.ioStat(buf, off, len, io);
                case BLKIO_BYTES -> {
                    long[] rw = new long[2];
                    StatParsers.blkioReadWrite(buf, off, len, rw);
                    io[0] = rw[0];
                    io[1] = rw[1];
                }
                case BLKIO_IOS -> {
                    long[] rw = new long[2];
                    StatParsers.blkioReadWrite(buf, off, len, rw);
                    io[2] = rw[0];
                    io[3] = rw[1];
                }
                case PIDS_CURRENT -> pidsCurrent = orZero(StatParsers.singleValue(buf, off, len));
                case PIDS_MAX -> pidsLimit = orUnlimited(StatParsers.singleValue(buf, off, len));
            }
        }
        long workingSet = Math.max(0, memUsage - inactiveFile);
        return new CgroupStats(group, usage, user, system, periods, throttled, throttledNs, memUsage, workingSet, rss,
                inactiveFile, memLimit, oom, io[0], io[1], io[2], io[3], pidsCurrent, pidsLimit, unavailable);
    }

    private static long orZero(long v) {
        return v == StatParsers.MISSING ? 0 : v;
    }

    private static long orUnlimited(long v) {
        return v == StatParsers.MISSING ? -1 : v;
    }

    private static byte[][] keys(String... names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = StatParsers.bytes(names[i]);
        }
        return out;
    }
}
