package io.multisystem.chaos.experiment;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SelectorProperties {
    private static List<String> candidates(int n) {
        return IntStream.range(0, n).mapToObj(i -> "t" + i).toList();
    }

    @Property
    void fixedPercentPicksFloorOfThePercentageButAtLeastOne(@ForAll @IntRange(min = 1, max = 200) int n,
                                                           @ForAll @IntRange(min = 1, max = 100) int percent,
                                                           @ForAll long seed) {
        Selector s = new Selector(null, null, null, Selector.Mode.FIXED_PERCENT, percent);

        List<String> chosen = s.choose(candidates(n), new Random(seed));

        assertThat(chosen).hasSize(Math.max(1, n * percent / 100)).doesNotHaveDuplicates();
        assertThat(candidates(n)).containsAll(chosen);
    }

    @Property
    void maxPercentNeverExceedsItsBudget(@ForAll @IntRange(min = 1, max = 200) int n,
                                         @ForAll @IntRange(min = 1, max = 100) int percent, @ForAll long seed) {
        Selector s = new Selector(null, null, null, Selector.Mode.MAX_PERCENT, percent);

        int size = s.choose(candidates(n), new Random(seed)).size();

        assertThat(size).isBetween(1, Math.max(1, n * percent / 100));
    }

    @Property
    void choiceIsReproducibleForASeed(@ForAll @IntRange(min = 1, max = 50) int n, @ForAll long seed) {
        Selector s = new Selector(null, null, null, Selector.Mode.ONE, 0);

        assertThat(s.choose(candidates(n), new Random(seed))).isEqualTo(s.choose(candidates(n), new Random(seed)))
                .hasSize(1);
    }

    @Property
    void rolloutStagesAreCumulativeAndEndWithEveryTarget(@ForAll @IntRange(min = 1, max = 300) int n) {
        Experiment.RolloutStage one = new Experiment.RolloutStage(1, null);
        Experiment.RolloutStage ten = new Experiment.RolloutStage(null, 10.0);
        Experiment.RolloutStage all = new Experiment.RolloutStage(null, 100.0);

        assertThat(one.reach(n)).isEqualTo(1);
        assertThat(ten.reach(n)).isBetween(1, n);
        assertThat(all.reach(n)).isEqualTo(n);
    }
}
