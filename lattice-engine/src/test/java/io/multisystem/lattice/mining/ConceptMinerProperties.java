package io.multisystem.lattice.mining;

import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.testing.RandomContexts;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ConceptMinerProperties {
    private static final ConceptMiner SEQUENTIAL = ConceptMiner.create(MiningOptions.defaults().withParallelism(1));
    private static final ConceptMiner PARALLEL = ConceptMiner.create(MiningOptions.defaults().withParallelism(3));

    @Provide
    Arbitrary<FormalContext> contexts() {
        return RandomContexts.contexts(14, 10);
    }

    @Provide
    Arbitrary<FormalContext> largerContexts() {
        return RandomContexts.contexts(200, 12);
    }

    @Property(tries = 300, seed = "42")
    void minedConceptsAreExactlyTheClosuresOfAllAttributeSets(@ForAll("contexts") FormalContext context) {
        List<Concept> mined = SEQUENTIAL.mine(context);
        assertThat(new HashSet<>(mined)).hasSize(mined.size()).isEqualTo(RandomContexts.naiveConcepts(context));
        assertThat(SEQUENTIAL.count(context)).isEqualTo(mined.size());
    }

    @Property(tries = 100, seed = "43")
    void parallelMiningFindsTheSameConceptsAsSequential(@ForAll("largerContexts") FormalContext context) {
        assertThat(PARALLEL.mine(context)).isEqualTo(SEQUENTIAL.mine(context));
        assertThat(PARALLEL.count(context)).isEqualTo(SEQUENTIAL.count(context));
    }

    @Property(tries = 100, seed = "44")
    void streamingDeliversEachConceptOnce(@ForAll("largerContexts") FormalContext context) {
        List<Concept> streamed = new ArrayList<>();
        PARALLEL.stream(context, streamed::add);
        assertThat(streamed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(SEQUENTIAL.mine(context));
    }

    @Property(tries = 200, seed = "45")
    void icebergIsTheSetOfConceptsWithEnoughSupport(@ForAll("contexts") FormalContext context,
                                                     @ForAll @IntRange(max = 15) int minSupport) {
        Set<Concept> expected = RandomContexts.naiveConcepts(context).stream()
                .filter(c -> c.support() >= minSupport).collect(Collectors.toSet());
        ConceptMiner iceberg = ConceptMiner.create(MiningOptions.defaults().withParallelism(2).withMinSupport(minSupport));
        assertThat(new HashSet<>(iceberg.mine(context))).isEqualTo(expected);
    }

    @Property(tries = 200, seed = "46")
    void coverEdgesAreExactlyTheCoveringPairs(@ForAll("contexts") FormalContext context,
                                               @ForAll @IntRange(max = 3) int minSupport) {
        ConceptLattice lattice = ConceptLattice.of(context, MiningOptions.defaults().withParallelism(2)
                .withMinSupport(minSupport));
        Set<List<Integer>> expected = new HashSet<>();
        int n = lattice.size();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (a == b || !lattice.isLessOrEqual(a, b)) {
                    continue;
                }
                boolean covered = true;
                for (int c = 0; c < n && covered; c++) {
                    covered = c == a || c == b || !(lattice.isLessOrEqual(a, c) && lattice.isLessOrEqual(c, b));
                }
                if (covered) {
                    expected.add(List.of(a, b));
                }
            }
        }
        Set<List<Integer>> actual = lattice.coverPairs().stream().map(p -> List.of(p[0], p[1]))
                .collect(Collectors.toSet());
        assertThat(actual).isEqualTo(expected);
        for (int i = 0; i < n; i++) {
            for (int upper : lattice.upperCovers(i)) {
                assertThat(lattice.lowerCovers(upper)).contains(i);
            }
        }
    }
}
