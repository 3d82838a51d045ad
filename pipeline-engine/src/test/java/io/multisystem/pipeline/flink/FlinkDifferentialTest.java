package io.multisystem.pipeline.flink;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.definition.PipelineCompiler;
import io.multisystem.pipeline.definition.PipelineDefinition;
import io.multisystem.pipeline.execution.ExecutionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Differential tests: the same definition on the local engine and on a Flink MiniCluster (parallelism 2) must write
 * the same rows (compared sorted, header first for CSV).
 */
class FlinkDifferentialTest {
    /** Events shuffled within 3 s (less than maxOutOfOrderness 5s, so nothing is late on either engine). */
    private static void writeEvents(Path file, int n, long seed, boolean json) throws Exception {
        Random random = new Random(seed);
        String[] users = {"ada", "bob", "cy", "dee", "eve", "fox", "gus"};
        List<String> lines = new ArrayList<>();
        if (!json) {
            lines.add("id,user,amount,qty,ts");
        }
        long base = 1_700_000_000_000L;
        for (int i = 0; i < n; i++) {
            long ts = base + i * 37L + random.nextInt(3000);
            String user = users[random.nextInt(users.length)];
            // Multiples of 0.25 add up exactly in binary floating point, whatever the order.
            String amount = random.nextInt(10) == 0 ? "" : String.valueOf((random.nextInt(4000) - 400) / 4.0);
            long qty = random.nextInt(50);
            if (json) {
                lines.add("{\"id\":" + i + ",\"user\":\"" + user + "\",\"amount\":"
                        + (amount.isEmpty() ? "null" : amount) + ",\"qty\":" + qty + ",\"ts\":" + ts + "}");
            } else {
                lines.add(i + "," + user + "," + amount + "," + qty + "," + ts);
            }
        }
        Files.write(file, lines);
    }

    private static final String WINDOWED = """
            name: per-user-per-10s
            mode: streaming
            parallelism: 2
            sources:
              events:
                type: %s
                path: events.%s
                schema: {id: long, user: string, amount: double, qty: long, ts: timestamp}
            transforms:
              - type: filter
                expr: "qty > 3 and user != 'gus'"
              - type: map
                fields: {user: "upper(user)", value: "qty * 10 + id %% 7", big: "amount > 500"}
              - type: keyBy
                field: user
              - type: window
                kind: tumbling
                size: 10s
                timestamp: ts
                maxOutOfOrderness: 5s
              - type: aggregate
                aggregations:
                  - {fn: count, as: n}
                  - {fn: sum, field: amount, as: total}
                  - "avg:amount as mean"
                  - "min:value as lo"
                  - "max:value as hi"
                  - "sum:qty"
                  - "max:ts as last_ts"
            sink: {type: %s, path: %s}
            """;

    private static List<String> sorted(Path file) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        List<String> body = new ArrayList<>(lines.subList(file.toString().endsWith(".csv") ? 1 : 0, lines.size()));
        body.sort(null);
        if (file.toString().endsWith(".csv")) {
            body.add(0, lines.get(0));
        }
        return body;
    }

    private static void assertSameOnBothEngines(Path dir, String format, String sinkFormat) throws Exception {
        String local = WINDOWED.formatted(format, format, sinkFormat, "local." + sinkFormat);
        String flink = WINDOWED.formatted(format, format, sinkFormat, "flink." + sinkFormat);
        ExecutionResult l = PipelineCompiler.compile(PipelineDefinition.parseYaml(local, dir)).run();
        FlinkRunner.Result r = FlinkRunner.prepare(PipelineDefinition.parseYaml(flink, dir)).runLocal();
        List<String> expected = sorted(dir.resolve("local." + sinkFormat));
        List<String> actual = sorted(dir.resolve("flink." + sinkFormat));
        System.out.printf("%s -> %s: local engine %d rows read, %d written in %d ms; flink %s (MiniCluster, "
                + "parallelism 2, start-up included) %d read, %d written in %d ms%n", format, sinkFormat,
                l.recordsRead(), l.recordsWritten(), l.elapsed().toMillis(), r.flinkVersion(), r.recordsRead(),
                r.recordsWritten(), r.elapsed().toMillis());
        assertThat(expected.size()).isGreaterThan(100);
        assertThat(r.recordsWritten()).isEqualTo(expected.size() - (sinkFormat.equals("csv") ? 1 : 0));
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void csvWindowedAggregateGivesTheLocalEnginesRows(@TempDir Path dir) throws Exception {
        writeEvents(dir.resolve("events.csv"), 20_000, 7, false);
        assertSameOnBothEngines(dir, "csv", "csv");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void jsonLinesWindowedAggregateGivesTheLocalEnginesRows(@TempDir Path dir) throws Exception {
        writeEvents(dir.resolve("events.jsonl"), 5_000, 11, true);
        assertSameOnBothEngines(dir, "jsonl", "jsonl");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void mapAndFilterOnlyGiveTheLocalEnginesRows(@TempDir Path dir) throws Exception {
        writeEvents(dir.resolve("events.csv"), 3_000, 3, false);
        String yaml = """
                name: clean
                parallelism: 2
                sources:
                  events: {type: csv, path: events.csv, schema: {id: long, user: string, amount: double, qty: long, ts: timestamp}}
                transforms:
                  - {type: filter, expr: "amount is not null and amount < 100"}
                  - {type: map, keep: false, fields: {id: id, who: "concat(user, '-', to_string(qty))", cents: "to_long(amount * 100)"}}
                sink: {type: jsonl, path: %s}
                """;
        PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml.formatted("local.jsonl"), dir)).run();
        FlinkRunner.prepare(PipelineDefinition.parseYaml(yaml.formatted("flink.jsonl"), dir)).runLocal();
        List<String> expected = sorted(dir.resolve("local.jsonl"));
        assertThat(expected).hasSizeGreaterThan(100);
        assertThat(sorted(dir.resolve("flink.jsonl"))).containsExactlyElementsOf(expected);
    }

    @Test
    void unsupportedDefinitionsAreRefusedWithTheFieldPathBeforeRunning(@TempDir Path dir) throws Exception {
        writeEvents(dir.resolve("events.csv"), 10, 1, false);
        String yaml = """
                name: unsupported
                sources:
                  events: {type: csv, path: events.csv, schema: {id: long, user: string, amount: double, qty: long, ts: timestamp}}
                transforms:
                  - {type: flatMap, split: user, separator: "a", as: part}
                  - {type: keyBy, field: user}
                  - {type: window, kind: session, gap: 5s, timestamp: ts}
                  - {type: aggregate, aggregations: ["count as n", "quantile:amount:0.5 as med"]}
                sink: {type: avro, path: out.avro}
                """;
        assertThatThrownBy(() -> FlinkRunner.prepare(PipelineDefinition.parseYaml(yaml, dir)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.violations()).extracting(v -> v.field()).containsExactlyInAnyOrder("sink.type",
                            "transforms[0].type", "transforms[2].kind", "transforms[3].aggregations[1].fn");
                    assertThat(e.violations()).allSatisfy(v ->
                            assertThat(v.problem()).contains("not supported on --engine flink"));
                });
        assertThat(dir.resolve("out.avro")).doesNotExist();
    }
}
