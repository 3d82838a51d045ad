package io.multisystem.pipeline.cli;

import io.multisystem.core.testing.CliHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

public class PipelineCliTest {
    public static final String PIPELINE = """
            name: per-customer
            sources:
              orders: {type: csv, path: orders.csv, schema: {customer: string, amount: double}}
            transforms:
              - {type: filter, expr: "amount > 0"}
              - {type: keyBy, field: customer}
              - {type: aggregate, aggregations: [count as n, "sum:amount as total"]}
            sink: {type: csv, path: out.csv}
            """;

    /** Writes the pipeline and its input into {@code dir}; returns the pipeline file. */
    public static Path pipeline(Path dir) throws Exception {
        Files.writeString(dir.resolve("orders.csv"), "customer,amount\nada,2.5\nbob,1\nada,4\nbob,-3\n");
        Path p = dir.resolve("p.yaml");
        Files.writeString(p, PIPELINE);
        return p;
    }

    @Test
    void validateThenRunEndToEnd(@TempDir Path dir) throws Exception {
        Path p = pipeline(dir);

        CliHarness.Result validate = CliHarness.run(PipelineEngineCli::commandLine, "validate", p.toString());
        CliHarness.Result run = CliHarness.run(PipelineEngineCli::commandLine, "run", p.toString(), "--output",
                "json");

        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.out()).contains("is valid", "transforms[2]", "aggregate", "total=DOUBLE");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"state\" : \"SUCCEEDED\"", "\"recordsRead\" : 4", "\"recordsWritten\" : 2");
        assertThat(run.err()).contains("per-customer SUCCEEDED: 4 records read, 2 written");
        assertThat(Files.readAllLines(dir.resolve("out.csv"))).containsExactlyInAnyOrder("customer,n,total",
                "ada,2,6.5", "bob,1,1.0");
    }

    @Test
    void invalidDefinitionsExitWith2AndListEveryProblemWithItsPath(@TempDir Path dir) throws Exception {
        Path p = pipeline(dir);
        Files.writeString(p, PIPELINE.replace("amount > 0", "amount > 'x'").replace("sum:amount", "sum:amt"));

        CliHarness.Result validate = CliHarness.run(PipelineEngineCli::commandLine, "validate", p.toString());
        CliHarness.Result run = CliHarness.run(PipelineEngineCli::commandLine, "run", p.toString());
        CliHarness.Result missing = CliHarness.run(PipelineEngineCli::commandLine, "run",
                dir.resolve("nope.yaml").toString());

        assertThat(validate.exitCode()).isEqualTo(2);
        assertThat(validate.err()).contains("transforms[0].expr: column 8: cannot compare DOUBLE with STRING");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("transforms[0].expr");
        assertThat(Files.exists(dir.resolve("out.csv"))).isFalse();
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.yaml");
    }

    @Test
    void runsASocketStreamWithALookupJoinAndReportsAnUnreachableSocket(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("names.csv"), "id,name\n1,one\n2,two\n");
        Path p = dir.resolve("socket.yaml");
        try (java.net.ServerSocket server = new java.net.ServerSocket(0)) {
            Files.writeString(p, """
                    name: socket-enrich
                    mode: streaming
                    sources:
                      feed: {type: socket, host: 127.0.0.1, port: %d, schema: {id: long}, idleTimeout: 20s}
                      names: {type: csv, path: names.csv, schema: {id: long, name: string}}
                    input: feed
                    transforms:
                      - {type: lookupJoin, with: names, key: id, onMiss: deadLetter,
                         deadLetter: {type: jsonl, path: unknown.jsonl}}
                    sink: {type: csv, path: named.csv}
                    """.formatted(server.getLocalPort()));
            java.util.concurrent.CompletableFuture<Void> feed = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (java.net.Socket c = server.accept()) {
                    c.getOutputStream().write("{\"id\": 2}\n{\"id\": 3}\n{\"id\": 1}\n"
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            CliHarness.Result run = CliHarness.run(PipelineEngineCli::commandLine, "run", p.toString());
            feed.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("socket-enrich SUCCEEDED: 2 records read, 2 written");
        }
        assertThat(Files.readAllLines(dir.resolve("named.csv"))).containsExactly("id,names_id,name", "2,2,two",
                "1,1,one");
        assertThat(Files.readString(dir.resolve("unknown.jsonl"))).contains("no row in lookup table 'names'");

        // the port is closed now: nothing listens
        CliHarness.Result refused = CliHarness.run(PipelineEngineCli::commandLine, "run", p.toString());
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("SOCKET_UNAVAILABLE", "start the server or fix host and port");
    }

    @Test
    void badDataAtRunTimeExitsWith2NamingTheLine(@TempDir Path dir) throws Exception {
        Path p = pipeline(dir);
        Files.writeString(dir.resolve("orders.csv"), "customer,amount\nada,2.5\nbob,lots\n");

        CliHarness.Result run = CliHarness.run(PipelineEngineCli::commandLine, "run", p.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("orders.csv:3", "amount");
    }

    @Test
    void runReportsProgressOnStderrWhileItWorks(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("nexmark.yaml");
        Files.writeString(p, """
                sources:
                  bids: {type: nexmark, kind: bid, events: 400000, seed: 3}
                transforms:
                  - {type: filter, expr: "auction % 7 = 0"}
                sink: {type: jsonl, path: out.jsonl}
                """);

        CliHarness.Result run = CliHarness.run(PipelineEngineCli::commandLine, "run", p.toString(),
                "--progress-interval", "10");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("progress: ", "records read in", "SUCCEEDED: 368000 records read");
    }
}
