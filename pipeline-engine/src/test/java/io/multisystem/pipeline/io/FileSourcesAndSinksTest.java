package io.multisystem.pipeline.io;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.pipeline.execution.ExecutionMode;
import io.multisystem.pipeline.execution.LocalExecutor;
import io.multisystem.pipeline.execution.LocalExecutorProperties;
import io.multisystem.pipeline.execution.Pipeline;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.window.Aggregation;
import io.multisystem.pipeline.window.WindowAssigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileSourcesAndSinksTest {
    private static final Schema SCHEMA = Schema.of("name", FieldType.STRING, "ts", FieldType.TIMESTAMP,
            "price", FieldType.DOUBLE, "ok", FieldType.BOOLEAN);

    @TempDir
    Path dir;

    private static List<Row> readAll(Source source) {
        List<Row> rows = new ArrayList<>();
        try (Source.RowIterator it = source.open()) {
            it.forEachRemaining(rows::add);
        }
        return rows;
    }

    @Test
    void csvWrittenBySinkReadsBackIdenticallyIncludingQuotesAndNulls() {
        List<Row> rows = List.of(Row.of(SCHEMA, "plain", 1L, 2.5, true), Row.of(SCHEMA, "a, \"quoted\" one", 2L,
                null, false), Row.of(SCHEMA, null, 3L, -1.0, null));
        Path file = dir.resolve("out.csv");

        LocalExecutor.create(LocalExecutorProperties.defaults()).run(Pipeline.from(Sources.collection(SCHEMA, rows))
                .to(Sinks.csv(file)));

        assertThat(readAll(Sources.csv(file, SCHEMA))).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void jsonLinesWrittenBySinkReadsBackIdentically() {
        List<Row> rows = List.of(Row.of(SCHEMA, "x\ny", 1L, 2.5, true), Row.of(SCHEMA, null, 2L, null, false));
        Path file = dir.resolve("out.jsonl");

        LocalExecutor.create(LocalExecutorProperties.defaults()).run(Pipeline.from(Sources.collection(SCHEMA, rows))
                .to(Sinks.jsonLines(file)));

        assertThat(readAll(Sources.jsonLines(file, SCHEMA))).containsExactlyInAnyOrderElementsOf(rows);
    }

    @Test
    void csvColumnsAreMatchedByHeaderNameInAnyOrder() throws IOException {
        Path file = dir.resolve("in.csv");
        Files.writeString(file, "ok,price,extra,ts,name\ntrue,1.5,zzz,10,bob\n");

        assertThat(readAll(Sources.csv(file, SCHEMA))).containsExactly(Row.of(SCHEMA, "bob", 10L, 1.5, true));
    }

    @Test
    void csvCellOfTheWrongTypeIsReportedWithLineAndColumn() throws IOException {
        Path file = dir.resolve("bad.csv");
        Files.writeString(file, "name,ts,price,ok\nok,1,2.0,true\nbad,notanumber,2.0,true\n");

        assertThatThrownBy(() -> readAll(Sources.csv(file, SCHEMA)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("CSV_INVALID");
                    assertThat(e.getMessage()).contains(":3:").contains("column 2 (ts)");
                });
    }

    @Test
    void jsonLinesMemberOfTheWrongTypeIsReportedWithLineAndPointer() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"name\":\"a\",\"ts\":1}\n\n{\"name\":\"b\",\"ts\":1.5}\n");

        assertThatThrownBy(() -> readAll(Sources.jsonLines(file, SCHEMA)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("JSONL_INVALID");
                    assertThat(e.getMessage()).contains(":3:").contains("/ts");
                });
    }

    @Test
    void missingInputFileIsNotFound() {
        assertThatThrownBy(() -> Sources.csv(dir.resolve("nope.csv"), SCHEMA).open())
                .isInstanceOfSatisfying(NotFoundException.class,
                        e -> assertThat(e.code()).isEqualTo("INPUT_NOT_FOUND"));
    }

    @Test
    void windowedAggregationFromCsvToJsonLinesEndToEnd() throws IOException {
        Path in = dir.resolve("trades.csv");
        Files.writeString(in, "name,ts,price,ok\nA,1000,10.0,true\nA,1500,20.0,true\nB,1200,5.0,true\nA,2100,1.0,true\n");
        Path out = dir.resolve("avg.jsonl");
        Pipeline p = Pipeline.from(Sources.csv(in, SCHEMA)).keyBy("name")
                .window("ts", Duration.ZERO, WindowAssigner.tumbling(Duration.ofSeconds(1)), Duration.ZERO,
                        Aggregation.avg("price"))
                .to(Sinks.jsonLines(out));

        LocalExecutor.create(LocalExecutorProperties.defaults().withMode(ExecutionMode.BATCH)).run(p);

        assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder(
                "{\"name\":\"A\",\"window_start\":1000,\"window_end\":2000,\"avg_price\":15.0}",
                "{\"name\":\"B\",\"window_start\":1000,\"window_end\":2000,\"avg_price\":5.0}",
                "{\"name\":\"A\",\"window_start\":2000,\"window_end\":3000,\"avg_price\":1.0}");
    }
}
