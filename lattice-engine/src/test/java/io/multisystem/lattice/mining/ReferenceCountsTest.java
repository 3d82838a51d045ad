package io.multisystem.lattice.mining;

import io.multisystem.core.error.ResourceExhaustedException;
import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.testing.RandomContexts;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Concept counts of the shared reference contexts, and the figures printed for the benchmark report. */
class ReferenceCountsTest {
    private static FormalContext load(String name) {
        return BurmeisterFormat.read(SharedData.resolve("fca/" + name));
    }

    @Test
    void mushroomHasExactly238710Concepts() {
        FormalContext mushroom = load("mushroom.cxt");
        ConceptMiner miner = ConceptMiner.create();
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            long started = System.nanoTime();
            assertThat(miner.count(mushroom)).isEqualTo(238_710);
            best = Math.min(best, System.nanoTime() - started);
        }
        System.out.printf("[figure] mushroom count mode, %d threads: best of 3 = %.0f ms%n",
                miner.options().parallelism(), best / 1e6);
    }

    @Test
    void mushroomMaterialisesAndStreamsTheSameNumberOfConcepts() {
        FormalContext mushroom = load("mushroom.cxt");
        ConceptMiner miner = ConceptMiner.create();
        long started = System.nanoTime();
        List<Concept> concepts = miner.mine(mushroom);
        long mined = System.nanoTime() - started;
        assertThat(concepts).hasSize(238_710);
        assertThat(concepts.get(0).support()).isEqualTo(8124);
        AtomicLong streamed = new AtomicLong();
        miner.stream(mushroom, concept -> streamed.incrementAndGet());
        assertThat(streamed).hasValue(238_710);
        ConceptMiner sequential = ConceptMiner.create(MiningOptions.defaults().withParallelism(1));
        started = System.nanoTime();
        assertThat(sequential.count(mushroom)).isEqualTo(238_710);
        System.out.printf("[figure] mushroom materialise (sorted list): %.0f ms; sequential count: %.0f ms%n",
                mined / 1e6, (System.nanoTime() - started) / 1e6);
    }

    @Test
    void materialisingMushroomWithinASmallBudgetIsRefused() {
        ConceptMiner miner = ConceptMiner.create(MiningOptions.defaults().withMaxConcepts(10_000));
        assertThatThrownBy(() -> miner.mine(load("mushroom.cxt")))
                .isInstanceOf(ResourceExhaustedException.class)
                .hasMessageContaining("more than 10000 concepts")
                .hasMessageContaining("use count or streaming mode");
    }

    @Test
    void bobRossHasExactly3463Concepts() {
        FormalContext bobRoss = load("bob-ross.cxt");
        assertThat(ConceptMiner.create().count(bobRoss)).isEqualTo(3_463);
        assertThat(ConceptLattice.of(bobRoss).size()).isEqualTo(3_463);
    }

    @Test
    void liveInWaterMatchesBruteForceClosureEnumeration() {
        FormalContext liveInWater = load("liveinwater.cxt");
        List<Concept> mined = ConceptMiner.create().mine(liveInWater);
        assertThat(new HashSet<>(mined)).isEqualTo(RandomContexts.naiveConcepts(liveInWater));
        assertThat(mined).hasSize(19);
    }

    @Test
    void mushroomIcebergAtTwentyPercentSupportIsTheFilteredLattice() {
        FormalContext mushroom = load("mushroom.cxt");
        int minSupport = 8124 / 5;
        long iceberg = ConceptMiner.create(MiningOptions.defaults().withMinSupport(minSupport)).count(mushroom);
        AtomicLong frequent = new AtomicLong();
        ConceptMiner.create().stream(mushroom, c -> {
            if (c.support() >= minSupport) {
                frequent.incrementAndGet();
            }
        });
        assertThat(iceberg).isEqualTo(frequent.get()).isPositive();
    }
}
