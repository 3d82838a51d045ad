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
 * 10 s (thread CPU time per scrape / 10 s, over several scrapes); (2) the XDP blocklist's per-packet cost from
 * BPF_PROG_TEST_RUN (the kernel times the program over {@code repeat} runs) at 10, 10^4 and 10^5 prefixes, for a packet
 * that matches (drop) and one that misses (pass), against an empty-list baseline.
 * Run: {@code java -cp benchmarks/target/benchmarks.jar io.multisystem.benchmarks.kernel.KernelBench}
 */
public final class KernelBench {
    private KernelBench() {
    }

    public static void main(String[] args) throws Exception {
        cpuShare();
        xdp();
    }

    private static void cpuShare() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (ScrapeFixture f = new ScrapeFixture(1000)) {
            for (int i = 0; i < 3; i++) {
                f.agent.statsAll();
            }
            int runs = 10;
            long cpu0 = mx.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                f.agent.statsAll();
            }
            double cpuMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / runs;
            double wallMs = (System.nanoTime() - wall0) / 1e6 / runs;
            long floorCpu0 = mx.getCurrentThreadCpuTime();
            long floor0 = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                f.plainLoop();
            }
            double floorMs = (System.nanoTime() - floor0) / 1e6 / runs;
            double floorCpuMs = (mx.getCurrentThreadCpuTime() - floorCpu0) / 1e6 / runs;
            System.out.printf(Locale.ROOT, "scrape of %d cgroups (%d files): agent %.1f ms wall, %.1f ms CPU; floor %.1f ms wall, "
                    + "%.1f ms CPU; ratio agent/floor wall %.2f, CPU %.2f; agent CPU share at 10 s interval %.3f%% (floor %.3f%%)%n",
                    f.agent.listCgroups().size(), f.files.size(), wallMs, cpuMs, floorMs, floorCpuMs, wallMs / floorMs,
                    cpuMs / floorCpuMs, cpuMs / 10_000 * 100, floorCpuMs / 10_000 * 100);
        }
    }

    private static void xdp() {
        KernelHelper helper = KernelHelper.get();
        byte[] hit = Frames.udp4("203.0.113.77", "10.0.0.1");
        byte[] miss = Frames.udp4("198.18.0.1", "10.0.0.1");
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
                if (drop.returnCode() != XdpPrograms.XDP_DROP || pass.returnCode() != XdpPrograms.XDP_PASS) {
                    throw new IllegalStateException("unexpected verdicts " + drop + " " + pass);
                }
                System.out.printf(Locale.ROOT, "xdp %,d prefixes: drop(match) %d ns/packet, pass(miss) %d ns/packet%n", n,
                        drop.meanNanos(), pass.meanNanos());
            }
        }
    }
}
