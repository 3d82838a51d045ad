package io.multisystem.kernel.numa;

import java.util.List;

/** One NUMA node: its CPUs (kernel list format), memory total/free in bytes, and distances to every node (node order). */
public record NumaNode(int id, String cpus, long memoryTotalBytes, long memoryFreeBytes, List<Integer> distances) {
    public NumaNode {
        distances = List.copyOf(distances);
    }
}
