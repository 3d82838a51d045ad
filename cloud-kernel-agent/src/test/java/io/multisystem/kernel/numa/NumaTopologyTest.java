package io.multisystem.kernel.numa;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.kernel.testing.FixtureTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NumaTopologyTest {
    @TempDir
    Path dir;

    @Test
    void readsNodesCpusMemoryAndDistancesFromATwoNodeFixture() {
        new FixtureTree(dir)
                .file("devices/system/cpu/online", "0-7\n")
                .file("devices/system/node/node0/cpulist", "0-3\n")
                .file("devices/system/node/node0/meminfo", "Node 0 MemTotal:       16384000 kB\nNode 0 MemFree:         8192000 kB\nNode 0 MemUsed:         8192000 kB\n")
                .file("devices/system/node/node0/distance", "10 21\n")
                .file("devices/system/node/node1/cpulist", "4-7\n")
                .file("devices/system/node/node1/meminfo", "Node 1 MemTotal:       16384000 kB\nNode 1 MemFree:        1024 kB\n")
                .file("devices/system/node/node1/distance", "21 10\n")
                .file("devices/system/node/online", "0-1\n");

        NumaTopology t = NumaTopology.read(dir);

        assertThat(t.nodes()).hasSize(2);
        assertThat(t.nodes().get(1).cpus()).isEqualTo("4-7");
        assertThat(t.nodes().get(0).memoryTotalBytes()).isEqualTo(16_384_000L * 1024);
        assertThat(t.nodes().get(1).memoryFreeBytes()).isEqualTo(1024L * 1024);
        assertThat(t.nodes().get(0).distances()).containsExactly(10, 21);
        assertThat(t.nodesOf("2-5")).isEqualTo("0-1");
        assertThat(t.nodesOf("6")).isEqualTo("1");
        t.validatePlacement("4-7", "1");
        assertThatThrownBy(() -> t.validatePlacement("6-9", "2"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("CPUs 8-9 are not online").hasMessageContaining("NUMA nodes 2 do not exist");
    }

    @Test
    void aMachineWithoutNumaSysfsIsOneNodeWithEveryOnlineCpu() {
        new FixtureTree(dir).file("devices/system/cpu/online", "0-1\n");

        NumaTopology t = NumaTopology.read(dir);

        assertThat(t.nodes()).singleElement().satisfies(n -> assertThat(n.cpus()).isEqualTo("0-1"));
    }

    @Test
    void readsThisMachinesTopology() {
        assumeTrue(Files.isDirectory(Path.of("/sys/devices/system/node")), "no NUMA sysfs on this machine");

        NumaTopology t = NumaTopology.read(Path.of("/sys"));

        assertThat(t.nodes()).isNotEmpty();
        assertThat(t.cpus().cardinality()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(t.nodes().get(0).memoryTotalBytes()).isPositive();
        assertThat(t.nodes().get(0).distances()).first().isEqualTo(10);
    }
}
