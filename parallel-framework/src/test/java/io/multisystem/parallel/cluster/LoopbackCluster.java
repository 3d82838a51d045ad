package io.multisystem.parallel.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: {@code n} server nodes in this JVM on loopback, on ports no other test class uses. */
final class LoopbackCluster implements AutoCloseable {
    final List<IgniteCluster> nodes = new ArrayList<>();

    /**
     * Discovery on {@code discoveryPort..discoveryPort+9}, communication from {@code communicationPort}; node names
     * are {@code prefix-0..n-1}. Nodes already started are stopped if a later one fails.
     */
    static LoopbackCluster start(String prefix, int n, int discoveryPort, int communicationPort, Path work) {
        LoopbackCluster cluster = new LoopbackCluster();
        try {
            for (int i = 0; i < n; i++) {
                cluster.nodes.add(IgniteCluster.start(settings(prefix + "-" + i, discoveryPort, communicationPort,
                        work)));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    static ClusterSettings settings(String name, int discoveryPort, int communicationPort, Path work) {
        return ClusterSettings.loopback(name)
                .withDiscovery(List.of("127.0.0.1:" + discoveryPort + ".." + (discoveryPort + 9)), discoveryPort, 9)
                .withCommunicationPort(communicationPort)
                .withQuietLogging(true)
                .withWorkDirectory(work)
                .withJobThreads(2);
    }

    IgniteCluster node(int i) {
        return nodes.get(i);
    }

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
