package io.multisystem.pipeline.definition;

import io.multisystem.core.testing.PostgresTestSupport;
import io.multisystem.pipeline.io.PartFileSink;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run that crashes part-way and is restarted from its last checkpoint produces exactly the output of a run that
 * never crashed: nothing lost, nothing repeated, for the part-file sink and the PostgreSQL sink.
 */
class ExactlyOnceRecoveryTest {
    static final int EVENTS = 6000;

    static String pipeline(String sink) {
        return """
                name: exactly-once
                mode: streaming
                parallelism: 2
                checkpointInterval: 250
                watermarkInterval: 16
                sources:
                  events: {type: csv, path: events.csv, schema: {id: long, k: string, v: long, ts: timestamp}}
                transforms:
                  - {type: deduplicate, keys: [id]}
                  - {type: map, fields: {v2: "v * 2"}}
                  - {type: keyBy, field: k}
                  - {type: window, kind: tumbling, size: 10s, timestamp: ts, maxOutOfOrderness: 2s, allowedLateness: 5s}
                  - {type: aggregate, aggregations: [count as n, "sum:v2 as total", "max:id as last"]}
                """ + sink;
    }

    static void events(Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        StringBuilder sb = new StringBuilder("id,k,v,ts\n");
        for (int i = 0; i < EVENTS; i++) {
            long id = random.nextInt(10) == 0 && i > 0 ? i - 1 : i; // some duplicates
            long ts = i * 50L + random.nextInt(3000) - 1500;        // out of order, some late
            sb.append(id).append(",k").append(random.nextInt(7)).append(',').append(random.nextInt(100)).append(',')
                    .append(Math.max(0, ts)).append('\n');
        }
        Files.writeString(dir.resolve("events.csv"), sb);
    }

    /** Wraps the input so that reading row {@code crashAt} throws, as a process crash would stop the run. */
    static PipelineCompiler.Options crashingAt(long crashAt) {
        return crashingAt(crashAt, () -> true);
    }

    /**
     * As {@link #crashingAt(long)}, but the source first waits (up to 60 s) until {@code readyToCrash} holds, e.g. until
     * the sink has committed a checkpoint: the operators downstream keep draining meanwhile, so the crash happens at a
     * known state however slow the machine is.
     */
    static PipelineCompiler.Options crashingAt(long crashAt, BooleanSupplier readyToCrash) {
        return PipelineCompiler.Options.defaults().withSourceDecorator(source -> new Source() {
            @Override
            public Schema schema() {
                return source.schema();
            }

            @Override
            public RowIterator open() {
                RowIterator in = source.open();
                return new RowIterator() {
                    long n;

                    @Override
                    public boolean hasNext() {
                        return in.hasNext();
                    }

                    @Override
                    public Row next() {
                        if (++n == crashAt) {
                            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                            while (!readyToCrash.getAsBoolean() && System.nanoTime() < deadline) {
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                            }
                            throw new IllegalStateException("simulated crash at row " + n);
                        }
                        return in.next();
                    }

                    @Override
                    public void close() {
                        in.close();
                    }
                };
            }
        });
    }

    static List<String> partLines(Path directory) throws Exception {
        List<String> lines = new ArrayList<>();
        for (Path part : PartFileSink.parts(directory)) {
            List<String> l = Files.readAllLines(part);
            lines.addAll(l.subList(1, l.size()));
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void partFilesAfterTwoCrashesAndRestartsEqualAnUninterruptedRun(@TempDir Path dir) throws Exception {
        events(dir);
        PipelineCompiler.compile(PipelineDefinition.parseYaml(pipeline("sink: {type: csv, path: clean}"), dir)).run();
        PipelineCompiler.compile(PipelineDefinition.parseYaml(pipeline("sink: {type: csv, path: plain.csv}")
                .replace("checkpointInterval: 250", "checkpointInterval: 0"), dir)).run();
        PipelineDefinition crashy = PipelineDefinition.parseYaml(pipeline("sink: {type: csv, path: crashy}"), dir);

        assertThatThrownBy(() -> PipelineCompiler.compile(crashy, crashingAt(1337)).run())
                .hasMessageContaining("simulated crash");
        List<String> afterFirstCrash = partLines(dir.resolve("crashy"));
        Files.writeString(dir.resolve("crashy/.part-99-1.inprogress"), "garbage left by a killed process\n");
        assertThatThrownBy(() -> PipelineCompiler.compile(crashy, crashingAt(2000)).run())
                .hasMessageContaining("simulated crash");
        PipelineCompiler.compile(crashy).run();

        List<String> clean = partLines(dir.resolve("clean"));
        List<String> plain = new ArrayList<>(Files.readAllLines(dir.resolve("plain.csv")));
        plain.remove(0);
        plain.sort(null);
        assertThat(clean).isNotEmpty().isEqualTo(plain);
        assertThat(partLines(dir.resolve("crashy"))).isEqualTo(clean);
        assertThat(afterFirstCrash.size()).isLessThan(clean.size());
        assertThat(clean).containsAll(afterFirstCrash);
        try (var files = Files.list(dir.resolve("crashy"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".part-"));
        }
    }

    @Test
    void postgresRowsAfterACrashAndRestartEqualAnUninterruptedRun(@TempDir Path dir) throws Exception {
        String url = PostgresTestSupport.freshDatabase();
        events(dir);
        String clean = pipeline("sink: {type: postgres, url: \"" + url + "\", table: clean}");
        String crashy = pipeline("sink: {type: postgres, url: \"" + url + "\", table: crashy}")
                .replace("name: exactly-once", "name: exactly-once-crashy");
        PipelineCompiler.compile(PipelineDefinition.parseYaml(clean, dir)).run();

        PipelineDefinition definition = PipelineDefinition.parseYaml(crashy, dir);
        assertThatThrownBy(() -> PipelineCompiler.compile(definition,
                crashingAt(3001, () -> !rowsIfPresent(url, "crashy").isEmpty())).run())
                .hasMessageContaining("simulated crash");
        int committedBeforeRestart = rows(url, "crashy").size();
        PipelineCompiler.compile(definition).run();

        List<String> expected = rows(url, "clean");
        assertThat(expected).isNotEmpty();
        assertThat(committedBeforeRestart).isBetween(1, expected.size() - 1);
        assertThat(rows(url, "crashy")).isEqualTo(expected);
    }

    /** The table's rows, or none while the sink has not created it yet. */
    static List<String> rowsIfPresent(String url, String table) {
        try {
            return rows(url, table);
        } catch (Exception notYet) {
            return List.of();
        }
    }

    static List<String> rows(String url, String table) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT k, window_start, window_end, n, total, last FROM " + table)) {
            while (rs.next()) {
                out.add(rs.getString(1) + "," + rs.getString(2) + "," + rs.getString(3) + "," + rs.getLong(4) + ","
                        + rs.getLong(5) + "," + rs.getLong(6));
            }
        }
        out.sort(null);
        return out;
    }
}
