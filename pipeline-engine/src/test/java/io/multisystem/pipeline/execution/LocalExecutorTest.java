package io.multisystem.pipeline.execution;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.io.CollectingSink;
import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Sinks;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.io.Sources;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.window.Aggregation;
import io.multisystem.pipeline.window.Fixtures;
import io.multisystem.pipeline.window.WindowAssigner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.multisystem.pipeline.window.Fixtures.CLICKS;
import static io.multisystem.pipeline.window.Fixtures.click;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalExecutorTest {
    private static final LocalExecutorProperties STREAMING = LocalExecutorProperties.defaults()
            .withWatermarkInterval(1).withQueueCapacity(64);

    static List<Row> clicks(long seed, int n, int maxDisorder) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(5);
            long ts = Math.max(0, t - random.nextInt(maxDisorder + 1));
            rows.add(click("u" + random.nextInt(17), ts, random.nextInt(1000)));
        }
        return rows;
    }

    private static Pipeline windowedSum(List<Row> rows, WindowAssigner assigner, Sink sink) {
        return Pipeline.from(Sources.collection(CLICKS, rows))
                .filter(r -> r.getLong("amount") % 7 != 0)
                .map(CLICKS, r -> Row.of(CLICKS, r.getString("user"), r.getLong("ts"), r.getLong("amount") * 2))
                .keyBy("user")
                .window("ts", Duration.ofMillis(50), assigner, Duration.ZERO, Aggregation.count(),
                        Aggregation.sum("amount"), Aggregation.max("amount"))
                .to(sink);
    }

    @Test
    void batchAndStreamingModesGiveTheSameWindowResults() {
        List<Row> rows = clicks(1, 5_000, 50);
        for (WindowAssigner assigner : List.of(WindowAssigner.tumbling(Duration.ofMillis(100)),
                WindowAssigner.sliding(Duration.ofMillis(100), Duration.ofMillis(25)),
                WindowAssigner.session(Duration.ofMillis(3)))) {
            CollectingSink batch = Sinks.collecting();
            CollectingSink streaming = Sinks.collecting();

            LocalExecutor.create(STREAMING.withMode(ExecutionMode.BATCH)).run(windowedSum(rows, assigner, batch));
            ExecutionResult s = LocalExecutor.create(STREAMING).run(windowedSum(rows, assigner, streaming));

            assertThat(streaming.rows()).as(assigner.toString()).containsExactlyInAnyOrderElementsOf(batch.rows());
            assertThat(s.lateRecordsDropped()).isZero();
        }
    }

    @Test
    void fourWorkersGiveTheSameResultsAsOne() {
        List<Row> rows = clicks(2, 10_000, 50);
        CollectingSink one = Sinks.collecting();
        CollectingSink four = Sinks.collecting();

        LocalExecutor.create(STREAMING).run(windowedSum(rows, WindowAssigner.session(Duration.ofMillis(4)), one));
        LocalExecutor.create(STREAMING.withParallelism(4))
                .run(windowedSum(rows, WindowAssigner.session(Duration.ofMillis(4)), four));

        assertThat(four.rows()).isNotEmpty().containsExactlyInAnyOrderElementsOf(one.rows());
    }

    @Test
    void flatMapEmitsEveryProducedRow() {
        CollectingSink sink = Sinks.collecting();
        Pipeline p = Pipeline.from(Sources.collection(CLICKS, List.of(click("a", 1, 3), click("b", 2, 0))))
                .flatMap(CLICKS, r -> java.util.Collections.nCopies(r.getLong("amount").intValue(), r))
                .to(sink);

        ExecutionResult result = LocalExecutor.create(STREAMING.withParallelism(3)).run(p);

        assertThat(sink.rows()).hasSize(3).allMatch(r -> r.getString("user").equals("a"));
        assertThat(result.recordsRead()).isEqualTo(2);
        assertThat(result.recordsWritten()).isEqualTo(3);
    }

    @Test
    void recordsBeyondAllowedLatenessAreCountedAndSentToTheLateSideOutput() {
        // watermark = max - 11: 230 fires [100,200); 150 is within lateness (cleanup at 249); after 300 it is not
        List<Row> rows = List.of(click("a", 100, 1), click("a", 230, 1), click("a", 150, 1), click("a", 300, 1),
                click("a", 160, 1));
        CollectingSink results = Sinks.collecting();
        CollectingSink late = Sinks.collecting();
        Pipeline p = Pipeline.from(Sources.collection(CLICKS, rows)).keyBy("user")
                .window("ts", Duration.ofMillis(10), WindowAssigner.tumbling(Duration.ofMillis(100)),
                        Duration.ofMillis(50), Aggregation.count())
                .lateRecordsTo(late).to(results);

        ExecutionResult r = LocalExecutor.create(STREAMING).run(p);

        assertThat(r.lateRecordsDropped()).isEqualTo(1);
        assertThat(late.rows()).containsExactly(click("a", 160, 1));
        assertThat(results.rows()).filteredOn(x -> x.getLong("window_start") == 100).extracting(x -> x.getLong("count"))
                .containsExactly(1L, 2L);
        assertThat(Fixtures.finalResults(results.rows()).values()).extracting(x -> x.getLong("count"))
                .containsExactly(2L, 1L, 1L);
    }

    @Test
    void slowSinkBlocksTheSourceWithoutAnyQueueExceedingItsCapacity() throws Exception {
        int capacity = 8;
        AtomicInteger pulled = new AtomicInteger();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(click("u" + (i % 5), i, 1));
        }
        Source counting = new Source() {
            @Override
            public Schema schema() {
                return CLICKS;
            }

            @Override
            public RowIterator open() {
                var it = Sources.collection(CLICKS, rows).open();
                return new RowIterator() {
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    public Row next() {
                        pulled.incrementAndGet();
                        return it.next();
                    }

                    public void close() {
                    }
                };
            }
        };
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstWrite = new CountDownLatch(1);
        CollectingSink inner = Sinks.collecting();
        Sink gated = new Sink() {
            public void open(Schema schema) {
            }

            public void write(Row row) {
                firstWrite.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                inner.write(row);
            }

            public void close() {
            }
        };
        Pipeline p = Pipeline.from(counting).keyBy("user").to(gated);
        LocalExecutor executor = LocalExecutor.create(STREAMING.withQueueCapacity(capacity).withParallelism(2));
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> executor.run(p));

        assertThat(firstWrite.await(10, TimeUnit.SECONDS)).isTrue();
        // wait (polling with a deadline) until the pipeline has filled up behind the stalled sink
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int previous = -1;
        while (System.nanoTime() < deadline && pulled.get() != previous) {
            previous = pulled.get();
            Thread.onSpinWait();
            Thread.yield();
        }
        // sink holds 1, sink queue <= capacity, each worker holds 1 + queue <= capacity, source holds 1
        int bound = 1 + capacity + 2 * (1 + capacity) + 1;
        assertThat(pulled.get()).isLessThanOrEqualTo(bound);
        release.countDown();
        ExecutionResult result = run.get(30, TimeUnit.SECONDS);

        assertThat(inner.rows()).hasSize(10_000);
        assertThat(result.maxQueueDepth()).isLessThanOrEqualTo(capacity);
    }

    @Test
    void badInputInTheSourceFailsTheRunWithTheSourceError() {
        Schema schema = Schema.of("user", FieldType.STRING, "ts", FieldType.TIMESTAMP, "amount", FieldType.LONG);
        List<Row> rows = new ArrayList<>(clicks(3, 1000, 0));
        rows.add(Row.of(schema, "x", null, 1L));
        Pipeline p = Pipeline.from(Sources.collection(schema, rows)).keyBy("user")
                .window("ts", Duration.ZERO, WindowAssigner.tumbling(Duration.ofMillis(10)), Duration.ZERO,
                        Aggregation.count())
                .to(Sinks.collecting());

        assertThatThrownBy(() -> LocalExecutor.create(STREAMING.withParallelism(2)).run(p))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.code()).isEqualTo("EVENT_TIME_MISSING"));
    }

    @Test
    void invalidExecutorPropertiesNameTheProperty() {
        assertThatThrownBy(() -> STREAMING.withParallelism(0).withQueueCapacity(0))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("parallelism"));
    }

    @Test
    void finalResultsMatchAHandComputedCount() {
        List<Row> rows = List.of(click("a", 1, 1), click("a", 15, 1), click("b", 12, 1), click("a", 9, 1));
        CollectingSink sink = Sinks.collecting();
        Pipeline p = Pipeline.from(Sources.collection(CLICKS, rows)).keyBy("user")
                .window("ts", Duration.ofMillis(10), WindowAssigner.tumbling(Duration.ofMillis(10)), Duration.ZERO,
                        Aggregation.count())
                .to(sink);

        LocalExecutor.create(STREAMING).run(p);

        Map<String, Row> results = Fixtures.finalResults(sink.rows());
        assertThat(results).containsOnlyKeys("a|0|10", "a|10|20", "b|10|20");
        assertThat(results.get("a|0|10").getLong("count")).isEqualTo(2);
    }
}
