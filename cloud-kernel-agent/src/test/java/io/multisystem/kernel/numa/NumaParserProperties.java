package io.multisystem.kernel.numa;

import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.cgroup.CpuList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import java.util.BitSet;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the NUMA sysfs parsers: the kernel's CPU/node list format ({@code 0-3,8,10-11}) round-trips through
 * {@link CpuList} for any set, a formatted list is always valid and canonical (ranges maximal); node {@code meminfo} and
 * {@code distance} rows round-trip, and garbage is refused with READ_FAILED rather than a NumberFormatException.
 */
class NumaParserProperties {
    @Property(tries = 400, seed = "81")
    void cpuListsRoundTripForAnySet(@ForAll @Size(max = 60) List<@IntRange(max = 4095) Integer> cpus) {
        BitSet set = new BitSet();
        cpus.forEach(set::set);
        String text = CpuList.format(set);

        assertThat(CpuList.parse(text)).isEqualTo(set);
        assertThat(CpuList.parse(" " + text + "\n")).isEqualTo(set);
        if (!set.isEmpty()) {
            assertThat(CpuList.isValid(text)).isTrue();
        }
        // canonical: formatting the parse of any equivalent (split, unmerged) spelling gives the same text
        String unmerged = set.stream().mapToObj(Integer::toString).collect(Collectors.joining(","));
        assertThat(CpuList.format(CpuList.parse(unmerged))).isEqualTo(text);
    }

    @Property(tries = 300, seed = "82")
    void invertedRangesAreInvalid(@ForAll @IntRange(max = 4000) int low, @ForAll @IntRange(min = 1, max = 95) int gap) {
        assertThat(CpuList.isValid(low + "-" + (low + gap))).isTrue();
        assertThat(CpuList.isValid((low + gap) + "-" + low)).isFalse();
    }

    @Property(tries = 300, seed = "83")
    void meminfoRoundTrips(@ForAll @IntRange(max = 1023) int node, @ForAll @LongRange(max = Long.MAX_VALUE / 1024) long totalKb,
                           @ForAll @LongRange(max = Long.MAX_VALUE / 1024) long freeKb) {
        String text = String.join("\n",
                "Node " + node + " MemTotal:       " + totalKb + " kB",
                "Node " + node + " MemFree:        " + freeKb + " kB",
                "Node " + node + " MemUsed:        " + Math.max(0, totalKb - freeKb) + " kB",
                "Node " + node + " HugePages_Total:     0", "");

        long[] parsed = NumaTopology.parseMeminfo(text);

        assertThat(parsed).containsExactly(totalKb * 1024, freeKb * 1024);
    }

    @Property(tries = 300, seed = "84")
    void distanceRowsRoundTrip(@ForAll @Size(min = 1, max = 16) List<@IntRange(min = 10, max = 255) Integer> row) {
        String text = row.stream().map(String::valueOf).collect(Collectors.joining(" ")) + "\n";
        assertThat(NumaTopology.parseDistances(text)).isEqualTo(row);
    }

    @Property(tries = 400, seed = "85")
    void garbageIsRefusedAsAReadFailure(@ForAll("garbage") String text) {
        try {
            NumaTopology.parseDistances(text);
            NumaTopology.parseMeminfo(text);
        } catch (PlatformException e) {
            assertThat(e.code()).isEqualTo(KernelErrors.READ_FAILED);
        }
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.strings().withChars("0123456789 \n-xkBNodeMmTtalFr:").ofMaxLength(60)
                .injectDuplicates(0.1)
                .flatMap(s -> Arbitraries.of(s, "Node 0 MemTotal: " + s + " kB", s + " 99999999999999999999"));
    }
}
