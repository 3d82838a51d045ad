package io.multisystem.kernel.grpc;

import com.google.protobuf.Timestamp;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.bpf.XdpBlocklist;
import io.multisystem.kernel.cgroup.CgroupInfo;
import io.multisystem.kernel.cgroup.CgroupStats;
import io.multisystem.kernel.cgroup.IoLimit;
import io.multisystem.kernel.numa.NumaNode;
import io.multisystem.kernel.numa.NumaTopology;
import io.multisystem.kernel.psi.Pressure;
import io.multisystem.kernel.psi.PressureEvent;
import io.multisystem.kernel.v1.BlocklistAttachment;
import io.multisystem.kernel.v1.BlocklistEntry;
import io.multisystem.kernel.v1.BlocklistStats;
import io.multisystem.kernel.v1.Cgroup;
import io.multisystem.kernel.v1.Limits;
import io.multisystem.kernel.v1.PressureLine;
import io.multisystem.kernel.v1.Topology;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Conversions between the domain's records and the kernel.v1 messages (both directions, used by service and CLI). */
public final class KernelProtos {
    private KernelProtos() {
    }

    public static Cgroup cgroup(CgroupInfo info) {
        return Cgroup.newBuilder().setPath(info.path()).addAllHierarchies(info.hierarchies()).setProcesses(info.processes()).build();
    }

    public static CgroupInfo cgroup(Cgroup c) {
        return new CgroupInfo(c.getPath(), c.getHierarchiesList(), c.getProcesses());
    }

    public static Limits limits(io.multisystem.kernel.cgroup.Limits l) {
        Limits.Builder b = Limits.newBuilder();
        if (l.cpuQuotaMicros() != null) {
            b.setCpuQuotaMicros(l.cpuQuotaMicros());
        }
        if (l.cpuPeriodMicros() != null) {
            b.setCpuPeriodMicros(l.cpuPeriodMicros());
        }
        if (l.cpuWeight() != null) {
            b.setCpuWeight(l.cpuWeight());
        }
        if (l.memoryMax() != null) {
            b.setMemoryMaxBytes(l.memoryMax());
        }
        if (l.memoryHigh() != null) {
            b.setMemoryHighBytes(l.memoryHigh());
        }
        if (l.memoryLow() != null) {
            b.setMemoryLowBytes(l.memoryLow());
        }
        if (l.ioWeight() != null) {
            b.setIoWeight(l.ioWeight());
        }
        for (IoLimit limit : l.ioMax()) {
            b.addIoMax(io.multisystem.kernel.v1.IoLimit.newBuilder().setMajor(limit.major()).setMinor(limit.minor())
                    .setReadBps(limit.readBps()).setWriteBps(limit.writeBps()).setReadIops(limit.readIops()).setWriteIops(limit.writeIops()));
        }
        if (l.pidsMax() != null) {
            b.setPidsMax(l.pidsMax());
        }
        if (l.cpus() != null) {
            b.setCpus(l.cpus());
        }
        if (l.mems() != null) {
            b.setMems(l.mems());
        }
        return b.build();
    }

    public static io.multisystem.kernel.cgroup.Limits limits(Limits p) {
        List<IoLimit> ioLimits = new ArrayList<>();
        for (io.multisystem.kernel.v1.IoLimit i : p.getIoMaxList()) {
            ioLimits.add(new IoLimit(i.getMajor(), i.getMinor(), i.getReadBps(), i.getWriteBps(), i.getReadIops(), i.getWriteIops()));
        }
        return new io.multisystem.kernel.cgroup.Limits(
                p.hasCpuQuotaMicros() ? p.getCpuQuotaMicros() : null,
                p.hasCpuPeriodMicros() ? p.getCpuPeriodMicros() : null,
                p.hasCpuWeight() ? p.getCpuWeight() : null,
                p.hasMemoryMaxBytes() ? p.getMemoryMaxBytes() : null,
                p.hasMemoryHighBytes() ? p.getMemoryHighBytes() : null,
                p.hasMemoryLowBytes() ? p.getMemoryLowBytes() : null,
                p.hasIoWeight() ? p.getIoWeight() : null,
                ioLimits,
                p.hasPidsMax() ? p.getPidsMax() : null,
                p.hasCpus() ? p.getCpus() : null,
                p.hasMems() ? p.getMems() : null);
    }

    public static io.multisystem.kernel.v1.CgroupStats stats(CgroupStats s, List<Pressure> pressure) {
        io.multisystem.kernel.v1.CgroupStats.Builder b = io.multisystem.kernel.v1.CgroupStats.newBuilder()
                .setPath(s.cgroup()).setCpuUsageNanos(s.cpuUsageNanos()).setCpuUserNanos(s.cpuUserNanos())
                .setCpuSystemNanos(s.cpuSystemNanos()).setCpuPeriods(s.cpuPeriods()).setCpuThrottledPeriods(s.cpuThrottledPeriods())
                .setCpuThrottledNanos(s.cpuThrottledNanos()).setMemoryUsageBytes(s.memoryUsageBytes())
                .setMemoryWorkingSetBytes(s.memoryWorkingSetBytes()).setMemoryRssBytes(s.memoryRssBytes())
                .setMemoryLimitBytes(s.memoryLimitBytes()).setOomKills(s.oomKills()).setIoReadBytes(s.ioReadBytes())
                .setIoWriteBytes(s.ioWriteBytes()).setIoReadOps(s.ioReadOps()).setIoWriteOps(s.ioWriteOps())
                .setPidsCurrent(s.pidsCurrent()).setPidsLimit(s.pidsLimit()).addAllUnavailable(s.unavailable());
        pressure.forEach(p -> b.addPressure(pressure(p)));
        return b.build();
    }

