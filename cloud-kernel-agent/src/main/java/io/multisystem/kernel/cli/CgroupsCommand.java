package io.multisystem.kernel.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.kernel.agent.LimitSyntax;
import io.multisystem.kernel.grpc.KernelProtos;
import io.multisystem.kernel.v1.Cgroup;
import io.multisystem.kernel.v1.CgroupStats;
import io.multisystem.kernel.v1.CreateCgroupRequest;
import io.multisystem.kernel.v1.DeleteCgroupRequest;
import io.multisystem.kernel.v1.GetStatsRequest;
import io.multisystem.kernel.v1.GetStatsResponse;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.Limits;
import io.multisystem.kernel.v1.ListCgroupsRequest;
import io.multisystem.kernel.v1.ListCgroupsResponse;
import io.multisystem.kernel.v1.MoveProcessRequest;
import io.multisystem.kernel.v1.MoveProcessResponse;
import io.multisystem.kernel.v1.SetLimitsRequest;
import io.multisystem.kernel.cgroup.IoLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code cgroups ls|create|rm|set|move|stats}. */
@Command(name = "cgroups", description = "List, create, delete, limit and inspect cgroups under the managed roots.",
        subcommands = {CgroupsCommand.Ls.class, CgroupsCommand.Create.class, CgroupsCommand.Rm.class, CgroupsCommand.Set.class,
            CgroupsCommand.Move.class, CgroupsCommand.Stats.class})
final class CgroupsCommand {

    abstract static class Base implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AgentRoots roots;

        @Override
        public Integer call() {
            try (KernelClient client = KernelClient.open(common, roots)) {
                run(client);
            }
            return 0;
        }

