package io.multisystem.pipeline.validation;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.testing.CliHarness;
import io.multisystem.pipeline.cli.PipelineEngineCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ValidationSuiteTest {
    static final String SUITE = """
            schema:
              type: object
              required: [id, email]
              properties:
                id: {type: integer}
                email: {type: string}
            constraints:
              - {column: id, check: unique}
              - {column: age, check: range, min: 0, max: 120}
              - {column: email, check: pattern, regex: "[^@ ]+@[^@ ]+"}
              - {column: country, check: allowed, values: [FR, DE]}
              - {column: age, check: completeness, min: 0.75}
              - {column: age, check: mean, min: 20, max: 60}
              - {check: size, min: 3}
            """;

    static final String DATA = """
            {"id": 1, "email": "a@x.org", "age": 30, "country": "FR"}
            {"id": 2, "email": "b@x.org", "age": 150, "country": "DE"}
            {"id": 2, "email": "c@x.org", "age": 40, "country": "ES"}
            {"id": "four", "email": "not-an-email"}
            {"id": 5, "email": "e@x.org", "age": 50, "country": "DE"}
            """;

    private static List<JsonNode> records() {
        var mapper = JsonMapper.builder().build();
        return DATA.lines().map(mapper::readTree).toList();
    }

    @Test
    void everyRecordEndsUpValidOrInTheDeadLetterWithItsReasons() {
        List<JsonNode> valid = new ArrayList<>();
        List<ValidationSuite.DeadLetter> dead = new ArrayList<>();

        ValidationSuite.Report report = ValidationSuite.parse(SUITE).run(records(), new ValidationSuite.Outputs() {
            @Override
            public void valid(JsonNode record) {
                valid.add(record);
            }

            @Override
            public void deadLetter(ValidationSuite.DeadLetter letter) {
                dead.add(letter);
            }
        });

        assertThat(report.records()).isEqualTo(5);
        assertThat(report.valid() + report.deadLetters()).isEqualTo(5);
        assertThat(valid).extracting(r -> r.get("id").asInt()).containsExactly(1, 5);
        assertThat(dead).extracting(ValidationSuite.DeadLetter::index).containsExactly(1L, 2L, 3L);
        assertThat(dead.get(0).reasons()).singleElement().asString().startsWith("range(age): 150.0 is outside");
        assertThat(dead.get(1).reasons()).anyMatch(r -> r.startsWith("unique(id)"))
                .anyMatch(r -> r.startsWith("allowed(country)"));
        assertThat(dead.get(2).reasons()).anyMatch(r -> r.startsWith("schema type at /id"))
                .anyMatch(r -> r.startsWith("pattern(email)"));
        assertThat(report.schemaFailures()).isEqualTo(1);
        var byName = new java.util.HashMap<String, ValidationSuite.ConstraintResult>();
        report.constraints().forEach(c -> byName.put(c.constraint(), c));
        assertThat(byName.get("completeness(age)").metric()).isCloseTo(0.8, within(1e-12));
        assertThat(byName.get("completeness(age)").passed()).isTrue();
        assertThat(byName.get("mean(age)").metric()).isCloseTo(67.5, within(1e-9));
        assertThat(byName.get("mean(age)").passed()).isFalse();
        assertThat(byName.get("size()").passed()).isTrue();
        assertThat(byName.get("unique(id)").failedRecords()).isEqualTo(1);
        assertThat(report.passed()).isFalse();
    }

    @Test
    void badSuitesListEveryProblemWithItsPath() {
        assertThatThrownBy(() -> ValidationSuite.parse("""
                constraints:
                  - {column: a, check: nonsense}
                  - {check: range}
                  - {column: b, check: pattern, regex: "("}
                  - {column: c, check: allowed, values: []}
                """)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).violations()).extracting(v -> v.field())
                        .contains("constraints[0].check", "constraints[1].column", "constraints[1]",
                                "constraints[2].regex", "constraints[3].values"));
    }

    @Test
    void theCheckCommandWritesTheDeadLetterAndExitsWith1(@TempDir Path dir) throws Exception {
        Path suite = dir.resolve("suite.yaml");
        Path data = dir.resolve("data.jsonl");
        Path dead = dir.resolve("dead.jsonl");
        Files.writeString(suite, SUITE);
        Files.writeString(data, DATA);

        CliHarness.Result result = CliHarness.run(PipelineEngineCli::commandLine, "check", data.toString(),
                "--suite", suite.toString(), "--dead-letter", dead.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("FAILED: 5 records, 2 valid, 3 to the dead letter", "FAIL mean(age)");
        assertThat(Files.readAllLines(dead)).hasSize(3).first().asString().contains("\"index\":1", "range(age)");
    }
}
