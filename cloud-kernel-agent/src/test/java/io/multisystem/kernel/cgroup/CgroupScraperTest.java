package io.multisystem.kernel.cgroup;

import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.agent.KernelAgentOptions;
import io.multisystem.kernel.testing.FixtureTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cached-descriptor scraper against synthetic cgroup trees of 1,000 groups in a temp dir (v2, and v1 over four
 * hierarchies): same results as the
 * one-shot reader, fresh values from the same descriptors after the files change (pread at offset 0), groups that
 * appear and disappear, the descriptor budget, and contents larger than the read buffer.
 */
class CgroupScraperTest {
    private static final int GROUPS = 1000;

    @TempDir
    Path tempDir;
    /** The trees live on tmpfs when there is one: 10,000+ small files on a busy shared disk take minutes to write. */
    private Path dir;

    @BeforeEach
    void chooseTreeDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "cka-scraper-") : tempDir;
    }

    @AfterEach
    void removeTrees() throws IOException {
        if (dir != null && !dir.equals(tempDir) && Files.exists(dir)) {
            deleteTree(dir);
        }
    }

    @Test
    void aThousandGroupV2TreeScrapesLikeTheOneShotReaderAndRereadsTheSameDescriptors() throws IOException {
        Path root = dir.resolve("v2");
        FixtureTree.v2(root);
        for (int i = 0; i < GROUPS; i++) {
            v2Group(root.resolve("multisystem.slice/g" + i), i);
        }
        CgroupLayout layout = CgroupLayout.detect(root);
        CgroupManager manager = new CgroupManager(layout, List.of(CgroupPath.of("multisystem.slice")), dir.resolve("proc"));
        try (CgroupScraper scraper = new CgroupScraper(layout, 1_000_000)) {
            List<CgroupPath> paths = manager.paths();
            assertThat(paths).hasSize(GROUPS + 2); // the slice, tenant-a and g0..g999

            long t0 = System.nanoTime();
            List<CgroupStats> first = scraper.scrape(paths);
            long t1 = System.nanoTime();
            List<CgroupStats> second = scraper.scrape(paths);
            long t2 = System.nanoTime();
            List<CgroupStats> oneShot = new ArrayList<>();
            for (CgroupPath p : paths) {
                oneShot.add(CgroupStatsReader.read(layout, p));
            }
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "synthetic v2 tree, %d groups: first scrape (opens) %.1f ms, cached scrape %.1f ms, "
                    + "one-shot reader %.1f ms%n", paths.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6);

            assertThat(first).isEqualTo(oneShot).isEqualTo(second);
            CgroupStats g42 = byName(first, "multisystem.slice/g42");
            assertThat(g42.cpuUsageNanos()).isEqualTo(42_000L * 1000);
            assertThat(g42.cpuThrottledNanos()).isEqualTo(42L * 1000);
            assertThat(g42.memoryUsageBytes()).isEqualTo(1_000_042L);
            assertThat(g42.memoryWorkingSetBytes()).isEqualTo(1_000_042L - 42);
            assertThat(g42.ioReadBytes()).isEqualTo(42 + 1);
            assertThat(g42.ioWriteOps()).isEqualTo(3);
            assertThat(g42.pidsCurrent()).isEqualTo(42 % 7);
            assertThat(g42.memoryLimitBytes()).isEqualTo(-1);
            int existing = existingFiles(layout, paths);
            assertThat(scraper.openFiles()).isEqualTo(existing);

            // rewrite in place (same inode): the cached descriptors must see the new content
            Path g42dir = root.resolve("multisystem.slice/g42");
            Files.writeString(g42dir.resolve("cpu.stat"), "usage_usec 99\nuser_usec 1\nsystem_usec 2\nnr_periods 3\n"
                    + "nr_throttled 4\nthrottled_usec 5\n");
            Files.writeString(g42dir.resolve("memory.max"), "536870912\n");
            List<CgroupStats> third = scraper.scrape(paths);
            CgroupStats changed = byName(third, "multisystem.slice/g42");
            assertThat(changed.cpuUsageNanos()).isEqualTo(99_000);
            assertThat(changed.cpuThrottledPeriods()).isEqualTo(4);
            assertThat(changed.memoryLimitBytes()).isEqualTo(512L << 20);
            assertThat(scraper.openFiles()).isEqualTo(existing);
        }
    }

    @Test
    void groupsThatDisappearAreDroppedAndTheirDescriptorsClosedNewGroupsAreOpened() throws IOException {
        Path root = dir.resolve("v2");
        FixtureTree.v2(root);
        for (int i = 0; i < 20; i++) {
            v2Group(root.resolve("multisystem.slice/g" + i), i);
        }
        CgroupLayout layout = CgroupLayout.detect(root);
        CgroupManager manager = new CgroupManager(layout, List.of(CgroupPath.of("multisystem.slice")), dir.resolve("proc"));
        int perGroup = StatFilePlan.of(layout).slots().size();
        try (CgroupScraper scraper = new CgroupScraper(layout, 1_000_000)) {
            assertThat(scraper.scrape(manager.paths())).hasSize(22);
            deleteTree(root.resolve("multisystem.slice/g7"));
            v2Group(root.resolve("multisystem.slice/g100"), 100);
            List<CgroupStats> after = scraper.scrape(manager.paths());
            assertThat(after).extracting(CgroupStats::cgroup).doesNotContain("multisystem.slice/g7")
                    .contains("multisystem.slice/g100").hasSize(22);
            assertThat(byName(after, "multisystem.slice/g100").cpuUsageNanos()).isEqualTo(100_000L * 1000);
            assertThat(scraper.cachedGroups()).isEqualTo(22);
            assertThat(scraper.openFiles()).isEqualTo(existingFiles(layout, manager.paths())).isEqualTo(21 * perGroup);
        }
    }

    @Test
    void beyondTheDescriptorBudgetGroupsAreReadWithOpenReadCloseAndGiveTheSameResults() throws IOException {
        Path root = dir.resolve("v2");
        FixtureTree.v2(root);
        for (int i = 0; i < 50; i++) {
            v2Group(root.resolve("multisystem.slice/g" + i), i);
        }
        CgroupLayout layout = CgroupLayout.detect(root);
        CgroupManager manager = new CgroupManager(layout, List.of(CgroupPath.of("multisystem.slice")), dir.resolve("proc"));
        int perGroup = StatFilePlan.of(layout).slots().size();
        List<CgroupPath> paths = manager.paths();
        try (CgroupScraper unlimited = new CgroupScraper(layout, 1_000_000);
             CgroupScraper bounded = new CgroupScraper(layout, 10 * perGroup + 3)) {
            List<CgroupStats> expected = unlimited.scrape(paths);
            assertThat(bounded.scrape(paths)).isEqualTo(expected);
            assertThat(bounded.scrape(paths)).isEqualTo(expected);
            assertThat(bounded.cachedGroups()).isBetween(10, 11); // the slice's own directory has no statistics files
            assertThat(bounded.openFiles()).isLessThanOrEqualTo(10 * perGroup + 3);
        }
    }

    @Test
    void aV1TreeWithAThousandGroupsAcrossFourHierarchiesScrapesLikeTheOneShotReader() throws IOException {
        int groups = GROUPS;
        Path root = dir.resolve("v1");
        FixtureTree.v1(root);
        for (int i = 0; i < groups; i++) {
            String g = "multisystem.slice/g" + i + "/";
            write(root.resolve("cpu,cpuacct/" + g + "cpu.stat"), "nr_periods " + i + "\nnr_throttled 1\nthrottled_time " + (i * 10) + "\n");
            write(root.resolve("cpu,cpuacct/" + g + "cpuacct.usage"), (i * 3L) + "\n");
            write(root.resolve("cpu,cpuacct/" + g + "cpuacct.usage_user"), (i * 2L) + "\n");
            write(root.resolve("cpu,cpuacct/" + g + "cpuacct.usage_sys"), i + "\n");
            write(root.resolve("memory/" + g + "memory.usage_in_bytes"), (4096L + i) + "\n");
            write(root.resolve("memory/" + g + "memory.stat"), "cache 0\nrss 7\ninactive_file 1\ntotal_rss " + i + "\ntotal_inactive_file 96\n");
            write(root.resolve("memory/" + g + "memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill " + (i % 3) + "\n");
            write(root.resolve("memory/" + g + "memory.limit_in_bytes"), "9223372036854771712\n");
            write(root.resolve("blkio/" + g + "blkio.throttle.io_service_bytes_recursive"),
                    "8:0 Read " + i + "\n8:0 Write 5\n8:16 Read 1\n8:0 Total " + (i + 5) + "\nTotal " + (i + 6) + "\n");
            write(root.resolve("blkio/" + g + "blkio.throttle.io_serviced_recursive"), "8:0 Read 1\n8:0 Write 2\nTotal 3\n");
            write(root.resolve("pids/" + g + "pids.current"), "1\n");
            write(root.resolve("pids/" + g + "pids.max"), "max\n");
            Files.createDirectories(root.resolve("cpuset/" + g));
        }
        CgroupLayout layout = CgroupLayout.detect(root);
        CgroupManager manager = new CgroupManager(layout, List.of(CgroupPath.of("multisystem.slice")), dir.resolve("proc"));
        try (CgroupScraper scraper = new CgroupScraper(layout, 1_000_000)) {
            List<CgroupPath> paths = manager.paths();
            List<CgroupStats> scraped = scraper.scrape(paths);
            assertThat(scraped).hasSize(groups + 2);
            for (int i = 0; i < paths.size(); i++) {
                assertThat(scraped.get(i)).isEqualTo(CgroupStatsReader.read(layout, paths.get(i)));
            }
            CgroupStats g9 = byName(scraped, "multisystem.slice/g9");
            assertThat(g9.cpuUsageNanos()).isEqualTo(27);
            assertThat(g9.cpuThrottledNanos()).isEqualTo(90);
            assertThat(g9.memoryWorkingSetBytes()).isEqualTo(4096 + 9 - 96);
            assertThat(g9.memoryRssBytes()).isEqualTo(9);
            assertThat(g9.memoryLimitBytes()).isEqualTo(-1);
            assertThat(g9.oomKills()).isZero();
            assertThat(g9.ioReadBytes()).isEqualTo(10);
            assertThat(g9.ioWriteOps()).isEqualTo(2);
            assertThat(g9.pidsLimit()).isEqualTo(-1);
        }
    }

    @Test
    void contentLargerThanTheReadBufferIsReadWhole() throws IOException {
        Path root = dir.resolve("v2");
        FixtureTree t = FixtureTree.v2(root);
        StringBuilder io = new StringBuilder();
        for (int d = 0; d < 2000; d++) {
            io.append("8:").append(d).append(" rbytes=1 wbytes=2 rios=3 wios=4 dbytes=0 dios=0\n");
        }
        assertThat(io.length()).isGreaterThan(64 * 1024);
        t.file("multisystem.slice/tenant-a/io.stat", io.toString());
        CgroupLayout layout = CgroupLayout.detect(root);
        try (CgroupScraper scraper = new CgroupScraper(layout, 1_000)) {
            CgroupStats s = scraper.scrape(List.of(CgroupPath.of("multisystem.slice/tenant-a"))).get(0);
            assertThat(s.ioReadBytes()).isEqualTo(2000);
            assertThat(s.ioWriteOps()).isEqualTo(8000);
            assertThat(s.cpuUsageNanos()).isEqualTo(2_500_000_000L);
        }
    }

    @Test
    void theAgentScrapesThroughTheCachedScraper() throws IOException {
        Path root = dir.resolve("v2");
        FixtureTree.v2(root);
        for (int i = 0; i < 5; i++) {
            v2Group(root.resolve("multisystem.slice/g" + i), i);
        }
        try (KernelAgent agent = new KernelAgent(KernelAgentOptions.live().withCgroupRoot(root).withProcRoot(dir.resolve("proc"))
                .withSysRoot(dir.resolve("sys")), Clock.systemUTC())) {
            List<CgroupStats> all = agent.statsAll();
            assertThat(all).extracting(CgroupStats::cgroup).containsExactly("multisystem.slice", "multisystem.slice/g0",
                    "multisystem.slice/g1", "multisystem.slice/g2", "multisystem.slice/g3", "multisystem.slice/g4",
                    "multisystem.slice/tenant-a");
            assertThat(byName(all, "multisystem.slice/tenant-a")).isEqualTo(agent.stats("multisystem.slice/tenant-a"));
            assertThat(agent.statsAll()).isEqualTo(all);
        }
    }

    static void v2Group(Path g, int i) throws IOException {
        Files.createDirectories(g);
        Files.writeString(g.resolve("cgroup.controllers"), "cpu io memory pids\n");
        Files.writeString(g.resolve("cgroup.procs"), "");
        Files.writeString(g.resolve("cpu.stat"), "usage_usec " + (i * 1000L) + "\nuser_usec " + (i * 600L) + "\nsystem_usec " + (i * 400L)
                + "\nnr_periods " + i + "\nnr_throttled " + (i / 2) + "\nthrottled_usec " + i + "\nnr_bursts 0\nburst_usec 0\n");
        Files.writeString(g.resolve("memory.current"), (1_000_000L + i) + "\n");
        Files.writeString(g.resolve("memory.stat"), "anon " + (i * 10L) + "\nfile 4096\nkernel 0\nactive_file 0\ninactive_file " + i + "\n");
        Files.writeString(g.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill " + (i % 5) + "\noom_group_kill 0\n");
        Files.writeString(g.resolve("memory.max"), "max\n");
        Files.writeString(g.resolve("io.stat"), "8:0 rbytes=" + i + " wbytes=2 rios=1 wios=3 dbytes=0 dios=0\n259:0 rbytes=1 wbytes=0 rios=0 wios=0\n");
        Files.writeString(g.resolve("pids.current"), (i % 7) + "\n");
        Files.writeString(g.resolve("pids.max"), "max\n");
    }

    private static int existingFiles(CgroupLayout layout, List<CgroupPath> paths) {
        int n = 0;
        for (CgroupPath p : paths) {
            n += (int) StatFilePlan.of(layout).files(p).stream().filter(Files::exists).count();
        }
        return n;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static void deleteTree(Path p) throws IOException {
        // symbolic links (the v1 tree's cpu -> cpu,cpuacct aliases) are deleted, not followed
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static CgroupStats byName(List<CgroupStats> all, String name) {
        return all.stream().filter(s -> s.cgroup().equals(name)).findFirst().orElseThrow();
    }
}
