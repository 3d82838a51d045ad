package io.multisystem.kernel.numa;

import io.multisystem.core.error.Validation;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.KernelFiles;
import io.multisystem.kernel.cgroup.CpuList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * NUMA topology from sysfs under a configurable root: {@code devices/system/node/node<N>/cpulist}, {@code meminfo}
 * ("Node N MemTotal: X kB") and {@code distance} (one row of the SLIT), plus the online CPUs from
 * {@code devices/system/cpu/online}. A machine without the node directory (CONFIG_NUMA off) is one node holding every
 * online CPU. {@link #validatePlacement} checks a cpuset/mems assignment against it before anything is written.
 */
public record NumaTopology(List<NumaNode> nodes, String onlineCpus) {
    private static final Pattern NODE_DIR = Pattern.compile("node(\\d+)");
    private static final Pattern MEMINFO = Pattern.compile("Node\\s+\\d+\\s+(MemTotal|MemFree):\\s+(\\d+)\\s+kB");

    public NumaTopology {
        nodes = List.copyOf(nodes);
    }

    public static NumaTopology read(Path sysRoot) {
        String online = KernelFiles.read(sysRoot.resolve("devices/system/cpu/online")).orElse("");
        Path nodeRoot = sysRoot.resolve("devices/system/node");
        List<NumaNode> nodes = new ArrayList<>();
        if (Files.isDirectory(nodeRoot)) {
            try (Stream<Path> dirs = Files.list(nodeRoot)) {
                for (Path dir : dirs.toList()) {
                    Matcher m = NODE_DIR.matcher(dir.getFileName().toString());
                    if (m.matches() && Files.isDirectory(dir)) {
                        nodes.add(node(Integer.parseInt(m.group(1)), dir));
                    }
                }
            } catch (IOException e) {
                throw KernelErrors.precondition(KernelErrors.READ_FAILED, "cannot list " + nodeRoot + ": " + e.getMessage());
            }
        }
        nodes.sort((a, b) -> Integer.compare(a.id(), b.id()));
        if (nodes.isEmpty()) {
            nodes.add(new NumaNode(0, online, 0, 0, List.of(10)));
        }
        return new NumaTopology(nodes, online);
    }

    private static NumaNode node(int id, Path dir) {
        String cpus = KernelFiles.read(dir.resolve("cpulist")).orElse("");
        long[] memory = parseMeminfo(KernelFiles.read(dir.resolve("meminfo")).orElse(""));
        List<Integer> distances = parseDistances(KernelFiles.read(dir.resolve("distance")).orElse(""));
        return new NumaNode(id, cpus, memory[0], memory[1], distances);
    }

    /**
     * A node's {@code meminfo} ({@code Node N MemTotal:  X kB} lines among others) as {@code {total, free}} bytes;
     * lines that are not MemTotal/MemFree are ignored, a missing line is 0, a size beyond 64 bits is an error.
     */
    public static long[] parseMeminfo(String text) {
        long[] out = new long[2];
        for (String line : text.split("\n")) {
            Matcher m = MEMINFO.matcher(line.trim());
            if (m.matches()) {
                long kb;
                try {
                    kb = Long.parseLong(m.group(2));
                } catch (NumberFormatException e) {
                    throw KernelErrors.precondition(KernelErrors.READ_FAILED, "node meminfo size out of range: '" + line.trim() + "'");
                }
                if (kb > Long.MAX_VALUE / 1024) {
                    throw KernelErrors.precondition(KernelErrors.READ_FAILED, "node meminfo size out of range: '" + line.trim() + "'");
                }
                out["MemTotal".equals(m.group(1)) ? 0 : 1] = kb * 1024;
            }
        }
        return out;
    }

    /** A node's {@code distance} row (SLIT values separated by blanks, 10 = local); anything else is an error. */
    public static List<Integer> parseDistances(String text) {
        List<Integer> distances = new ArrayList<>();
        for (String d : text.strip().split("\\s+")) {
            if (d.isEmpty()) {
                continue;
            }
            if (!d.matches("\\d{1,3}") || Integer.parseInt(d) > 255) {
                throw KernelErrors.precondition(KernelErrors.READ_FAILED, "NUMA distance '" + d + "' is not a SLIT value 0..255 in '"
                        + text.strip() + "'");
            }
            distances.add(Integer.parseInt(d));
        }
        return distances;
    }

    public BitSet nodeIds() {
        BitSet ids = new BitSet();
        nodes.forEach(n -> ids.set(n.id()));
        return ids;
    }

    public BitSet cpus() {
        BitSet all = CpuList.parse(onlineCpus);
        if (all.isEmpty()) {
            nodes.forEach(n -> all.or(CpuList.parse(n.cpus())));
        }
        return all;
    }

    /** The nodes whose CPUs intersect {@code cpus}, as a node list: the natural mems for that CPU set. */
    public String nodesOf(String cpus) {
        BitSet wanted = CpuList.parse(cpus);
        BitSet ids = new BitSet();
        for (NumaNode n : nodes) {
            if (CpuList.parse(n.cpus()).intersects(wanted)) {
                ids.set(n.id());
            }
        }
        return CpuList.format(ids);
    }

    /** Fails unless {@code cpus} are online CPUs and {@code mems} are existing nodes (either may be null). */
    public void validatePlacement(String cpus, String mems) {
        Validation v = Validation.of(KernelErrors.COMPONENT);
        v.require(cpus != null || mems != null, "placement", "give cpus, mems or both");
        if (cpus != null) {
            if (!CpuList.isValid(cpus)) {
                v.reject("cpus", "must be a CPU list like '0-3,6', was '" + cpus + "'");
            } else {
                BitSet extra = CpuList.parse(cpus);
                extra.andNot(cpus());
                v.require(extra.isEmpty(), "cpus", "CPUs " + CpuList.format(extra) + " are not online (online: " + CpuList.format(cpus()) + ")");
            }
        }
        if (mems != null) {
            if (!CpuList.isValid(mems)) {
                v.reject("mems", "must be a node list like '0' or '0-1', was '" + mems + "'");
            } else {
                BitSet extra = CpuList.parse(mems);
                extra.andNot(nodeIds());
                v.require(extra.isEmpty(), "mems", "NUMA nodes " + CpuList.format(extra) + " do not exist (nodes: " + CpuList.format(nodeIds()) + ")");
            }
        }
        v.throwIfInvalid();
    }
}
