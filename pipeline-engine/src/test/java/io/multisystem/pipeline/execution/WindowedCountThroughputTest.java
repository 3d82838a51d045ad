package io.multisystem.pipeline.execution;

import io.multisystem.pipeline.io.Sink;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.window.Aggregation;
import io.multisystem.pipeline.window.WindowAssigner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

import static io.multisystem.pipeline.window.Fixtures.CLICKS;
import static org.assertj.core.api.Assertions.assertThat;

/** Measures a keyed 1-second tumbling count over one million synthetic events; prints events/s for the report. */
class WindowedCountThroughputTest {
    private static final int EVENTS = 1_000_000;
    private static final String[] USERS = new String[100];

    static {
        for (int i = 0; i < USERS.length; i++) {
            USERS[i] = "user-" + i;
        }
    }

    @Test
    void windowedCountOverOneMillionEventsCountsEveryEvent() {
        for (int parallelism : new int[] {1, 1, 2}) { // the first run warms up the JIT
            AtomicLong counted = new AtomicLong();
            Pipeline p = Pipeline.from(syntheticClicks()).keyBy("user")
                    .window("ts", Duration.ofMillis(200), WindowAssigner.tumbling(Duration.ofSeconds(1)),
                            Duration.ZERO, Aggregation.count())
                    .to(summing(counted));

            ExecutionResult r = LocalExecutor.create(LocalExecutorProperties.defaults().withParallelism(parallelism)
                    .withQueueCapacity(4096).withWatermarkInterval(1000)).run(p);

            System.out.printf("windowed count, %d events, parallelism %d: %.0f events/s (%d ms), %d results%n",
                    EVENTS, parallelism, r.recordsPerSecond(), r.elapsed().toMillis(), r.recordsWritten());
            assertThat(counted.get()).isEqualTo(EVENTS);
            assertThat(r.lateRecordsDropped()).isZero();
        }
    }

    /** 100 keys, 10,000 events per second of event time, up to 63 ms out of order, generated lazily. */
    private static Source syntheticClicks() {
        return new Source() {
            @Override
            public Schema schema() {
                return CLICKS;
            }

            @Override
            public RowIterator open() {
                return new RowIterator() {
                    private int i;
                    private long state = 42;

                    public boolean hasNext() {
                        return i < EVENTS;
                    }

                    public Row next() {
                        if (i >= EVENTS) {
                            throw new NoSuchElementException();
                        }
                        state = state * 6364136223846793005L + 1442695040888963407L;
                        int r = (int) (state >>> 33);
                        long ts = i / 10 + 100 - (r & 63);
                        i++;
                        return Row.of(CLICKS, USERS[(r >>> 8) % USERS.length], ts, 1L);
                    }

                    public void close() {
                    }
                };
            }
        };
    }

    private static Sink summing(AtomicLong counted) {
        return new Sink() {
            public void open(Schema schema) {
            }

            public void write(Row row) {
                counted.addAndGet(row.getLong("count"));
            }

            public void close() {
            }
        };
    }
}
