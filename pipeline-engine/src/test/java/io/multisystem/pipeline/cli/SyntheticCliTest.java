package io.multisystem.pipeline.cli;

import io.multisystem.core.testing.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

public class SyntheticCliTest {
    public static Path sample(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("height,weight,team\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            double h = 150 + 40 * random.nextDouble();
            csv.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f,%s%n", h, h * 0.45 + 10 * random.nextDouble(),
                    h > 170 ? "blue" : random.nextBoolean() ? "red" : "green"));
        }
        Path file = dir.resolve("sample.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void synthThenQualityThenProfileEndToEnd(@TempDir Path dir) throws Exception {
        Path sample = sample(dir);
        Path out = dir.resolve("synthetic.csv");

        CliHarness.Result synth = CliHarness.run(PipelineEngineCli::commandLine, "synth", "--from", sample.toString(),
                "--rows", "300", "--seed", "3", "--out", out.toString(), "--report");
        CliHarness.Result quality = CliHarness.run(PipelineEngineCli::commandLine, "quality", sample.toString(),
                out.toString(), "--min-score", "0.85", "--output", "json");
        CliHarness.Result profile = CliHarness.run(PipelineEngineCli::commandLine, "profile", out.toString());

        assertThat(synth.exitCode()).as(synth.err()).isZero();
        assertThat(synth.err()).contains("wrote 300 synthetic rows", "overall quality");
        assertThat(Files.readAllLines(out)).hasSize(301).first().isEqualTo("height,weight,team");
        assertThat(quality.exitCode()).as(quality.out()).isZero();
        assertThat(quality.out()).contains("\"overall\"", "\"copiedRows\" : 0");
        assertThat(profile.exitCode()).isZero();
        assertThat(profile.out()).contains("height", "number", "team", "category", "top:");
    }

    @Test
    void qualityBelowTheMinimumExitsWith1(@TempDir Path dir) throws Exception {
        Path real = sample(dir);
        Path other = dir.resolve("other.csv");
        Files.writeString(other, "height,weight,team\n0,0,red\n1,1,red\n");

        CliHarness.Result result = CliHarness.run(PipelineEngineCli::commandLine, "quality", real.toString(),
                other.toString(), "--min-score", "0.9");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("overall quality");
    }

    @Test
    void badInputsExitWith2AndSayWhatToFix(@TempDir Path dir) throws Exception {
        Path sample = sample(dir);

        CliHarness.Result missing = CliHarness.run(PipelineEngineCli::commandLine, "profile",
                dir.resolve("nope.csv").toString());
        CliHarness.Result badModel = CliHarness.run(PipelineEngineCli::commandLine, "synth", "--from",
                sample.toString(), "--rows", "5", "--model", "gan");
        CliHarness.Result badRows = CliHarness.run(PipelineEngineCli::commandLine, "synth", "--from",
                sample.toString(), "--rows", "0");

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.csv");
        assertThat(badModel.exitCode()).isEqualTo(2);
        assertThat(badModel.err()).contains("empirical or kde");
        assertThat(badRows.exitCode()).isEqualTo(2);
        assertThat(badRows.err()).contains("rows must be between 1");
    }

    @Test
    void synthFromRulesWritesOneCsvPerTable(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, io.multisystem.pipeline.synthetic.rules.RuleBasedGeneratorTest.RULES);

        CliHarness.Result result = CliHarness.run(PipelineEngineCli::commandLine, "synth", "--rules",
                rules.toString(), "--out-dir", dir.resolve("out").toString());
        CliHarness.Result both = CliHarness.run(PipelineEngineCli::commandLine, "synth", "--rules",
                rules.toString(), "--from", rules.toString(), "--rows", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("customers: 500 rows", "orders: 3000 rows");
        assertThat(Files.readAllLines(dir.resolve("out/orders.csv"))).hasSize(3001).first()
                .isEqualTo("id,customer,amount");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("either --from");
    }
}
