package io.multisystem.contract.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

class CelComparisonTest {
    @Test
    void ourBackEndsAndCelAgreeOnEveryInput() throws Exception {
        CelComparisonBenchmark b = new CelComparisonBenchmark();
        b.setup(); // throws when any engine disagrees with CEL on one of the 256 inputs

        assertThat(b.jvmBackend()).isEqualTo(b.cel());
    }

    /** The JMH run behind benchmarks/results/contract-compiler.md; only with {@code -Dcel.jmh=true} (minutes). */
    @Test
    void jmhComparisonWhenAsked() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("cel.jmh"), "skipped: run with -Dcel.jmh=true");
        Options opt = new OptionsBuilder().include(CelComparisonBenchmark.class.getName()).forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1)).measurementIterations(5)
                .measurementTime(TimeValue.seconds(1)).build();
        for (RunResult r : new Runner(opt).run()) {
            System.out.printf("CEL-COMPARISON %s %.0f ± %.0f ops/s%n", r.getParams().getBenchmark(),
                    r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError());
        }
    }
}
