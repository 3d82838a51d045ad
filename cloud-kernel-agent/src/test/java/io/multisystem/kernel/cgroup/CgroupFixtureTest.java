package io.multisystem.kernel.cgroup;

import io.multisystem.core.error.AlreadyExistsException;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PermissionDeniedException;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.testing.FixtureTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cgroup manager against fixture trees of both cgroup versions (roots are configurable). */
class CgroupFixtureTest {
    private static final String GROUP = "multisystem.slice/tenant-a";

    @TempDir
    Path dir;

    private CgroupManager manager(Path root) {
        return new CgroupManager(CgroupLayout.detect(root), List.of(CgroupPath.of("multisystem.slice")), dir.resolve("proc"));
    }

    @Test
    void detectsPureV2WithItsControllers() {
        FixtureTree.v2(dir.resolve("v2"));
        CgroupLayout layout = CgroupLayout.detect(dir.resolve("v2"));

        assertThat(layout.mode()).isEqualTo(CgroupMode.V2);
        assertThat(layout.controllers()).containsKeys("cpu", "memory", "io", "pids", "cpuset").doesNotContainKey("blkio");
    }

    @Test
    void detectsV1MountsCountingSymlinkedAliasesOnceAndSkippingNamedHierarchies() throws Exception {
        FixtureTree.v1(dir.resolve("v1"));
        CgroupLayout layout = CgroupLayout.detect(dir.resolve("v1"));

        assertThat(layout.mode()).isEqualTo(CgroupMode.V1);
        assertThat(layout.hierarchies()).hasSize(5);
        assertThat(layout.controllers()).containsEntry("cpu", "v1:cpu,cpuacct").containsEntry("blkio", "v1:blkio")
                .containsKeys("memory", "pids", "cpuset");
    }

    @Test
    void writesV2LimitsInTheKernelsSyntaxAndReadsThemBack() {
        FixtureTree t = FixtureTree.v2(dir.resolve("v2"));
        CgroupManager m = manager(t.root());

        Limits after = m.setLimits(GROUP, Limits.none().withCpuMax(50_000, 100_000).withCpuWeight(200)
                .withMemory(512L << 20, 256L << 20, 64L << 20).withPidsMax(100)
                .withIo(300, List.of(IoLimit.parse("8:0 rbps=1048576 wiops=120"))).withCpuset("0-1", "0"));

        assertThat(t.read(GROUP + "/cpu.max")).isEqualTo("50000 100000");
        assertThat(t.read(GROUP + "/cpu.weight")).isEqualTo("200");
        assertThat(t.read(GROUP + "/memory.max")).isEqualTo("536870912");
        assertThat(t.read(GROUP + "/memory.high")).isEqualTo("268435456");
        assertThat(t.read(GROUP + "/memory.low")).isEqualTo("67108864");
        assertThat(t.read(GROUP + "/pids.max")).isEqualTo("100");
        assertThat(t.read(GROUP + "/io.weight")).isEqualTo("default 300");
        assertThat(t.read(GROUP + "/io.max")).isEqualTo("8:0 rbps=1048576 wbps=max riops=max wiops=120");
        assertThat(t.read(GROUP + "/cpuset.cpus")).isEqualTo("0-1");
        assertThat(after.cpuQuotaMicros()).isEqualTo(50_000);
        assertThat(after.memoryHigh()).isEqualTo(256L << 20);
        assertThat(after.ioMax()).singleElement().extracting(IoLimit::writeIops).isEqualTo(120L);
        assertThat(after.ioWeight()).isEqualTo(300);
    }

    @Test
    void mapsLimitsToV1FilesWithSystemdsConversions() throws Exception {
        FixtureTree t = FixtureTree.v1(dir.resolve("v1"));
        CgroupManager m = manager(t.root());

        Limits after = m.setLimits(GROUP, Limits.none().withCpuMax(25_000, 50_000).withCpuWeight(50)
                .withMemory(1L << 30, null, 128L << 20).withIo(200, List.of(IoLimit.parse("8:0 wbps=2097152"))).withPidsMax(64));

        assertThat(t.read("cpu,cpuacct/" + GROUP + "/cpu.cfs_quota_us")).isEqualTo("25000");
        assertThat(t.read("cpu,cpuacct/" + GROUP + "/cpu.cfs_period_us")).isEqualTo("50000");
        assertThat(t.read("cpu,cpuacct/" + GROUP + "/cpu.shares")).isEqualTo("512");
        assertThat(t.read("memory/" + GROUP + "/memory.limit_in_bytes")).isEqualTo("1073741824");
        assertThat(t.read("memory/" + GROUP + "/memory.soft_limit_in_bytes")).isEqualTo("134217728");
        assertThat(t.read("blkio/" + GROUP + "/blkio.weight")).isEqualTo("1000");
        assertThat(t.read("blkio/" + GROUP + "/blkio.throttle.write_bps_device")).isEqualTo("8:0 2097152");
        assertThat(t.read("blkio/" + GROUP + "/blkio.throttle.read_bps_device")).isEqualTo("8:0 0");
        assertThat(t.read("pids/" + GROUP + "/pids.max")).isEqualTo("64");
        assertThat(after.cpuWeight()).isEqualTo(50);
        assertThat(after.memoryMax()).isEqualTo(1L << 30);
    }

