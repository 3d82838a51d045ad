package io.multisystem.kernel.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.kernel.v1.GetTopologyRequest;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.NumaNode;
import io.multisystem.kernel.v1.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code numa}: the NUMA topology (assign CPUs/nodes to a group with {@code cgroups set --cpus --mems}). */
@Command(name = "numa", description = "NUMA nodes, their CPUs, memory and distances.")
final class NumaCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    AgentRoots roots;

    @Override
    public Integer call() {
        try (KernelClient client = KernelClient.open(common, roots)) {
            Topology t = client.call(GetTopologyRequest.getDefaultInstance(),
                    (q, o) -> CgroupsCommand.local(client).getTopology(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::getTopology);
            Output.print(common, t, () -> {
                StringBuilder sb = new StringBuilder("online CPUs: " + t.getOnlineCpus());
                for (NumaNode n : t.getNodesList()) {
                    sb.append(String.format("%nnode %d: cpus %s, memory %s total, %s free, distances %s", n.getId(), n.getCpus(),
                            Output.bytes(n.getMemoryTotalBytes()), Output.bytes(n.getMemoryFreeBytes()), n.getDistancesList()));
                }
                return sb.toString();
            });
        }
        return 0;
    }
}
