package io.multisystem.parallel.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: {@code n} server nodes in this JVM on loopback, on random port ranges of their own. */
final class LoopbackCluster implements AutoCloseable {
    final List<IgniteCluster> nodes = new ArrayList<>();
    final IgnitePorts ports;

    private LoopbackCluster(IgnitePorts ports) {
        this.ports = ports;
    }

    /**
     * Nodes {@code prefix-0..n-1} on fresh random discovery and communication ranges ({@link IgnitePorts#random()}).
     * Nodes already started are stopped if a later one fails.
     */
    static LoopbackCluster start(String prefix, int n, Path work) {
        LoopbackCluster cluster = new LoopbackCluster(IgnitePorts.random());
        try {
            for (int i = 0; i < n; i++) {
                cluster.nodes.add(IgniteCluster.start(cluster.ports.settings(prefix + "-" + i, work)));
            }
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    IgniteCluster node(int i) {
        return nodes.get(i);
    }

    /** Stops every node (also those already stopped by the test, which is a no-op). */
    @Override
    public void close() {
        for (IgniteCluster node : nodes) {
            try {
                node.close();
            } catch (RuntimeException ignored) {
                // keep stopping the others
            }
        }
    }
}
