package io.multisystem.kernel.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.v1.AttachBlocklistRequest;
import io.multisystem.kernel.v1.BlocklistAttachment;
import io.multisystem.kernel.v1.BlocklistEntry;
import io.multisystem.kernel.v1.BlocklistStats;
import io.multisystem.kernel.v1.DetachBlocklistRequest;
import io.multisystem.kernel.v1.GetBlocklistStatsRequest;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.UpdateBlocklistRequest;
import io.multisystem.kernel.v1.UpdateBlocklistResponse;
import io.multisystem.kernel.bpf.Cidr;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code xdp attach|detach|block|unblock|stats}. The blocklist's program and maps live in the agent process (closing
 * them detaches), so these verbs talk to a running agent: {@code --server host:port} is required.
 */
@Command(name = "xdp", description = "XDP blocklists on network interfaces (needs a running agent: --server host:port).",
        subcommands = {XdpCommand.Attach.class, XdpCommand.Detach.class, XdpCommand.Block.class, XdpCommand.Unblock.class,
            XdpCommand.Stats.class})
final class XdpCommand {

    abstract static class Base implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AgentRoots roots;

        @Override
        public Integer call() {
            if (common.server().isEmpty()) {
                throw KernelErrors.invalid("SERVER_REQUIRED", "xdp commands need a running agent: add --server host:port "
                        + "(a program attached by this short-lived process would be detached when it exits)");
            }
            try (KernelClient client = KernelClient.open(common, roots)) {
                run(client);
            }
            return 0;
        }

        abstract void run(KernelClient client);
    }

    @Command(name = "attach", description = "Load the blocklist program and attach it to INTERFACE.")
    static final class Attach extends Base {
        @Parameters(paramLabel = "INTERFACE")
        String iface;
        @Option(names = "--mode", defaultValue = "auto", description = "auto, driver or generic (default: ${DEFAULT-VALUE}).")
        String mode;
        @Option(names = "--block", paramLabel = "CIDR", description = "Prefix to block from the start; repeatable.")
        List<String> block = List.of();

        @Override
        void run(KernelClient client) {
            block.forEach(Cidr::parse);
            BlocklistAttachment a = client.call(AttachBlocklistRequest.newBuilder().setInterface(iface).setMode(mode).addAllPrefixes(block).build(),
                    (q, o) -> CgroupsCommand.local(client).attachBlocklist(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::attachBlocklist);
            Output.print(common, a, () -> "attached to " + a.getInterface() + " (ifindex " + a.getInterfaceIndex() + ", "
                    + a.getMode() + ", " + a.getMethod() + ")");
        }
    }

    @Command(name = "detach", description = "Detach the blocklist from INTERFACE and free its maps.")
    static final class Detach extends Base {
        @Parameters(paramLabel = "INTERFACE")
        String iface;

        @Override
        void run(KernelClient client) {
            var r = client.call(DetachBlocklistRequest.newBuilder().setInterface(iface).build(),
                    (q, o) -> CgroupsCommand.local(client).detachBlocklist(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::detachBlocklist);
            Output.print(common, r, () -> "detached from " + iface);
        }
    }

    @Command(name = "block", description = "Add prefixes to INTERFACE's blocklist.")
    static final class Block extends Base {
        @Parameters(index = "0", paramLabel = "INTERFACE")
        String iface;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CIDR")
        List<String> prefixes;

        @Override
        void run(KernelClient client) {
            prefixes.forEach(Cidr::parse);
            UpdateBlocklistResponse r = client.call(UpdateBlocklistRequest.newBuilder().setInterface(iface).addAllAdd(prefixes).build(),
                    (q, o) -> CgroupsCommand.local(client).updateBlocklist(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::updateBlocklist);
            Output.print(common, r, () -> "added " + r.getAdded() + ", now " + r.getSize() + " prefixes");
        }
    }

    @Command(name = "unblock", description = "Remove prefixes from INTERFACE's blocklist.")
    static final class Unblock extends Base {
        @Parameters(index = "0", paramLabel = "INTERFACE")
        String iface;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "CIDR")
        List<String> prefixes;

        @Override
        void run(KernelClient client) {
            prefixes.forEach(Cidr::parse);
            UpdateBlocklistResponse r = client.call(UpdateBlocklistRequest.newBuilder().setInterface(iface).addAllRemove(prefixes).build(),
                    (q, o) -> CgroupsCommand.local(client).updateBlocklist(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::updateBlocklist);
            Output.print(common, r, () -> "removed " + r.getRemoved() + ", now " + r.getSize() + " prefixes");
        }
    }

    @Command(name = "stats", description = "Per-prefix counters and pass/drop totals of INTERFACE's blocklist.")
    static final class Stats extends Base {
        @Parameters(paramLabel = "INTERFACE")
        String iface;

        @Override
        void run(KernelClient client) {
            BlocklistStats s = client.call(GetBlocklistStatsRequest.newBuilder().setInterface(iface).build(),
                    (q, o) -> CgroupsCommand.local(client).getBlocklistStats(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::getBlocklistStats);
            Output.print(common, s, () -> {
                StringBuilder sb = new StringBuilder(String.format("%s: passed %d packets (%d B), dropped %d packets (%d B)",
                        iface, s.getPassedPackets(), s.getPassedBytes(), s.getDroppedPackets(), s.getDroppedBytes()));
                for (BlocklistEntry e : s.getEntriesList()) {
                    sb.append(String.format("%n  %-43s %10d pkts %12d B", e.getPrefix(), e.getPackets(), e.getBytes()));
                }
                return sb.toString();
            });
        }
    }
}