    @Test
    void memoryHighOnV1IsUnsupportedAndWritesNothingElseFromTheRequest() throws Exception {
        FixtureTree t = FixtureTree.v1(dir.resolve("v1"));
        CgroupManager m = manager(t.root());

        assertThatThrownBy(() -> m.setLimits(GROUP, Limits.none().withPidsMax(10).withMemory(null, 1L << 20, null)))
                .isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("memory.high has no cgroup v1 equivalent");
        assertThat(t.read("pids/" + GROUP + "/pids.max")).isEqualTo("max");
    }

    @Test
    void invalidValuesAreAllReportedAndNothingIsWritten() {
        FixtureTree t = FixtureTree.v2(dir.resolve("v2"));
        CgroupManager m = manager(t.root());

        assertThatThrownBy(() -> m.setLimits(GROUP, Limits.none().withCpuMax(10, 100_000).withCpuWeight(0)
                .withMemory(100L, null, null).withPidsMax(0).withCpuset("3-1", null)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cpuQuotaMicros").hasMessageContaining("cpuWeight").hasMessageContaining("memoryMax")
                .hasMessageContaining("pidsMax").hasMessageContaining("cpus");
        assertThat(t.read(GROUP + "/cpu.max")).isEqualTo("max 100000");
        assertThat(t.read(GROUP + "/cpu.weight")).isEqualTo("100");
    }

    @Test
    void refusesEveryPathOutsideTheManagedRootsOrThatCouldEscapeIt() {
        FixtureTree t = FixtureTree.v2(dir.resolve("v2"));
        CgroupManager m = manager(t.root());

        assertThatThrownBy(() -> m.create("system.slice/evil"))
                .isInstanceOf(PermissionDeniedException.class)
                .hasFieldOrPropertyWithValue("code", KernelErrors.OUTSIDE_MANAGED_ROOT);
        assertThatThrownBy(() -> m.create("multisystem.slice/../system.slice")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> m.create("/multisystem.slice/x")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> m.create("multisystem.slice/cgroup.procs")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> m.setLimits("multisystem.slice/missing", Limits.none().withPidsMax(5)))
                .isInstanceOf(NotFoundException.class);
        assertThat(Files.exists(t.root().resolve("system.slice"))).isFalse();
    }

    @Test
    void createsAndDeletesGroupsAndRefusesDuplicatesAndBusyGroups() {
        FixtureTree t = FixtureTree.v2(dir.resolve("v2"));
        CgroupManager m = manager(t.root());

        CgroupInfo info = m.create("multisystem.slice/tenant-b");
        assertThat(info.hierarchies()).containsExactly("v2");
        assertThatThrownBy(() -> m.create("multisystem.slice/tenant-b")).isInstanceOf(AlreadyExistsException.class);
        assertThatThrownBy(() -> m.create("multisystem.slice/nope/child")).isInstanceOf(NotFoundException.class);
        assertThat(m.list()).extracting(CgroupInfo::path)
                .containsExactly("multisystem.slice", "multisystem.slice/tenant-a", "multisystem.slice/tenant-b");
        assertThatThrownBy(() -> m.delete(GROUP, false))
                .isInstanceOf(FailedPreconditionException.class).hasMessageContaining("still holds 2 processes");

        m.delete("multisystem.slice/tenant-b", false);
        assertThat(Files.exists(t.root().resolve("multisystem.slice/tenant-b"))).isFalse();
    }

    @Test
    void readsV2StatsWithWorkingSetAsUsageMinusInactiveFile() {
        CgroupManager m = manager(FixtureTree.v2(dir.resolve("v2")).root());

        CgroupStats s = m.stats(GROUP);

        assertThat(s.cpuUsageNanos()).isEqualTo(2_500_000_000L);
        assertThat(s.cpuThrottledPeriods()).isEqualTo(7);
        assertThat(s.cpuThrottledNanos()).isEqualTo(350_000_000L);
        assertThat(s.memoryUsageBytes()).isEqualTo(104_857_600L);
        assertThat(s.memoryWorkingSetBytes()).isEqualTo(104_857_600L - 31_457_280L);
        assertThat(s.memoryRssBytes()).isEqualTo(52_428_800L);
        assertThat(s.oomKills()).isEqualTo(1);
        assertThat(s.ioReadBytes()).isEqualTo(1_048_576L + 4096);
        assertThat(s.ioWriteOps()).isEqualTo(32);
        assertThat(s.pidsCurrent()).isEqualTo(2);
        assertThat(s.memoryLimitBytes()).isEqualTo(-1);
        assertThat(s.unavailable()).isEmpty();
    }

    @Test
    void readsV1StatsInV2Units() throws Exception {
        CgroupManager m = manager(FixtureTree.v1(dir.resolve("v1")).root());

        CgroupStats s = m.stats(GROUP);

        assertThat(s.cpuUsageNanos()).isEqualTo(3_000_000_000L);
        assertThat(s.cpuSystemNanos()).isEqualTo(1_000_000_000L);
        assertThat(s.cpuThrottledNanos()).isEqualTo(5_000_000L);
        assertThat(s.memoryWorkingSetBytes()).isEqualTo(8_388_608L - 2_097_152L);
        assertThat(s.memoryRssBytes()).isEqualTo(3_145_728L);
        assertThat(s.oomKills()).isEqualTo(4);
        assertThat(s.ioReadBytes()).isEqualTo(4096);
        assertThat(s.ioWriteBytes()).isEqualTo(8192);
        assertThat(s.ioWriteOps()).isEqualTo(2);
        assertThat(s.memoryLimitBytes()).isEqualTo(-1);
    }
}