        abstract void run(KernelClient client);
    }

    @Command(name = "ls", description = "Show the cgroup layout and every managed group.")
    static final class Ls extends Base {
        @Override
        void run(KernelClient client) {
            ListCgroupsResponse r = client.call(ListCgroupsRequest.getDefaultInstance(),
                    (q, o) -> local(client).listCgroups(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::listCgroups);
            Output.print(common, r, () -> {
                StringBuilder sb = new StringBuilder("mode: " + r.getMode() + "\ncontrollers: " + r.getControllersMap()
                        + "\nmanaged roots: " + r.getManagedRootsList());
                for (Cgroup c : r.getCgroupsList()) {
                    sb.append(String.format("%n%-48s %3d procs  %s", c.getPath(), c.getProcesses(), c.getHierarchiesList()));
                }
                return sb.toString();
            });
        }
    }

    @Command(name = "create", description = "Create a group in every hierarchy.")
    static final class Create extends Base {
        @Parameters(paramLabel = "PATH", description = "e.g. multisystem.slice/tenant-a")
        String path;

        @Override
        void run(KernelClient client) {
            Cgroup c = client.call(CreateCgroupRequest.newBuilder().setPath(path).build(),
                    (q, o) -> local(client).createCgroup(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::createCgroup);
            Output.print(common, c, () -> "created " + c.getPath() + " in " + c.getHierarchiesList());
        }
    }

    @Command(name = "rm", description = "Delete a group (it must hold no processes).")
    static final class Rm extends Base {
        @Parameters(paramLabel = "PATH")
        String path;
        @Option(names = {"-r", "--recursive"}, description = "Delete child groups too.")
        boolean recursive;

        @Override
        void run(KernelClient client) {
            var r = client.call(DeleteCgroupRequest.newBuilder().setPath(path).setRecursive(recursive).build(),
                    (q, o) -> local(client).deleteCgroup(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::deleteCgroup);
            Output.print(common, r, () -> "deleted " + path);
        }
    }

    @Command(name = "set", description = "Set limits (systemd semantics; mapped to v1 files on v1 hosts). All or nothing.")
    static final class Set extends Base {
        @Parameters(paramLabel = "PATH")
        String path;
        @Option(names = "--cpu-max", paramLabel = "QUOTA [PERIOD]|N%", description = "cpu.max, e.g. '50000 100000', 'max', 150%")
        String cpuMax;
        @Option(names = "--cpu-weight", paramLabel = "1..10000")
        Integer cpuWeight;
        @Option(names = "--memory-max", paramLabel = "SIZE", description = "e.g. 512M, 2G, max")
        String memoryMax;
        @Option(names = "--memory-high", paramLabel = "SIZE")
        String memoryHigh;
        @Option(names = "--memory-low", paramLabel = "SIZE")
        String memoryLow;
        @Option(names = "--io-weight", paramLabel = "1..10000")
        Integer ioWeight;
        @Option(names = "--io-max", paramLabel = "'MAJ:MIN rbps=N wbps=N riops=N wiops=N'")
        List<String> ioMax = List.of();
        @Option(names = "--pids-max", paramLabel = "N|max")
        String pidsMax;
        @Option(names = "--cpus", paramLabel = "LIST", description = "cpuset.cpus, e.g. 0-3")
        String cpus;
        @Option(names = "--mems", paramLabel = "LIST", description = "cpuset.mems (NUMA nodes), e.g. 0")
        String mems;

        @Override
        void run(KernelClient client) {
            Limits.Builder b = Limits.newBuilder();
            if (cpuMax != null) {
                long[] q = LimitSyntax.cpuMax(cpuMax);
                b.setCpuQuotaMicros(q[0]).setCpuPeriodMicros(q[1]);
            }
            if (cpuWeight != null) {
                b.setCpuWeight(cpuWeight);
            }
            if (memoryMax != null) {
                b.setMemoryMaxBytes(LimitSyntax.bytes("--memory-max", memoryMax));
            }
            if (memoryHigh != null) {
                b.setMemoryHighBytes(LimitSyntax.bytes("--memory-high", memoryHigh));
            }
            if (memoryLow != null) {
                b.setMemoryLowBytes(LimitSyntax.bytes("--memory-low", memoryLow));
            }
            if (ioWeight != null) {
                b.setIoWeight(ioWeight);
            }
            for (String spec : ioMax) {
                IoLimit l = IoLimit.parse(spec);
                b.addIoMax(io.multisystem.kernel.v1.IoLimit.newBuilder().setMajor(l.major()).setMinor(l.minor())
                        .setReadBps(l.readBps()).setWriteBps(l.writeBps()).setReadIops(l.readIops()).setWriteIops(l.writeIops()));
            }
            if (pidsMax != null) {
                b.setPidsMax(LimitSyntax.count("--pids-max", pidsMax));
            }
            if (cpus != null) {
                b.setCpus(cpus);
            }
            if (mems != null) {
                b.setMems(mems);
            }
            Limits after = client.call(SetLimitsRequest.newBuilder().setPath(path).setLimits(b).build(),
                    (q, o) -> local(client).setLimits(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::setLimits);
            Output.print(common, after, () -> path + ": " + KernelProtos.limits(after));
        }
    }

    @Command(name = "move", description = "Move a process into a group.")
    static final class Move extends Base {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1", paramLabel = "PID")
        long pid;

        @Override
        void run(KernelClient client) {
            MoveProcessResponse r = client.call(MoveProcessRequest.newBuilder().setPath(path).setPid(pid).build(),
                    (q, o) -> local(client).moveProcess(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::moveProcess);
            Output.print(common, r, () -> "moved " + pid + " into " + path);
        }
    }

    @Command(name = "stats", description = "Statistics of one group or of every managed group (cAdvisor's quantities).")
    static final class Stats extends Base {
        @Parameters(paramLabel = "PATH", arity = "0..1")
        String path = "";

        @Override
        void run(KernelClient client) {
            GetStatsResponse r = client.call(GetStatsRequest.newBuilder().setPath(path).build(),
                    (q, o) -> local(client).getStats(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::getStats);
            Output.print(common, r, () -> {
                StringBuilder sb = new StringBuilder(String.format("%-40s %10s %12s %12s %8s %6s %12s %12s",
                        "CGROUP", "CPU s", "MEM", "WORKING SET", "THROTTLD", "PIDS", "IO READ", "IO WRITE"));
                for (CgroupStats s : r.getCgroupsList()) {
                    sb.append(String.format("%n%-40s %10.3f %12s %12s %8d %6d %12s %12s", s.getPath(), s.getCpuUsageNanos() / 1e9,
                            Output.bytes(s.getMemoryUsageBytes()), Output.bytes(s.getMemoryWorkingSetBytes()),
                            s.getCpuThrottledPeriods(), s.getPidsCurrent(), Output.bytes(s.getIoReadBytes()), Output.bytes(s.getIoWriteBytes())));
                }
                return sb.toString();
            });
        }
    }

    static io.multisystem.kernel.grpc.KernelAgentGrpcService local(KernelClient client) {
        return ((KernelClient.LocalAccess) client).service();
    }
}
