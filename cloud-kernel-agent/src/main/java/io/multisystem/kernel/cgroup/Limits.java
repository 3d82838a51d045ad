package io.multisystem.kernel.cgroup;

import io.multisystem.core.error.Validation;
import io.multisystem.kernel.KernelErrors;

import java.util.List;

/**
 * Resource limits with systemd's (cgroup v2) semantics; a null field is left unchanged, -1 means "max" (no limit).
 * <ul>
 *   <li>{@code cpuQuotaMicros}/{@code cpuPeriodMicros}: cpu.max (systemd CPUQuota= is quota/period x 100%);
 *       period 1000..1000000 us, quota at least 1000 us;</li>
 *   <li>{@code cpuWeight}: cpu.weight 1..10000 (default 100; CPUWeight=);</li>
 *   <li>{@code memoryMax}/{@code memoryHigh}/{@code memoryLow}: bytes (MemoryMax=/MemoryHigh=/MemoryLow=);</li>
 *   <li>{@code ioWeight}: io.weight 1..10000 (IOWeight=); {@code ioMax}: per-device throttles (IOReadBandwidthMax=...);</li>
 *   <li>{@code pidsMax}: pids.max (TasksMax=); {@code cpus}/{@code mems}: cpuset lists (AllowedCPUs=/AllowedMemoryNodes=).</li>
 * </ul>
 * The v1 mappings live in {@link CgroupManager}.
 */
public record Limits(Long cpuQuotaMicros, Long cpuPeriodMicros, Integer cpuWeight, Long memoryMax, Long memoryHigh,
                     Long memoryLow, Integer ioWeight, List<IoLimit> ioMax, Long pidsMax, String cpus, String mems) {
    public static final long DEFAULT_PERIOD = 100_000;

    public Limits {
        ioMax = ioMax == null ? List.of() : List.copyOf(ioMax);
    }

    public static Limits none() {
        return new Limits(null, null, null, null, null, null, null, List.of(), null, null, null);
    }

    public Limits withCpuMax(long quota, long period) {
        return new Limits(quota, period, cpuWeight, memoryMax, memoryHigh, memoryLow, ioWeight, ioMax, pidsMax, cpus, mems);
    }

    public Limits withCpuWeight(int weight) {
        return new Limits(cpuQuotaMicros, cpuPeriodMicros, weight, memoryMax, memoryHigh, memoryLow, ioWeight, ioMax, pidsMax, cpus, mems);
    }

    public Limits withMemory(Long max, Long high, Long low) {
        return new Limits(cpuQuotaMicros, cpuPeriodMicros, cpuWeight, max, high, low, ioWeight, ioMax, pidsMax, cpus, mems);
    }

    public Limits withIo(Integer weight, List<IoLimit> max) {
        return new Limits(cpuQuotaMicros, cpuPeriodMicros, cpuWeight, memoryMax, memoryHigh, memoryLow, weight, max, pidsMax, cpus, mems);
    }

    public Limits withPidsMax(long max) {
        return new Limits(cpuQuotaMicros, cpuPeriodMicros, cpuWeight, memoryMax, memoryHigh, memoryLow, ioWeight, ioMax, max, cpus, mems);
    }

    public Limits withCpuset(String cpus, String mems) {
        return new Limits(cpuQuotaMicros, cpuPeriodMicros, cpuWeight, memoryMax, memoryHigh, memoryLow, ioWeight, ioMax, pidsMax, cpus, mems);
    }

    public boolean isEmpty() {
        return cpuQuotaMicros == null && cpuPeriodMicros == null && cpuWeight == null && memoryMax == null
                && memoryHigh == null && memoryLow == null && ioWeight == null && ioMax.isEmpty() && pidsMax == null
                && cpus == null && mems == null;
    }

    /** Checks every value against the kernel's accepted ranges, reporting all problems at once. */
    public void validate() {
        Validation v = Validation.of(KernelErrors.COMPONENT);
        v.require(!isEmpty(), "limits", "set at least one limit");
        if (cpuQuotaMicros != null) {
            v.require(cpuQuotaMicros == -1 || (cpuQuotaMicros >= 1000 && cpuQuotaMicros <= 1_000_000L * 1_000_000L),
                    "cpuQuotaMicros", "must be -1 (max) or 1000..10^12 us, was " + cpuQuotaMicros);
        }
        if (cpuPeriodMicros != null) {
            v.require(cpuPeriodMicros >= 1000 && cpuPeriodMicros <= 1_000_000, "cpuPeriodMicros",
                    "must be 1000..1000000 us, was " + cpuPeriodMicros);
        }
        if (cpuWeight != null) {
            v.require(cpuWeight >= 1 && cpuWeight <= 10_000, "cpuWeight", "must be 1..10000, was " + cpuWeight);
        }
        memory(v, "memoryMax", memoryMax);
        memory(v, "memoryHigh", memoryHigh);
        memory(v, "memoryLow", memoryLow);
        if (ioWeight != null) {
            v.require(ioWeight >= 1 && ioWeight <= 10_000, "ioWeight", "must be 1..10000, was " + ioWeight);
        }
        if (pidsMax != null) {
            v.require(pidsMax == -1 || (pidsMax >= 1 && pidsMax <= 4_194_304), "pidsMax",
                    "must be -1 (max) or 1..4194304, was " + pidsMax);
        }
        if (cpus != null) {
            v.require(CpuList.isValid(cpus), "cpus", "must be a CPU list like '0-3,6', was '" + cpus + "'");
        }
        if (mems != null) {
            v.require(CpuList.isValid(mems), "mems", "must be a node list like '0' or '0-1', was '" + mems + "'");
        }
        v.throwIfInvalid();
    }

    private static void memory(Validation v, String field, Long value) {
        if (value != null) {
            v.require(value == -1 || (value >= 4096 && value <= (1L << 52)), field,
                    "must be -1 (max) or 4096..2^52 bytes, was " + value);
        }
    }
}
