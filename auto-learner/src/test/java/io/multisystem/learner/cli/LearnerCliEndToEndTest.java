package io.multisystem.learner.cli;

import io.multisystem.core.testing.CliHarness;
import io.multisystem.learner.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LearnerCliEndToEndTest {
    @TempDir
    Path dir;

    private CliHarness.Result cli(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dir.resolve("home").toString();
        all[args.length + 2] = "--datasets";
        all[args.length + 3] = TestData.catalog().root().toString();
        return CliHarness.run(AutoLearnerCli::commandLine, all);
    }

    @Test
    void trainThenListEvaluateAndPredictInProcess() throws Exception {
        TestData.require("iris");
        Path plot = dir.resolve("loss.png");

        CliHarness.Result train = cli("train", "--model", "iris-mlp", "--dataset", "iris", "--hidden", "16",
                "--epochs", "30", "--batch-size", "16", "--lr", "0.01", "--plot", plot.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("registered iris-mlp:1").contains("test accuracy");
        assertThat(Files.size(plot)).isGreaterThan(1000);

        CliHarness.Result models = cli("models", "--output", "json");
        assertThat(models.exitCode()).isZero();
        assertThat(models.out()).contains("\"name\" : \"iris-mlp\"");

        CliHarness.Result evaluate = cli("evaluate", "--model", "iris-mlp", "--dataset", "iris");
        assertThat(evaluate.out()).contains("accuracy 0.");

        Path rows = dir.resolve("rows.csv");
        float[] first = TestData.catalog().load("iris").features()[0];
        Files.writeString(rows, first[0] + "," + first[1] + "," + first[2] + "," + first[3] + "\n");
        CliHarness.Result predict = cli("predict", "--model", "iris-mlp", "--input", rows.toString());
        assertThat(predict.exitCode()).isZero();
        assertThat(predict.out()).contains("0    0");
    }

    @Test
    void continualBenchPrintsTheTableAndWritesPlots() throws Exception {
        TestData.require("digits");
        Path plots = dir.resolve("plots");

        CliHarness.Result bench = cli("bench", "continual", "--strategy", "naive,ewc", "--benchmark",
                "rotated-digits", "--tasks", "2", "--epochs", "1", "--plot-dir", plots.toString());

        assertThat(bench.exitCode()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("STRATEGY").contains("naive").contains("ewc");
        assertThat(Files.size(plots.resolve("ewc-matrix.png"))).isGreaterThan(1000);
        assertThat(Files.size(plots.resolve("naive-accuracy.png"))).isGreaterThan(1000);
    }

    @Test
    void unknownModelExitsWithBadInputAndSaysHowToListModels() {
        CliHarness.Result r = cli("models", "ghost");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no model 'ghost'").contains("auto-learner models");
    }

    @Test
    void unknownStrategyIsBadInput() {
        TestData.require("digits");
        CliHarness.Result r = cli("bench", "continual", "--strategy", "magic", "--benchmark", "rotated-digits");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("unknown strategy 'magic'");
    }
}
