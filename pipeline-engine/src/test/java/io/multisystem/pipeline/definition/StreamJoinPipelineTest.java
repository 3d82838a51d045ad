package io.multisystem.pipeline.definition;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.pipeline.execution.ExecutionResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.multisystem.pipeline.definition.PipelineDefinitionTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tailed-file and socket sources, interval and lookup joins, through YAML definitions. */
@Timeout(60)
class StreamJoinPipelineTest {
    static List<String> sorted(Path p) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        lines.sort(null);
        return lines;
    }

    static List<String> violations(String yaml, Path dir) {
        List<String> out = new ArrayList<>();
        assertThatThrownBy(() -> PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("PIPELINE_INVALID");
                    e.violations().forEach(v -> out.add(v.field() + ": " + v.problem()));
                });
        return out;
    }

    @Test
    void intervalJoinOfATailedFileWithASocketStream(@TempDir Path dir) throws Exception {
        write(dir, "impressions.jsonl", """
                {"ad": "a", "imp": 1, "ts": 1000}
                {"ad": "b", "imp": 2, "ts": 1500}
                {"ad": "a", "imp": 3, "ts": 9000}
                {"ad": "c", "imp": 4, "ts": 9500}
                """);
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Void> clicks = CompletableFuture.runAsync(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    // click ts within [imp ts - 1s, imp ts + 5s] of an impression of the same ad joins it
                    out.write("""
                            ad,click,ts
                            a,10,800
                            b,11,7000
                            a,12,5900
                            a,13,9100
                            c,14,20000
                            """.getBytes(StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            String yaml = """
                    name: clicks
                    mode: streaming
                    sources:
                      impressions:
                        type: tail
                        path: impressions.jsonl
                        format: jsonl
                        schema: {ad: string, imp: long, ts: timestamp}
                        pollInterval: 20ms
                        idleTimeout: 500ms
                      clicks:
                        type: socket
                        host: 127.0.0.1
                        port: %d
                        format: csv
                        schema: {ad: string, click: long, ts: timestamp}
                        pollInterval: 20ms
                        idleTimeout: 10s
                    input: impressions
                    transforms:
                      - {type: intervalJoin, with: clicks, leftKey: ad, leftTimestamp: ts, lower: -1s, upper: 5s,
                         maxOutOfOrderness: 10s}
                      - {type: map, fields: {delay: "clicks_ts - ts"}, keep: false, drop: []}
                    sink: {type: jsonl, path: out.jsonl}
                    """.formatted(server.getLocalPort());
            CompiledPipeline compiled = PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir));
            assertThat(compiled.stages().get(1).output().names())
                    .containsExactly("ad", "imp", "ts", "clicks_ad", "click", "clicks_ts");
            ExecutionResult result = compiled.run();
            clicks.get(30, TimeUnit.SECONDS);
            assertThat(result.recordsWritten()).isEqualTo(3);
        }
        assertThat(sorted(dir.resolve("out.jsonl"))).containsExactly("{\"delay\":-200}", "{\"delay\":100}",
                "{\"delay\":4900}");
    }

    @Test
    void lookupJoinEnrichesAndAppliesTheMissPolicy(@TempDir Path dir) throws Exception {
        write(dir, "orders.csv", """
                id,customer,amount
                1,10,5.0
                2,20,7.0
                3,99,1.0
                4,,2.0
                """);
        write(dir, "customers.jsonl", """
                {"cid": 10, "name": "Ada", "amount": 0}
                {"cid": 20, "name": "Bob"}
                """);
        String template = """
                sources:
                  orders: {type: csv, path: orders.csv, schema: {id: long, customer: long, amount: double}}
                  customers: {type: jsonl, path: customers.jsonl, schema: {cid: long, name: string, amount: double}}
                input: orders
                transforms:
                  - {type: lookupJoin, with: customers, key: customer, tableKey: cid, onMiss: %s %s}
                sink: {type: csv, path: %s.csv}
                """;
        PipelineCompiler.compile(PipelineDefinition.parseYaml(template.formatted("drop", "", "drop"), dir)).run();
        PipelineCompiler.compile(PipelineDefinition.parseYaml(template.formatted("nulls", "", "nulls"), dir)).run();
        ExecutionResult dl = PipelineCompiler.compile(PipelineDefinition.parseYaml(template.formatted("deadLetter",
                ", deadLetter: {type: jsonl, path: misses.jsonl}", "dl"), dir)).run();

        assertThat(Files.readAllLines(dir.resolve("drop.csv"))).containsExactly(
                "id,customer,amount,cid,name,customers_amount", "1,10,5.0,10,Ada,0.0", "2,20,7.0,20,Bob,");
        assertThat(Files.readAllLines(dir.resolve("nulls.csv"))).containsExactly(
                "id,customer,amount,cid,name,customers_amount", "1,10,5.0,10,Ada,0.0", "2,20,7.0,20,Bob,",
                "3,99,1.0,,,", "4,,2.0,,,");
        assertThat(Files.readAllLines(dir.resolve("dl.csv"))).hasSize(3);
        assertThat(dl.recordsWritten()).isEqualTo(2);
        assertThat(Files.readAllLines(dir.resolve("misses.jsonl"))).containsExactly(
                "{\"id\":3,\"customer\":99,\"amount\":1.0,\"error\":\"no row in lookup table 'customers' with cid = 99\"}",
                "{\"id\":4,\"customer\":null,\"amount\":2.0,\"error\":\"customer is null\"}");

        write(dir, "customers.jsonl", "{\"cid\": 10, \"name\": \"Ada\"}\n{\"cid\": 10, \"name\": \"Eve\"}\n");
        assertThatThrownBy(() -> PipelineCompiler.compile(PipelineDefinition.parseYaml(
                template.formatted("drop", "", "dup"), dir)).run())
                .isInstanceOfSatisfying(PlatformException.class, e -> {
                    assertThat(e.code()).isEqualTo("LOOKUP_DUPLICATE_KEY");
                    assertThat(e.getMessage()).contains("cid = 10");
                });
    }

    @Test
    void badStreamingSourcesAndJoinsAreReportedWithTheirPaths(@TempDir Path dir) throws Exception {
        write(dir, "a.csv", "k,ts,name\n1,5,x\n");
        List<String> problems = violations("""
                checkpointInterval: 10
                sources:
                  a: {type: csv, path: a.csv, schema: {k: long, ts: timestamp, name: string}}
                  t: {type: tail, path: missing/t.jsonl, format: xml, schema: {k: long}, pollInterval: 0ms}
                  s: {type: socket, host: 127.0.0.1, schema: {k: long, name: string}, idleTimeout: 1s}
                  u: {type: tail, path: u.jsonl, schema: {k: long, at: timestamp}}
                input: a
                transforms:
                  - {type: intervalJoin, with: u, leftKey: k, leftTimestamp: name, rightTimestamp: at,
                     lower: 5s, upper: -5s}
                  - {type: lookupJoin, with: u, key: k, onMiss: explode}
                sink: {type: csv, path: out.csv}
                """, dir);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("sources.t.format: must be csv or jsonl"))
                .anySatisfy(p -> assertThat(p).startsWith("sources.t.pollInterval: must be positive"))
                .anySatisfy(p -> assertThat(p).startsWith("sources.t.path: directory"))
                .anySatisfy(p -> assertThat(p).startsWith("sources.s.port: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("sources.s.type: a socket cannot replay"))
                .anySatisfy(p -> assertThat(p).startsWith("sources.u: a batch run would never end"));

        write(dir, "u.jsonl", "");
        problems = violations("""
                mode: streaming
                sources:
                  a: {type: csv, path: a.csv, schema: {k: long, ts: timestamp, name: string}}
                  u: {type: tail, path: u.jsonl, schema: {k: string, at: timestamp}}
                input: a
                transforms:
                  - {type: intervalJoin, with: u, leftKey: k, leftTimestamp: name, rightTimestamp: at,
                     lower: 5s, upper: "-5s"}
                sink: {type: csv, path: out.csv}
                """, dir);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("transforms[0].lower: must not be above"))
                .anySatisfy(p -> assertThat(p).startsWith("transforms[0].leftTimestamp: field 'name' is STRING"))
                .anySatisfy(p -> assertThat(p).startsWith("transforms[0].rightKey: key types differ"));

        problems = violations("""
                mode: streaming
                sources:
                  a: {type: csv, path: a.csv, schema: {k: long, ts: timestamp, name: string}}
                  u: {type: tail, path: u.jsonl, schema: {k: long, at: timestamp}}
                input: a
                transforms:
                  - {type: lookupJoin, with: u, key: k, onMiss: deadLetter}
                  - {type: lookupJoin, with: a, key: nope, onMiss: explode}
                  - {type: keyBy, field: k}
                  - {type: intervalJoin, with: u, leftKey: k, leftTimestamp: ts, lower: 0s, upper: 1s}
                sink: {type: csv, path: out.csv}
                """, dir);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("transforms[0].deadLetter: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("transforms[0].with: lookup table 'u' is a tail source"));
        problems = violations("""
                sources:
                  a: {type: csv, path: a.csv, schema: {k: long, ts: timestamp, name: string}}
                transforms:
                  - {type: lookupJoin, with: a, key: nope, onMiss: explode}
                sink: {type: csv, path: out.csv}
                """, dir);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("transforms[0].onMiss: must be drop, nulls"))
                .anySatisfy(p -> assertThat(p).startsWith("transforms[0].key: the stream has no field 'nope'"));
        problems = violations("""
                sources:
                  a: {type: csv, path: a.csv, schema: {k: long, ts: timestamp, name: string}}
                transforms:
                  - {type: keyBy, field: k}
                  - {type: intervalJoin, with: a, leftKey: k, leftTimestamp: ts, lower: 0s, upper: 1s}
                sink: {type: csv, path: out.csv}
                """, dir);
        assertThat(problems).singleElement().asString()
                .startsWith("transforms[1]: intervalJoin must come before keyBy");
        problems = violations("""
                mode: streaming
                sources:
                  a: {type: csv, path: a.csv, schema: {k: long, ts: timestamp, name: string}}
                  u: {type: tail, path: u.jsonl, schema: {k: long, at: timestamp}}
                input: a
                transforms:
                  - {type: join, with: u, leftKey: k}
                sink: {type: csv, path: out.csv}
                """, dir);
        assertThat(problems).singleElement().asString()
                .startsWith("transforms[0].with: a hash join reads source 'u' whole, but that tail source never ends");
    }

    @Test
    void theJavaBuilderExpressesTheSameJoins(@TempDir Path dir) throws Exception {
        write(dir, "views.jsonl", "{\"page\": \"p\", \"ts\": 1000}\n{\"page\": \"q\", \"ts\": 2000}\n");
        write(dir, "buys.jsonl", "{\"page\": \"p\", \"ts\": 1500}\n{\"page\": \"q\", \"ts\": 9000}\n");
        write(dir, "pages.csv", "page,title\np,Home\n");
        java.util.Map<String, String> schema = new java.util.LinkedHashMap<>();
        schema.put("page", "string");
        schema.put("ts", "timestamp");
        java.util.Map<String, String> pages = new java.util.LinkedHashMap<>();
        pages.put("page", "string");
        pages.put("title", "string");
        PipelineDefinition built = PipelineDefinition.builder("joins").mode("streaming")
                .tailSource("views", Path.of("views.jsonl"), "jsonl", schema, "20ms", "300ms", 0)
                .jsonLinesSource("buys", Path.of("buys.jsonl"), schema)
                .csvSource("pages", Path.of("pages.csv"), pages)
                .input("views")
                .intervalJoin("buys", "page", "ts", "0s", "1s", "0s")
                .lookupJoin("pages", "page", "page", "deadLetter", java.util.Map.of("type", "jsonl", "path",
                        "dead.jsonl"))
                .jsonLinesSink(Path.of("out.jsonl")).build(dir);
        ExecutionResult result = PipelineCompiler.compile(built).run();
        assertThat(result.recordsWritten()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).containsExactly(
                "{\"page\":\"p\",\"ts\":1000,\"buys_page\":\"p\",\"buys_ts\":1500,\"pages_page\":\"p\","
                        + "\"title\":\"Home\"}");
        assertThat(Files.readAllLines(dir.resolve("dead.jsonl"))).isEmpty();
    }
}
