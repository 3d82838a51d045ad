package io.multisystem.benchmarks.kernel;

import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.agent.KernelAgentOptions;
import io.multisystem.kernel.cgroup.CgroupInfo;
import io.multisystem.kernel.cgroup.Hierarchy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * 1,000 real cgroups under a managed root made for the run (removed by {@link #close()}), the agent that scrapes them,
 * and the list of files the agent reads per group, for the plain-Java floor that reads the same files without parsing.
 */
final class ScrapeFixture implements AutoCloseable {
    final KernelAgent agent;
    final String root;
    final List<Path> files = new ArrayList<>();

    ScrapeFixture(int groups) throws IOException {
        root = "ms-kernel-bench-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        agent = new KernelAgent(KernelAgentOptions.live().withManagedRoots(List.of(root)).withRemoveCreatedOnClose(true), Clock.systemUTC());
        agent.createCgroup(root);
        for (int i = 0; i < groups; i++) {
            agent.createCgroup(root + "/g" + i);
        }
        for (CgroupInfo info : agent.listCgroups()) {
            for (Hierarchy h : agent.layout().hierarchies()) {
                Path dir = h.mount().resolve(info.path());
                for (String name : List.of("cpu.stat", "cpuacct.usage", "cpuacct.usage_user", "cpuacct.usage_sys", "memory.current",
                        "memory.usage_in_bytes", "memory.stat", "memory.events", "memory.oom_control", "memory.max",
                        "memory.limit_in_bytes", "io.stat", "blkio.throttle.io_service_bytes_recursive",
                        "blkio.throttle.io_serviced_recursive", "pids.current", "pids.max", "cgroup.procs")) {
                    if (Files.exists(dir.resolve(name)) && wanted(h, name)) {
                        files.add(dir.resolve(name));
                    }
                }
            }
        }
    }

    private boolean wanted(Hierarchy h, String name) {
        // only the hierarchy the agent reads each controller from
        String controller = name.startsWith("cgroup.") ? "memory" : name.substring(0, name.indexOf('.'));
        return agent.layout().hierarchyFor(controller).map(x -> x.equals(h)).orElse(false)
                || (name.equals("cpu.stat") && agent.layout().hierarchyFor("cpu").map(x -> x.equals(h)).orElse(false));
    }

    /** The anchor's way (cAdvisor, node_exporter): every scrape opens, reads, parses and closes each file. */
    int openReadClose() {
        int n = 0;
        for (io.multisystem.kernel.cgroup.CgroupPath group : agent.cgroups().paths()) {
            io.multisystem.kernel.cgroup.CgroupStatsReader.read(agent.layout(), group);
            n++;
        }
        return n;
    }

    /** The floor: read every file once, in one loop, no parsing. */
    long plainLoop() throws IOException {
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.readAllBytes(f).length;
        }
        return bytes;
    }

    @Override
    public void close() {
        agent.deleteCgroup(root, true);
        agent.close();
    }

    static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
