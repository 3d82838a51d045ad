package io.multisystem.kernel.cgroup;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelErrors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The cgroup manager on this machine's real cgroupfs (v1, v2 or hybrid), under a managed root made for the test. */
class CgroupLiveTest {
    private static final Path CGROUP = Path.of("/sys/fs/cgroup");
    private String root;
    private CgroupManager manager;
    private Process sleeper;

    @BeforeEach
    void createManagedRoot() {
        CgroupLayout layout = CgroupLayout.detect(CGROUP);
        assumeTrue(!layout.hierarchies().isEmpty(), "no cgroup hierarchy mounted under /sys/fs/cgroup");
        root = "ms-kernel-test-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        manager = new CgroupManager(layout, List.of(CgroupPath.of(root)), Path.of("/proc"));
        try {
            manager.create(root);
        } catch (PlatformException e) {
            if (KernelErrors.CAPABILITY_MISSING.equals(e.code())) {
                abort("cannot create cgroups here: " + e.getMessage());
            }
            throw e;
        }
    }

    @AfterEach
    void removeEverything() throws Exception {
        if (sleeper != null) {
            sleeper.destroyForcibly();
            sleeper.waitFor(5, TimeUnit.SECONDS);
        }
        if (manager != null && manager.exists(CgroupPath.of(root))) {
            manager.delete(root, true);
        }
        if (root != null) {
            for (Hierarchy h : CgroupLayout.detect(CGROUP).hierarchies()) {
                assertThat(h.mount().resolve(root)).doesNotExist();
            }
        }
    }

    @Test
    void createsAGroupInEveryHierarchyAndAppliesLimitsThroughTheRightFiles() {
        String group = root + "/job";
        CgroupInfo info = manager.create(group);
        assertThat(info.hierarchies()).hasSize(manager.layout().hierarchies().size());

        Limits limits = Limits.none().withCpuMax(20_000, 100_000).withCpuWeight(200).withMemory(256L << 20, null, null).withPidsMax(32);
        Limits after = manager.setLimits(group, limits);

        assertThat(after.cpuQuotaMicros()).isEqualTo(20_000);
        assertThat(after.cpuPeriodMicros()).isEqualTo(100_000);
        assertThat(after.cpuWeight()).isEqualTo(200);
        assertThat(after.memoryMax()).isEqualTo(256L << 20);
        assertThat(after.pidsMax()).isEqualTo(32);
        Hierarchy cpu = manager.layout().hierarchyFor("cpu").orElseThrow();
        if (!cpu.unified()) {
            assertThat(read(cpu.resolve(CgroupPath.of(group)).resolve("cpu.cfs_quota_us"))).isEqualTo("20000");
            assertThat(read(cpu.resolve(CgroupPath.of(group)).resolve("cpu.shares"))).isEqualTo("2048");
        } else {
            assertThat(read(cpu.resolve(CgroupPath.of(group)).resolve("cpu.max"))).isEqualTo("20000 100000");
        }
    }

    @Test
    void movesARealProcessInAndCountsItThenRefusesToDeleteTheBusyGroup() throws Exception {
        String group = root + "/job";
        manager.create(group);
        sleeper = new ProcessBuilder("sleep", "60").start();

        manager.move(group, sleeper.pid());

        String membership = Files.readString(Path.of("/proc", Long.toString(sleeper.pid()), "cgroup"));
        assertThat(membership).contains("/" + group);
        assertThat(manager.processes(CgroupPath.of(group))).containsExactly(sleeper.pid());
        CgroupStats stats = manager.stats(group);
        if (manager.layout().hierarchyFor("pids").isPresent()) {
            assertThat(stats.pidsCurrent()).isEqualTo(1);
        }
        assertThat(stats.unavailable()).doesNotContain("memory");
        assertThatThrownBy(() -> manager.delete(root, true))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("still holds 1 processes");
        assertThatThrownBy(() -> manager.move(group, 4_000_000)).hasMessageContaining("no process with pid 4000000");
    }

    @Test
    void unsupportedLimitsOnThisLayoutFailClearlyWithoutChangingOtherFiles() {
        String group = root + "/job";
        manager.create(group);
        Limits before = manager.readLimits(group);
        assumeTrue(!manager.layout().hierarchyFor("memory").orElseThrow().unified(), "memory.high is supported on v2 hosts");

        assertThatThrownBy(() -> manager.setLimits(group, Limits.none().withPidsMax(7).withMemory(null, 1L << 24, null)))
                .isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("memory.high");
        assertThat(manager.readLimits(group).pidsMax()).isEqualTo(before.pidsMax());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
