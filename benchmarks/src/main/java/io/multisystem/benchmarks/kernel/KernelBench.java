package io.multisystem.benchmarks.kernel;

import io.multisystem.kernel.bpf.Cidr;
import io.multisystem.kernel.bpf.Frames;
import io.multisystem.kernel.bpf.XdpBlocklist;
import io.multisystem.kernel.bpf.XdpPrograms;
import io.multisystem.kernel.nativeio.KernelHelper;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * Whole-process kernel measurements that JMH cannot take: (1) the agent's CPU share when it scrapes 1,000 cgroups every
 * 10 s (thread CPU time per scrape / 10 s, over several interleaved scrapes), against the anchor's open/read/close
 * reading and the plain-loop floor; (2) the XDP blocklist's per-packet cost from
 * BPF_PROG_TEST_RUN (the kernel times the program over {@code repeat} runs) at 10, 10^4 and 10^5 prefixes, for a packet
 * that matches (drop) and one that misses (pass), against an empty-list baseline.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.multisystem.benchmarks.kernel.KernelBench}
 */
public final class KernelBench {
    private KernelBench() {
    }

    /** No arguments: both parts; {@code scrape} or {@code xdp}: only that part. */
    public static void main(String[] args) throws Exception {
        java.util.List<String> parts = java.util.List.of(args);
        if (parts.isEmpty() || parts.contains("scrape")) {
            cpuShare();
        }
        if (parts.isEmpty() || parts.contains("xdp")) {
            xdp();
        }
    }

    private static void cpuShare() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (ScrapeFixture f = new ScrapeFixture(1000)) {
            for (int i = 0; i < 3; i++) {
                f.agent.statsAll();
                f.openReadClose();
                f.plainLoop();
            }
            int runs = 10;
            double[] agent = new double[2];
            double[] anchor = new double[2];
            double[] floor = new double[2];
            // interleaved rounds so that load from other processes hits all three alike
            for (int i = 0; i < runs; i++) {
                measure(mx, agent, () -> f.agent.statsAll());
                measure(mx, anchor, f::openReadClose);
                measure(mx, floor, () -> {
                    try {
                        f.plainLoop();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            double wallMs = agent[0] / runs;
            double cpuMs = agent[1] / runs;
            double anchorMs = anchor[0] / runs;
            double anchorCpuMs = anchor[1] / runs;
            double floorMs = floor[0] / runs;
            double floorCpuMs = floor[1] / runs;
            System.out.printf(Locale.ROOT, "scrape of %d cgroups (%d files), mean of %d: agent (cached fds, pread) %.1f ms wall, "
                    + "%.1f ms CPU; anchor (open/read/parse/close) %.1f ms wall, %.1f ms CPU; floor (plain readAllBytes loop) "
                    + "%.1f ms wall, %.1f ms CPU%n", f.agent.listCgroups().size(), f.files.size(), runs, wallMs, cpuMs, anchorMs,
                    anchorCpuMs, floorMs, floorCpuMs);
            System.out.printf(Locale.ROOT, "ratios agent/anchor wall %.2f CPU %.2f; agent/floor wall %.2f CPU %.2f; CPU share at "
                    + "10 s interval: agent %.3f%%, anchor %.3f%%, floor %.3f%%%n", wallMs / anchorMs, cpuMs / anchorCpuMs,
                    wallMs / floorMs, cpuMs / floorCpuMs, cpuMs / 10_000 * 100, anchorCpuMs / 10_000 * 100, floorCpuMs / 10_000 * 100);
        }
    }

    private static void measure(ThreadMXBean mx, double[] into, Runnable scrape) {
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        scrape.run();
        into[0] += (System.nanoTime() - wall0) / 1e6;
        into[1] += (mx.getCurrentThreadCpuTime() - cpu0) / 1e6;
    }

    private static void xdp() {
        KernelHelper helper = KernelHelper.get();
        byte[] hit = Frames.udp4("203.0.113.77", "10.0.0.1");
        byte[] miss = Frames.udp4("198.18.0.1", "10.0.0.1");
        // the same frames inside an 802.1ad + 802.1Q (QinQ) tag pair: the two extra parsing steps of the program
        byte[] hitQinq = Frames.vlan(Frames.vlan(hit, 0x8100, 100), 0x88a8, 200);
        byte[] missQinq = Frames.vlan(Frames.vlan(miss, 0x8100, 100), 0x88a8, 200);
        int repeat = 200_000;
        try (XdpBlocklist empty = XdpBlocklist.load(helper, 16)) {
            System.out.printf(Locale.ROOT, "xdp empty list: pass %d ns/packet%n", empty.testRun(miss, repeat).meanNanos());
        }
        for (int n : new int[] {10, 10_000, 100_000}) {
            try (XdpBlocklist list = XdpBlocklist.load(helper, 131_072)) {
                Random random = new Random(n);
                list.block(Cidr.parse("203.0.113.0/24"));
                int added = 1;
                while (added < n) {
                    int len = 16 + random.nextInt(17);
                    int addr = (random.nextInt() & ~0xff000000) | (10 << 24);
                    addr &= len == 32 ? -1 : ~((1 << (32 - len)) - 1);
                    String text = ((addr >>> 24) & 255) + "." + ((addr >>> 16) & 255) + "." + ((addr >>> 8) & 255) + "." + (addr & 255) + "/" + len;
                    if (list.block(Cidr.parse(text))) {
                        added++;
                    }
                }
                var drop = list.testRun(hit, repeat);
                var pass = list.testRun(miss, repeat);
                var dropQinq = list.testRun(hitQinq, repeat);
                var passQinq = list.testRun(missQinq, repeat);
                if (drop.returnCode() != XdpPrograms.XDP_DROP || pass.returnCode() != XdpPrograms.XDP_PASS
                        || dropQinq.returnCode() != XdpPrograms.XDP_DROP || passQinq.returnCode() != XdpPrograms.XDP_PASS) {
                    throw new IllegalStateException("unexpected verdicts " + drop + " " + pass + " " + dropQinq + " " + passQinq);
                }
                System.out.printf(Locale.ROOT, "xdp %,d prefixes: drop(match) %d ns/packet, pass(miss) %d ns/packet; QinQ-tagged: "
                        + "drop %d ns/packet, pass %d ns/packet%n", n, drop.meanNanos(), pass.meanNanos(), dropQinq.meanNanos(),
                        passQinq.meanNanos());
            }
        }
    }
}
