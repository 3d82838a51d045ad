package io.multisystem.pipeline.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.synthetic.TableCsv;
import io.multisystem.pipeline.validation.ValidationSuite;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code check DATA --suite SUITE.yaml}: JSON Schema and Deequ-style constraints, with a dead-letter file. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check records (CSV, or JSON Lines for .jsonl/.ndjson) against a suite of a JSON Schema and "
                + "constraints. Failing records go to --dead-letter with their reasons. Exit 1 when a record or a "
                + "constraint fails.")
final class CheckCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Parameters(index = "0", paramLabel = "DATA")
    Path data;

    @Option(names = "--suite", required = true, paramLabel = "SUITE.yaml")
    Path suite;

    @Option(names = "--dead-letter", paramLabel = "FILE.jsonl",
            description = "Where failing records go, one JSON object per line: {index, record, reasons}.")
    Path deadLetter;

    @Option(names = "--valid", paramLabel = "FILE.jsonl", description = "Where passing records go (JSON Lines).")
    Path validOut;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws IOException {
        if (!Files.isReadable(suite)) {
            throw new InvalidInputException(Errors.COMPONENT, "FILE_NOT_READABLE", "cannot read suite " + suite);
        }
        ValidationSuite checks = ValidationSuite.parse(Files.readString(suite, StandardCharsets.UTF_8));
        List<JsonNode> records = read(data);
        try (BufferedWriter dead = deadLetter == null ? null : Files.newBufferedWriter(deadLetter);
             BufferedWriter valid = validOut == null ? null : Files.newBufferedWriter(validOut)) {
            ValidationSuite.Report report = checks.run(records, new ValidationSuite.Outputs() {
                @Override
                public void valid(JsonNode record) {
                    write(valid, record);
                }

                @Override
                public void deadLetter(ValidationSuite.DeadLetter letter) {
                    ObjectNode line = JSON.createObjectNode();
                    line.put("index", letter.index());
                    line.set("record", letter.record());
                    var reasons = line.putArray("reasons");
                    letter.reasons().forEach(reasons::add);
                    write(dead, line);
                }
            });
            common.console().result(report, () -> {
                StringBuilder out = new StringBuilder(String.format("%s: %d records, %d valid, %d to the dead letter"
                                + " (%d failing the schema)%n", report.passed() ? "PASSED" : "FAILED",
                        report.records(), report.valid(), report.deadLetters(), report.schemaFailures()));
                for (ValidationSuite.ConstraintResult c : report.constraints()) {
                    out.append(String.format("  %-4s %-28s metric %.6g%s%n", c.passed() ? "ok" : "FAIL",
                            c.constraint(), c.metric(), c.failedRecords() > 0 ? ", " + c.failedRecords()
                                    + " records failed" : ""));
                }
                return out.toString().stripTrailing();
            });
            return report.passed() ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }
    }

    private static void write(BufferedWriter out, JsonNode node) {
        if (out == null) {
            return;
        }
        try {
            out.write(JSON.writeValueAsString(node));
            out.newLine();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<JsonNode> read(Path data) throws IOException {
        if (!Files.isReadable(data)) {
            throw new InvalidInputException(Errors.COMPONENT, "FILE_NOT_READABLE", "cannot read " + data);
        }
        String name = data.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (!name.endsWith(".jsonl") && !name.endsWith(".ndjson")) {
            return ValidationSuite.records(TableCsv.read(data, Set.of()));
        }
        List<JsonNode> records = new ArrayList<>();
        List<String> lines = Files.readAllLines(data, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                records.add(JSON.readTree(lines.get(i)));
            } catch (JacksonException e) {
                throw new InvalidInputException(Errors.COMPONENT, "JSON_INVALID", data + ":" + (i + 1)
                        + ": not a JSON object: " + e.getOriginalMessage());
            }
        }
        return records;
    }
}
