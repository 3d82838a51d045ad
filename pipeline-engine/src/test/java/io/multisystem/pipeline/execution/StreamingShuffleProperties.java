package io.multisystem.pipeline.execution;

import io.multisystem.pipeline.io.CollectingSink;
import io.multisystem.pipeline.io.Sinks;
import io.multisystem.pipeline.io.Sources;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.window.Aggregation;
import io.multisystem.pipeline.window.WindowAssigner;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.multisystem.pipeline.window.Fixtures.CLICKS;
import static org.assertj.core.api.Assertions.assertThat;

class StreamingShuffleProperties {
    /** Shuffles inside blocks of ≤ bound ms of event time, so no event is more than the bound out of order. */
    @Property(tries = 30)
    void streamingResultsOnShuffledInputEqualBatchResultsOnSortedInput(@ForAll long seed,
            @ForAll @IntRange(min = 1, max = 4) int parallelism) {
        long bound = 30;
        List<Row> sorted = LocalExecutorTest.clicks(seed, 2_000, 0);
        List<Row> shuffled = new ArrayList<>();
        Random random = new Random(seed);
        int i = 0;
        while (i < sorted.size()) {
            long blockStart = sorted.get(i).getLong("ts");
            List<Row> block = new ArrayList<>();
            while (i < sorted.size() && sorted.get(i).getLong("ts") - blockStart <= bound) {
                block.add(sorted.get(i++));
            }
            Collections.shuffle(block, random);
            shuffled.addAll(block);
        }
        CollectingSink batch = Sinks.collecting();
        CollectingSink streaming = Sinks.collecting();

        LocalExecutor.create(LocalExecutorProperties.defaults().withMode(ExecutionMode.BATCH))
                .run(pipeline(sorted).to(batch));
        ExecutionResult r = LocalExecutor.create(LocalExecutorProperties.defaults().withParallelism(parallelism)
                .withWatermarkInterval(1 + random.nextInt(20)).withQueueCapacity(16)).run(pipeline(shuffled).to(streaming));

        assertThat(streaming.rows()).containsExactlyInAnyOrderElementsOf(batch.rows());
        assertThat(r.lateRecordsDropped()).isZero();
    }

    private static io.multisystem.pipeline.execution.Pipeline pipeline(List<Row> rows) {
        return Pipeline.from(Sources.collection(CLICKS, rows)).keyBy("user")
                .window("ts", Duration.ofMillis(30), WindowAssigner.sliding(Duration.ofMillis(60), Duration.ofMillis(20)),
                        Duration.ZERO, Aggregation.count(), Aggregation.sum("amount"), Aggregation.min("amount"));
    }
}