    public static CgroupStats stats(io.multisystem.kernel.v1.CgroupStats p) {
        return new CgroupStats(p.getPath(), p.getCpuUsageNanos(), p.getCpuUserNanos(), p.getCpuSystemNanos(), p.getCpuPeriods(),
                p.getCpuThrottledPeriods(), p.getCpuThrottledNanos(), p.getMemoryUsageBytes(), p.getMemoryWorkingSetBytes(),
                p.getMemoryRssBytes(), 0, p.getMemoryLimitBytes(), p.getOomKills(), p.getIoReadBytes(), p.getIoWriteBytes(),
                p.getIoReadOps(), p.getIoWriteOps(), p.getPidsCurrent(), p.getPidsLimit(), p.getUnavailableList());
    }

    public static io.multisystem.kernel.v1.Pressure pressure(Pressure p) {
        io.multisystem.kernel.v1.Pressure.Builder b = io.multisystem.kernel.v1.Pressure.newBuilder()
                .setResource(p.resource()).setSome(line(p.some()));
        p.full().ifPresent(f -> b.setFull(line(f)));
        return b.build();
    }

    public static Pressure pressure(io.multisystem.kernel.v1.Pressure p) {
        return new Pressure(p.getResource(), line(p.getSome()),
                p.hasFull() ? java.util.Optional.of(line(p.getFull())) : java.util.Optional.empty());
    }

    private static PressureLine line(Pressure.Line l) {
        return PressureLine.newBuilder().setAvg10(l.avg10()).setAvg60(l.avg60()).setAvg300(l.avg300()).setTotalMicros(l.totalMicros()).build();
    }

    private static Pressure.Line line(PressureLine l) {
        return new Pressure.Line(l.getAvg10(), l.getAvg60(), l.getAvg300(), l.getTotalMicros());
    }

    public static io.multisystem.kernel.v1.PressureEvent event(PressureEvent e) {
        return io.multisystem.kernel.v1.PressureEvent.newBuilder().setAt(timestamp(e.at())).setTarget(e.target())
                .setSequence(e.sequence()).setPressure(pressure(e.pressure())).build();
    }

    public static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }

    public static BlocklistAttachment attachment(XdpBlocklist.Attachment a) {
        return BlocklistAttachment.newBuilder().setInterface(a.interfaceName()).setInterfaceIndex(a.interfaceIndex())
                .setMode(a.mode().name().toLowerCase(Locale.ROOT)).setMethod(a.method()).build();
    }

    public static BlocklistStats blocklistStats(KernelAgent.BlocklistStats s) {
        BlocklistStats.Builder b = BlocklistStats.newBuilder()
                .setPassedPackets(s.totals().passedPackets()).setPassedBytes(s.totals().passedBytes())
                .setDroppedPackets(s.totals().droppedPackets()).setDroppedBytes(s.totals().droppedBytes());
        if (s.attachment() != null) {
            b.setAttachment(attachment(s.attachment()));
        }
        s.entries().forEach(e -> b.addEntries(BlocklistEntry.newBuilder().setPrefix(e.prefix().toString())
                .setPackets(e.packets()).setBytes(e.bytes())));
        return b.build();
    }

    public static Topology topology(NumaTopology t) {
        Topology.Builder b = Topology.newBuilder().setOnlineCpus(t.onlineCpus());
        for (NumaNode n : t.nodes()) {
            b.addNodes(io.multisystem.kernel.v1.NumaNode.newBuilder().setId(n.id()).setCpus(n.cpus())
                    .setMemoryTotalBytes(n.memoryTotalBytes()).setMemoryFreeBytes(n.memoryFreeBytes()).addAllDistances(n.distances()));
        }
        return b.build();
    }

    public static NumaTopology topology(Topology t) {
        List<NumaNode> nodes = new ArrayList<>();
        for (io.multisystem.kernel.v1.NumaNode n : t.getNodesList()) {
            nodes.add(new NumaNode(n.getId(), n.getCpus(), n.getMemoryTotalBytes(), n.getMemoryFreeBytes(), n.getDistancesList()));
        }
        return new NumaTopology(nodes, t.getOnlineCpus());
    }

    public static XdpBlocklist.Mode mode(String text) {
        if (text == null || text.isBlank()) {
            return XdpBlocklist.Mode.AUTO;
        }
        try {
            return XdpBlocklist.Mode.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw io.multisystem.kernel.KernelErrors.invalid("XDP_MODE_INVALID", "XDP mode '" + text + "' must be auto, driver or generic");
        }
    }
}
