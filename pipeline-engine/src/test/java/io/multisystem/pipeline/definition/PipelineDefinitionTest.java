package io.multisystem.pipeline.definition;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.execution.ExecutionResult;
import io.multisystem.pipeline.io.AvroFiles;
import io.multisystem.pipeline.record.FieldType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineDefinitionTest {
    static final String ORDERS = """
            id,customer,amount,ts
            1,ada,10.0,1000
            2,bob,5.0,2000
            3,ada,7.5,61000
            4,cy,-1.0,62000
            5,bob,2.5,65000
            5,bob,2.5,65000
            """;

    static final String WINDOWED = """
            name: revenue-per-minute
            mode: streaming
            parallelism: 2
            sources:
              orders:
                type: csv
                path: orders.csv
                schema: {id: long, customer: string, amount: double, ts: timestamp}
            transforms:
              - type: deduplicate
                keys: [id]
              - type: filter
                expr: "amount > 0"
              - type: map
                fields: {customer: "upper(customer)", cents: "to_long(amount * 100)"}
              - type: keyBy
                field: customer
              - type: window
                kind: tumbling
                size: 1m
                timestamp: ts
                maxOutOfOrderness: 5s
              - type: aggregate
                aggregations:
                  - {fn: count, as: n}
                  - {fn: sum, field: cents, as: cents}
                  - "max:amount as largest"
            sink: {type: csv, path: out.csv}
            """;

    static Path write(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static List<String> sortedLines(Path p) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(p));
        String header = lines.remove(0);
        lines.sort(null);
        lines.add(0, header);
        return lines;
    }

    @Test
    void yamlPipelineFiltersMapsAndAggregatesPerKeyAndTumblingWindow(@TempDir Path dir) throws Exception {
        write(dir, "orders.csv", ORDERS);
        CompiledPipeline compiled = PipelineCompiler.compile(PipelineDefinition.parseYaml(WINDOWED, dir));

        ExecutionResult result = compiled.run();

        assertThat(result.recordsRead()).isEqualTo(6);
        assertThat(sortedLines(dir.resolve("out.csv"))).containsExactly(
                "customer,window_start,window_end,n,cents,largest",
                "ADA,0,60000,1,1000,10.0",
                "ADA,60000,120000,1,750,7.5",
                "BOB,0,60000,1,500,5.0",
                "BOB,60000,120000,1,250,2.5");
        assertThat(compiled.stages()).extracting(CompiledPipeline.Stage::type)
                .containsExactly("source", "deduplicate", "filter", "map", "keyBy", "window", "aggregate");
        assertThat(compiled.stages().get(3).output().getField("cents").type()).isEqualTo(FieldType.LONG);
    }

    @Test
    void javaBuilderGivesTheSameResultAsYaml(@TempDir Path dir) throws Exception {
        write(dir, "orders.csv", ORDERS);
        Map<String, String> schema = new LinkedHashMap<>();
        schema.put("id", "long");
        schema.put("customer", "string");
        schema.put("amount", "double");
        schema.put("ts", "timestamp");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("customer", "upper(customer)");
        fields.put("cents", "to_long(amount * 100)");
        PipelineDefinition built = PipelineDefinition.builder("revenue-per-minute").mode("streaming").parallelism(2)
                .csvSource("orders", Path.of("orders.csv"), schema)
                .deduplicate("id").filter("amount > 0").map(fields).keyBy("customer")
                .tumblingWindow("ts", "1m", "5s", "0s")
                .aggregate("count as n", "sum:cents as cents", "max:amount as largest")
                .csvSink(Path.of("built.csv")).build(dir);

        PipelineCompiler.compile(built).run();
        PipelineCompiler.compile(PipelineDefinition.parseYaml(WINDOWED, dir)).run();

        assertThat(sortedLines(dir.resolve("built.csv"))).isEqualTo(sortedLines(dir.resolve("out.csv")));
    }

    @Test
    void validationReportsEveryProblemWithThePathToTheField(@TempDir Path dir) throws Exception {
        String yaml = """
                sources:
                  orders:
                    type: csv
                    path: orders.csv
                    schema: {id: long, amount: dubble}
                  more: {type: parquet, path: x}
                input: orders
                transforms:
                  - type: filter
                    expr: "amount > 0"
                sink: {type: csv, path: nowhere/out.csv}
                """;
        assertThatThrownBy(() -> PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .contains("sources.orders.schema.amount", "sources.more.type", "sink.path"));

        String badExpr = """
                sources:
                  orders: {type: csv, path: orders.csv, schema: {id: long, customer: string, amount: double}}
                transforms:
                  - type: filter
                    expr: "amount > 0"
                  - type: map
                    fields: {total: "amount * 2"}
                  - type: filter
                    expr: "total + customer > 3"
                sink: {type: stdout}
                """;
        assertThatThrownBy(() -> PipelineCompiler.compile(PipelineDefinition.parseYaml(badExpr, dir)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("PIPELINE_INVALID");
                    assertThat(e.violations()).singleElement().satisfies(v -> {
                        assertThat(v.field()).isEqualTo("transforms[2].expr");
                        assertThat(v.problem()).contains("column 7", "'+' needs numbers, found STRING");
                    });
                });
    }

    @Test
    void yamlSyntaxErrorsCarryLineAndColumnAndStructureErrorsTheirPath(@TempDir Path dir) {
        assertThatThrownBy(() -> PipelineDefinition.parseYaml("sources: {a: [1, 2}\n", dir))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations().get(0).problem())
                        .contains("line 1"));
        String typo = """
                sources:
                  a: {type: csv, path: a.csv, schema: {x: long}}
                transforms:
                  - type: keyBy
                    feild: x
                  - type: windw
                sink: {type: stdout}
                """;
        assertThatThrownBy(() -> PipelineCompiler.compile(PipelineDefinition.parseYaml(typo, dir)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field).contains("transforms[0].feild", "transforms[0].field"));
    }

    @Test
    void unionJoinFlatMapAndGlobalAggregateWithSketches(@TempDir Path dir) throws Exception {
        write(dir, "a.jsonl", """
                {"id": 1, "customer": 10, "tags": "x,y"}
                {"id": 2, "customer": 20, "tags": "y"}
                """);
        write(dir, "b.jsonl", """
                {"tags": "z,x", "customer": 10, "id": 3}
                {"id": 4, "customer": 99, "tags": null}
                """);
        write(dir, "customers.csv", "cid,name\n10,Ada\n20,Bob\n");
        String yaml = """
                sources:
                  a: {type: jsonl, path: a.jsonl, schema: {id: long, customer: long, tags: string}}
                  b: {type: jsonl, path: b.jsonl, schema: {id: long, customer: long, tags: string}}
                  customers: {type: csv, path: customers.csv, schema: {cid: long, name: string}}
                input: a
                transforms:
                  - {type: union, with: [b]}
                  - {type: join, with: customers, leftKey: customer, rightKey: cid, kind: left}
                  - {type: map, fields: {name: "coalesce(name, 'unknown')"}}
                  - {type: flatMap, split: "coalesce(tags, '')", separator: ",", as: tag}
                  - {type: filter, expr: "tag <> ''"}
                  - {type: keyBy, field: name}
                  - type: aggregate
                    aggregations:
                      - {fn: count, as: tags}
                      - {fn: approx_distinct, field: tag, as: distinct_tags}
                      - {fn: quantile, field: id, q: 0.5, as: median_id}
                sink: {type: jsonl, path: out.jsonl}
                """;
        PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir)).run();

        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).containsExactlyInAnyOrder(
                "{\"name\":\"Ada\",\"tags\":4,\"distinct_tags\":3,\"median_id\":2.0}",
                "{\"name\":\"Bob\",\"tags\":1,\"distinct_tags\":1,\"median_id\":2.0}");
    }

    @Test
    void lateRecordsBeyondTheAllowedLatenessGoToTheSideOutput(@TempDir Path dir) throws Exception {
        write(dir, "events.csv", "k,ts\na,1000\na,70000\na,130000\na,2000\na,125000\n");
        String yaml = """
                mode: streaming
                watermarkInterval: 1
                sources:
                  events: {type: csv, path: events.csv, schema: {k: string, ts: timestamp}}
                transforms:
                  - {type: keyBy, field: k}
                  - {type: window, kind: tumbling, size: 1m, timestamp: ts, allowedLateness: 10s}
                  - {type: aggregate, aggregations: [count as n]}
                sink: {type: csv, path: out.csv}
                lateSink: {type: csv, path: late.csv}
                """;
        ExecutionResult result = PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir)).run();

        assertThat(result.lateRecordsDropped()).isEqualTo(1);
        assertThat(Files.readAllLines(dir.resolve("late.csv"))).containsExactly("k,ts", "a,2000");
        assertThat(Files.readAllLines(dir.resolve("out.csv"))).contains("a,0,60000,1", "a,120000,180000,2");
    }

    @Test
    void avroFilesWrittenByAvroItselfAreReadAndTheSinkIsReadableByAvro(@TempDir Path dir) throws Exception {
        org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse("""
                {"type": "record", "name": "Reading", "fields": [
                  {"name": "sensor", "type": "string"},
                  {"name": "value", "type": ["null", "float"]},
                  {"name": "count", "type": "int"},
                  {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]}
                """);
        try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
            w.create(schema, dir.resolve("in.avro").toFile());
            for (int i = 0; i < 4; i++) {
                GenericData.Record r = new GenericData.Record(schema);
                r.put("sensor", i % 2 == 0 ? "s1" : "s2");
                r.put("value", i == 3 ? null : 1.5f * i);
                r.put("count", i);
                r.put("at", 1000L * i);
                w.append(r);
            }
        }
        String yaml = """
                sources:
                  readings: {type: avro, path: in.avro}
                transforms:
                  - {type: map, fields: {double_count: "count * 2"}}
                sink: {type: avro, path: out.avro}
                """;
        CompiledPipeline compiled = PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir));
        assertThat(compiled.stages().get(0).output().getField("at").type()).isEqualTo(FieldType.TIMESTAMP);
        compiled.run();

        List<String> out = new ArrayList<>();
        try (DataFileReader<GenericRecord> r = new DataFileReader<>(dir.resolve("out.avro").toFile(),
                new GenericDatumReader<>())) {
            r.forEach(rec -> out.add(rec.get("sensor") + "|" + rec.get("value") + "|" + rec.get("double_count") + "|"
                    + rec.get("at")));
        }
        assertThat(out).containsExactly("s1|0.0|0|0", "s2|1.5|2|1000", "s1|3.0|4|2000", "s2|null|6|3000");
        assertThat(AvroFiles.readSchema(dir.resolve("out.avro")).names())
                .containsExactly("sensor", "value", "count", "at", "double_count");
    }

    @Test
    void syntheticSourceFeedsAPipeline(@TempDir Path dir) throws Exception {
        String yaml = """
                sources:
                  people:
                    type: synthetic
                    table: people
                    rules:
                      seed: 7
                      tables:
                        people:
                          rows: 200
                          columns:
                            id: {type: int, unique: true, min: 1, max: 1000}
                            tier: {type: enum, values: {gold: 1, silver: 3}}
                transforms:
                  - {type: keyBy, field: tier}
                  - {type: aggregate, aggregations: [count as n, "min:id as first"]}
                sink: {type: csv, path: out.csv}
                """;
        PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir)).run();

        List<String> lines = Files.readAllLines(dir.resolve("out.csv"));
        assertThat(lines.get(0)).isEqualTo("tier,n,first");
        assertThat(lines.subList(1, lines.size()).stream().mapToLong(l -> Long.parseLong(l.split(",")[1])).sum())
                .isEqualTo(200);
    }

    @Test
    void sessionWindowsFromTheJavaBuilderMergeEventsCloserThanTheGap(@TempDir Path dir) throws Exception {
        write(dir, "clicks.csv", "user,ts\na,0\nb,500\na,1000\na,5000\nb,9000\n");
        Map<String, String> schema = new LinkedHashMap<>();
        schema.put("user", "string");
        schema.put("ts", "timestamp");
        PipelineDefinition definition = PipelineDefinition.builder("sessions").mode("streaming")
                .csvSource("clicks", Path.of("clicks.csv"), schema).keyBy("user")
                .sessionWindow("ts", "2s", "0s", "0s").aggregate("count as clicks")
                .sink(Map.of("type", "csv", "path", "sessions.csv")).build(dir);

        PipelineCompiler.compile(definition).run();

        assertThat(Files.readAllLines(dir.resolve("sessions.csv"))).containsExactlyInAnyOrder(
                "user,window_start,window_end,clicks", "a,0,3000,2", "a,5000,7000,1", "b,500,2500,1",
                "b,9000,11000,1");
    }
}
