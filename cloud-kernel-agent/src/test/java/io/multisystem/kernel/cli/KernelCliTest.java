package io.multisystem.kernel.cli;

import io.multisystem.core.testing.CliHarness;
import io.multisystem.kernel.testing.FixtureTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI's cgroup, psi and numa verbs end to end, in-process against fixture trees (roots are options). */
class KernelCliTest {
    @TempDir
    Path dir;

    private CliHarness.Result run(FixtureTree cgroups, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--cgroup-root", cgroups.root().toString(), "--proc-root", dir.resolve("proc").toString(),
                "--sys-root", dir.resolve("sys").toString()));
        return CliHarness.run(CloudKernelAgentCli::commandLine, all.toArray(String[]::new));
    }

    @Test
    void lsShowsTheLayoutAndTheManagedGroupsAsJson() {
        FixtureTree t = FixtureTree.v2(dir.resolve("cg"));

        CliHarness.Result r = run(t, "cgroups", "ls", "--output", "json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"mode\": \"V2\"").contains("\"path\": \"multisystem.slice/tenant-a\"")
                .contains("\"processes\": 2");
    }

    @Test
    void setWritesSystemdStyleValuesAndBadValuesExitWith2ChangingNothing() {
        FixtureTree t = FixtureTree.v2(dir.resolve("cg"));
        new FixtureTree(dir.resolve("sys")).file("devices/system/cpu/online", "0-3\n")
                .file("devices/system/node/node0/cpulist", "0-3\n");

        CliHarness.Result ok = run(t, "cgroups", "set", "multisystem.slice/tenant-a", "--cpu-max", "150%", "--memory-max", "512M",
                "--pids-max", "max", "--cpus", "0-1", "--mems", "0");
        CliHarness.Result bad = run(t, "cgroups", "set", "multisystem.slice/tenant-a", "--cpu-weight", "0", "--memory-max", "1K");
        CliHarness.Result syntax = run(t, "cgroups", "set", "multisystem.slice/tenant-a", "--memory-max", "lots");
        CliHarness.Result offline = run(t, "cgroups", "set", "multisystem.slice/tenant-a", "--cpus", "0-7");

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(t.read("multisystem.slice/tenant-a/cpu.max")).isEqualTo("150000 100000");
        assertThat(t.read("multisystem.slice/tenant-a/memory.max")).isEqualTo("536870912");
        assertThat(t.read("multisystem.slice/tenant-a/cpuset.cpus")).isEqualTo("0-1");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("cpuWeight").contains("memoryMax");
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.err()).contains("--memory-max 'lots'");
        assertThat(offline.exitCode()).isEqualTo(2);
        assertThat(offline.err()).contains("CPUs 4-7 are not online");
        assertThat(t.read("multisystem.slice/tenant-a/cpu.weight")).isEqualTo("100");
        assertThat(t.read("multisystem.slice/tenant-a/cpuset.cpus")).isEqualTo("0-1");
    }

    @Test
    void groupsOutsideTheManagedRootsAreRefusedWithExit1() {
        FixtureTree t = FixtureTree.v2(dir.resolve("cg"));

        CliHarness.Result r = run(t, "cgroups", "create", "system.slice/evil");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("OUTSIDE_MANAGED_ROOT").contains("outside the managed roots");
        assertThat(t.root().resolve("system.slice")).doesNotExist();
    }

    @Test
    void createStatsAndRmWorkInProcess() {
        FixtureTree t = FixtureTree.v2(dir.resolve("cg"));

        CliHarness.Result created = run(t, "cgroups", "create", "multisystem.slice/tenant-b");
        CliHarness.Result stats = run(t, "cgroups", "stats", "multisystem.slice/tenant-a", "--output", "json");
        CliHarness.Result text = run(t, "cgroups", "stats");
        CliHarness.Result removed = run(t, "cgroups", "rm", "multisystem.slice/tenant-b");
        CliHarness.Result missing = run(t, "cgroups", "rm", "multisystem.slice/tenant-b");

        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.out()).contains("created multisystem.slice/tenant-b");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains("\"memoryWorkingSetBytes\": \"73400320\"").contains("\"oomKills\": \"1\"")
                .contains("\"resource\": \"cpu\"");
        assertThat(text.out()).contains("multisystem.slice/tenant-a").contains("WORKING SET");
        assertThat(removed.exitCode()).isZero();
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("does not exist");
    }

    @Test
    void psiShowReadsProcPressureAndNumaReadsSysfs() {
        FixtureTree t = FixtureTree.v2(dir.resolve("cg"));
        new FixtureTree(dir.resolve("proc"))
                .file("pressure/cpu", "some avg10=12.50 avg60=3.00 avg300=1.00 total=9000000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")
                .file("pressure/memory", "some avg10=0.00 avg60=0.00 avg300=0.00 total=5\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=2\n")
                .file("pressure/io", "some avg10=0.00 avg60=0.00 avg300=0.00 total=7\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=3\n");
        new FixtureTree(dir.resolve("sys")).file("devices/system/cpu/online", "0-3\n")
                .file("devices/system/node/node0/cpulist", "0-1\n").file("devices/system/node/node0/distance", "10 20\n")
                .file("devices/system/node/node1/cpulist", "2-3\n").file("devices/system/node/node1/distance", "20 10\n");

        CliHarness.Result psi = run(t, "psi", "show");
        CliHarness.Result group = run(t, "psi", "show", "--cgroup", "multisystem.slice/tenant-a", "--output", "json");
        CliHarness.Result numa = run(t, "numa", "--output", "json");

        assertThat(psi.exitCode()).as(psi.err()).isZero();
        assertThat(psi.out()).contains("cpu     some avg10=12.50").contains("total=9000000us");
        assertThat(group.out()).contains("\"avg10\": 1.5");
        assertThat(numa.exitCode()).isZero();
        assertThat(numa.out()).contains("\"cpus\": \"2-3\"").contains("\"distances\": [20, 10]");
    }

    @Test
    void xdpVerbsWithoutAServerAreBadUsage() {
        FixtureTree t = FixtureTree.v2(dir.resolve("cg"));

        CliHarness.Result r = run(t, "xdp", "attach", "lo");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--server");
    }
}
