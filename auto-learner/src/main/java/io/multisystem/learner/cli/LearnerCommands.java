package io.multisystem.learner.cli;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.Console;
import io.multisystem.core.cli.Progress;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.learner.plot.Plots;
import io.multisystem.learner.v1.AdaptRequest;
import io.multisystem.learner.v1.AdaptResponse;
import io.multisystem.learner.v1.ContinualRequest;
import io.multisystem.learner.v1.ContinualResponse;
import io.multisystem.learner.v1.EvaluateRequest;
import io.multisystem.learner.v1.EvaluateResponse;
import io.multisystem.learner.v1.FeatureRow;
import io.multisystem.learner.v1.GetModelRequest;
import io.multisystem.learner.v1.ListModelsRequest;
import io.multisystem.learner.v1.ListModelsResponse;
import io.multisystem.learner.v1.MetaTrainRequest;
import io.multisystem.learner.v1.MetaTrainResponse;
import io.multisystem.learner.v1.Model;
import io.multisystem.learner.v1.PredictRequest;
import io.multisystem.learner.v1.PredictResponse;
import io.multisystem.learner.v1.TrainProgress;
import io.multisystem.learner.v1.TrainRequest;
import io.multisystem.learner.v1.TrainResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The domain verbs of {@code auto-learner}: train, evaluate, predict, models, adapt, meta, bench continual. */
final class LearnerCommands {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LearnerCommands() {
    }

    /** Options every domain verb shares: output/server options and where the in-process learner keeps its data. */
    static class Base {
        @Mixin
        CommonOptions common;

        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "In-process data directory (models, DJL cache); default $MULTISYSTEM_HOME/auto-learner.")
        Path dataDir;

        @Option(names = "--datasets", paramLabel = "DIR",
                description = "Fetched data sets (default $MULTISYSTEM_DATASETS or the nearest .datasets).")
        Path datasets;

        LearnerBackend backend() {
            return LearnerBackend.open(common, dataDir, datasets);
        }

        /** Prints a proto message: its proto3 JSON in json mode, else the text. */
        void print(MessageOrBuilder message, String text) {
            Console console = common.console();
            try {
                Object tree = JSON.readTree(JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(message));
                console.result(tree, () -> text);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train a model on a data set (or fine-tune --parent) and register it.")
    static final class Train extends Base implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Registry name of the new model.")
        String model;
        @Option(names = "--dataset", required = true,
                description = "mnist, fashion-mnist, digits, mnist-8x8, iris, wine, breast-cancer.")
        String dataset;
        @Option(names = "--arch", defaultValue = "mlp", description = "mlp or cnn (default ${DEFAULT-VALUE}).")
        String architecture;
        @Option(names = "--hidden", split = ",", description = "Hidden widths (mlp) or conv1,conv2,dense (cnn).")
        int[] hidden;
        @Option(names = "--epochs", defaultValue = "3")
        int epochs;
        @Option(names = "--batch-size", defaultValue = "64")
        int batchSize;
        @Option(names = "--lr", defaultValue = "0.001")
        double learningRate;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--parent", description = "Registered model to fine-tune from (name or name:version).")
        String parent;
        @Option(names = "--frozen-epochs", defaultValue = "0", description = "Epochs with the parent's trunk frozen.")
        int frozenEpochs;
        @Option(names = "--limit", defaultValue = "0", description = "Use at most this many examples (0 = all).")
        int limit;
        @Option(names = "--plot", paramLabel = "PNG", description = "Write the loss curve to this PNG file.")
        Path plot;

        @Override
        public Integer call() {
            TrainRequest.Builder request = TrainRequest.newBuilder().setModelName(model).setDataset(dataset)
                    .setArchitecture(architecture).setEpochs(epochs).setBatchSize(batchSize)
                    .setLearningRate(learningRate).setSeed(seed).setFrozenEpochs(frozenEpochs).setLimit(limit);
            if (hidden != null) {
                for (int h : hidden) {
                    request.addHidden(h);
                }
            }
            if (parent != null) {
                request.setParent(parent);
            }
            TrainResult[] result = new TrainResult[1];
            List<Double> losses = new ArrayList<>();
            try (LearnerBackend backend = backend(); Progress progress = common.console().progress("train", 100)) {
                long[] shown = {0};
                backend.stream(request.build(), backend.local() == null ? null : backend.local()::train,
                        (stub, q) -> stub.train(q), (TrainProgress p) -> {
                            if (p.hasResult()) {
                                result[0] = p.getResult();
                                return;
                            }
                            losses.add(p.getLoss());
                            long pct = p.getTotalSteps() == 0 ? 0 : 100L * p.getStep() / p.getTotalSteps();
                            progress.step(pct - shown[0]);
                            shown[0] = pct;
                            progress.message(String.format("loss %.4f", p.getLoss()));
                        });
            }
            TrainResult r = result[0];
            if (plot != null) {
                Plots.lossCurves(plot, "training loss of " + model, Map.of("loss (every 10 steps)", losses));
            }
            Model m = r.getModel();
            print(r, String.format("registered %s:%d (%s, %d parameters)%ntest accuracy %.4f, %.0f examples/s, "
                            + "epoch losses %s%s", m.getName(), m.getVersion(), m.getArchitecture(), m.getParameters(),
                    r.getTestAccuracy(), r.getExamplesPerSecond(), format(r.getEpochLossesList()),
                    r.getDiverged() ? "\nDIVERGED: " + r.getDivergence() : ""));
            return r.getDiverged() ? 1 : 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Accuracy of a model on a data set.")
    static final class Evaluate extends Base implements Callable<Integer> {
        @Option(names = "--model", required = true)
        String model;
        @Option(names = "--dataset", required = true)
        String dataset;
        @Option(names = "--limit", defaultValue = "0")
        int limit;

        @Override
        public Integer call() {
            try (LearnerBackend backend = backend()) {
                EvaluateResponse r = backend.call(EvaluateRequest.newBuilder().setModel(model).setDataset(dataset)
                        .setLimit(limit).build(), backend.local() == null ? null : backend.local()::evaluate,
                        (stub, q) -> stub.evaluate(q));
                print(r, String.format("%s on %s (%d examples): accuracy %.4f%nper class %s", r.getModel(),
                        r.getDataset(), r.getExamples(), r.getAccuracy(), format(r.getPerClassAccuracyList())));
                return 0;
            }
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Predict classes for feature rows from a CSV file (one row per line, comma-separated).")
    static final class Predict extends Base implements Callable<Integer> {
        @Option(names = "--model", required = true)
        String model;
        @Option(names = "--input", required = true, paramLabel = "CSV")
        Path input;

        @Override
        public Integer call() {
            PredictRequest.Builder request = PredictRequest.newBuilder().setModel(model);
            List<String> lines;
            try {
                lines = Files.readAllLines(input, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidInputException("auto-learner.cli", "INPUT_UNREADABLE",
                        "cannot read --input " + input + ": " + e.getMessage());
            }
            int lineNo = 0;
            for (String line : lines) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                FeatureRow.Builder row = FeatureRow.newBuilder();
                for (String cell : line.split(",")) {
                    try {
                        row.addValues(Float.parseFloat(cell.trim()));
                    } catch (NumberFormatException e) {
                        throw new InvalidInputException("auto-learner.cli", "MALFORMED_INPUT",
                                input + " line " + lineNo + ": '" + cell.trim() + "' is not a number");
                    }
                }
                request.addRows(row);
            }
            try (LearnerBackend backend = backend()) {
                PredictResponse r = backend.call(request.build(),
                        backend.local() == null ? null : backend.local()::predict, (stub, q) -> stub.predict(q));
                StringBuilder text = new StringBuilder("row  label  confidence");
                for (int i = 0; i < r.getPredictionsCount(); i++) {
                    var p = r.getPredictions(i);
                    text.append(String.format("%n%-4d %-6d %.4f", i, p.getLabel(), p.getProbabilities(p.getLabel())));
                }
                print(r, text.toString());
                return 0;
            }
        }
    }

    @Command(name = "models", mixinStandardHelpOptions = true,
            description = "List registered models, or show one (name = latest version, or name:version).")
    static final class Models extends Base implements Callable<Integer> {
        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "MODEL")
        String model;

        @Override
        public Integer call() {
            try (LearnerBackend backend = backend()) {
                if (model != null) {
                    Model m = backend.call(GetModelRequest.newBuilder().setModel(model).build(),
                            backend.local() == null ? null : backend.local()::getModel, (stub, q) -> stub.getModel(q));
                    print(m, String.format("%s:%d  %s  %d parameters%ndomain %s, task %s, method %s, parent %s%n"
                                    + "training data sha256 %s%nmetrics %s", m.getName(), m.getVersion(),
                            m.getArchitecture(), m.getParameters(), m.getDomain(), m.getTask(), m.getMethod(),
                            m.getParent().isEmpty() ? "-" : m.getParent(), m.getTrainingDataHash(),
                            new java.util.TreeMap<>(m.getMetricsMap())));
                    return 0;
                }
                ListModelsResponse r = backend.call(ListModelsRequest.getDefaultInstance(),
                        backend.local() == null ? null : backend.local()::listModels, (stub, q) -> stub.listModels(q));
                StringBuilder text = new StringBuilder(String.format("%-24s %-8s %-14s %-12s %s", "MODEL", "VERSION",
                        "METHOD", "PARENT", "ACCURACY"));
                for (Model m : r.getModelsList()) {
                    Double acc = m.getMetricsMap().getOrDefault("test_accuracy",
                            m.getMetricsMap().get("average_accuracy"));
                    text.append(String.format("%n%-24s %-8d %-14s %-12s %s", m.getName(), m.getVersion(),
                            m.getMethod(), m.getParent().isEmpty() ? "-" : m.getParent(),
                            acc == null ? "-" : String.format("%.4f", acc)));
                }
                print(r, text.toString());
                return 0;
            }
        }
    }

    @Command(name = "adapt", mixinStandardHelpOptions = true,
            description = "Domain adaptation (default MNIST downsampled to 8x8 -> scikit-learn digits).")
    static final class Adapt extends Base implements Callable<Integer> {
        @Option(names = "--method", defaultValue = "dann",
                description = "source-only, finetune-head, dann, coral (default ${DEFAULT-VALUE}).")
        String method;
        @Option(names = "--source", defaultValue = "mnist-8x8")
        String source;
        @Option(names = "--target", defaultValue = "digits")
        String target;
        @Option(names = "--epochs", defaultValue = "5")
        int epochs;
        @Option(names = "--shots", defaultValue = "5", description = "Labelled target examples per class (finetune-head).")
        int shots;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--plot", paramLabel = "PNG", description = "Write the adaptation loss curve to this PNG.")
        Path plot;

        @Override
        public Integer call() {
            try (LearnerBackend backend = backend()) {
                AdaptResponse r = backend.call(AdaptRequest.newBuilder().setMethod(method).setSource(source)
                        .setTarget(target).setEpochs(epochs).setShots(shots).setSeed(seed).build(),
                        backend.local() == null ? null : backend.local()::adapt, (stub, q) -> stub.adapt(q));
                if (plot != null) {
                    Plots.lossCurves(plot, method + " adaptation loss", Map.of("loss per epoch", r.getLossesList()));
                }
                print(r, String.format("%-14s %-12s %-18s %-14s %s%n%-14s %-12.4f %-18.4f %-14.4f %+.4f",
                        "METHOD", "SOURCE ACC", "TARGET SOURCE-ONLY", "TARGET ADAPTED", "GAIN", r.getMethod(),
                        r.getSourceAccuracy(), r.getTargetSourceOnlyAccuracy(), r.getTargetAdaptedAccuracy(),
                        r.getTargetAdaptedAccuracy() - r.getTargetSourceOnlyAccuracy()));
                return 0;
            }
        }
    }

    @Command(name = "meta", mixinStandardHelpOptions = true,
            description = "Meta-learning: fomaml/reptile on sinusoid regression, protonet on Fashion-MNIST episodes.")
    static final class Meta extends Base implements Callable<Integer> {
        @Option(names = "--algorithm", defaultValue = "fomaml")
        String algorithm;
        @Option(names = "--shots", defaultValue = "10")
        int shots;
        @Option(names = "--iterations", defaultValue = "1000")
        int iterations;
        @Option(names = "--ways", defaultValue = "4")
        int ways;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--plot", paramLabel = "PNG", description = "Write the meta-training curve to this PNG.")
        Path plot;

        @Override
        public Integer call() {
            try (LearnerBackend backend = backend()) {
                MetaTrainResponse r = backend.call(MetaTrainRequest.newBuilder().setAlgorithm(algorithm)
                        .setShots(shots).setIterations(iterations).setWays(ways).setSeed(seed).build(),
                        backend.local() == null ? null : backend.local()::metaTrain, (stub, q) -> stub.metaTrain(q));
                if (plot != null) {
                    Plots.lossCurves(plot, r.getAlgorithm() + " meta-training", Map.of("query loss",
                            r.getTrainingCurveList()));
                }
                print(r, String.format("%s, %d-shot, %d iterations: %s meta-learnt %.4f vs baseline %.4f (%.1f s)",
                        r.getAlgorithm(), r.getShots(), r.getIterations(), r.getMeasure(), r.getMetaLearnt(),
                        r.getBaseline(), r.getSeconds()));
                return 0;
            }
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
            subcommands = {ContinualBench.class, ThroughputBench.class})
    static final class Bench implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "name a benchmark: bench continual");
        }
    }

    @Command(name = "continual", mixinStandardHelpOptions = true,
            description = "Continual-learning strategies on a task stream, with accuracy matrix and metrics.")
    static final class ContinualBench extends Base implements Callable<Integer> {
        @Option(names = "--strategy", split = ",", defaultValue = "naive",
                description = "naive, ewc, lwf, replay, agem; several comma-separated give one table.")
        List<String> strategies;
        @Option(names = "--benchmark", defaultValue = "permuted-mnist",
                description = "permuted-mnist, split-mnist (class-incremental), split-mnist-task, rotated-digits.")
        String benchmark;
        @Option(names = "--tasks", defaultValue = "5")
        int tasks;
        @Option(names = "--epochs", defaultValue = "2")
        int epochs;
        @Option(names = "--limit", defaultValue = "0", description = "Examples of the base data set (0 = all).")
        int limit;
        @Option(names = "--memory", defaultValue = "1000", description = "Replay / A-GEM memory size.")
        int memory;
        @Option(names = "--seed", defaultValue = "42")
        long seed;
        @Option(names = "--model", description = "Register the final model of the (last) strategy under this name.")
        String model;
        @Option(names = "--plot-dir", paramLabel = "DIR",
                description = "Write <strategy>-matrix.png and <strategy>-accuracy.png heat map and curves here.")
        Path plotDir;

        @Override
        public Integer call() {
            List<ContinualResponse> results = new ArrayList<>();
            try (LearnerBackend backend = backend(); Progress progress = common.console().progress("continual",
                    strategies.size())) {
                for (String strategy : strategies) {
                    ContinualRequest.Builder request = ContinualRequest.newBuilder().setStrategy(strategy)
                            .setBenchmark(benchmark).setTasks(tasks).setEpochs(epochs).setLimit(limit)
                            .setMemory(memory).setSeed(seed);
                    if (model != null) {
                        request.setModelName(model);
                    }
                    ContinualResponse r = backend.call(request.build(),
                            backend.local() == null ? null : backend.local()::runContinual,
                            (stub, q) -> stub.runContinual(q));
                    results.add(r);
                    progress.step(1);
                    progress.message(strategy + String.format(" %.3f", r.getAverageAccuracy()));
                    if (plotDir != null) {
                        double[][] m = r.getAccuracyList().stream()
                                .map(row -> row.getValuesList().stream().mapToDouble(Double::doubleValue).toArray())
                                .toArray(double[][]::new);
                        Plots.accuracyMatrix(plotDir.resolve(strategy + "-matrix.png"), strategy + " on " + benchmark, m);
                        Plots.accuracyOverTime(plotDir.resolve(strategy + "-accuracy.png"),
                                strategy + " on " + benchmark + ": accuracy per task", m);
                    }
                }
            }
            StringBuilder text = new StringBuilder(String.format("%s, %d tasks, %d epoch(s) per task%n%-8s %8s %8s %8s %10s %8s",
                    benchmark, tasks, epochs, "STRATEGY", "AVG ACC", "BWT", "FWT", "FORGETTING", "SECONDS"));
            List<Object> json = new ArrayList<>();
            for (ContinualResponse r : results) {
                text.append(String.format("%n%-8s %8.4f %8.4f %8.4f %10.4f %8.1f", r.getStrategy(),
                        r.getAverageAccuracy(), r.getBackwardTransfer(), r.getForwardTransfer(), r.getForgetting(),
                        r.getSeconds()));
                try {
                    json.add(JSON.readTree(JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(r)));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (results.size() == 1) {
                ContinualResponse r = results.get(0);
                text.append("\naccuracy matrix (row i: after task i):");
                r.getAccuracyList().forEach(row -> text.append("\n  ").append(format(row.getValuesList())));
            }
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("results", json);
            common.console().result(document, text::toString);
            return 0;
        }
    }

    @Command(name = "throughput", mixinStandardHelpOptions = true,
            description = "Training throughput of our loop vs a bare DJL Trainer loop, same MLP and data, in-process.")
    static final class ThroughputBench extends Base implements Callable<Integer> {
        @Option(names = "--dataset", defaultValue = "mnist")
        String dataset;
        @Option(names = "--limit", defaultValue = "8000")
        int limit;
        @Option(names = "--batch-size", defaultValue = "64")
        int batchSize;
        @Option(names = "--rounds", defaultValue = "5")
        int rounds;

        @Override
        public Integer call() {
            Path home = dataDir != null ? dataDir : LearnerBackend.defaultDataDir();
            Path data = datasets != null ? datasets
                    : io.multisystem.learner.data.DatasetCatalog.defaultRoot(Path.of("").toAbsolutePath());
            try (io.multisystem.learner.workflow.Learner learner = new io.multisystem.learner.workflow.Learner(home,
                    new io.multisystem.learner.data.DatasetCatalog(data), java.time.Clock.systemUTC());
                 ai.djl.ndarray.NDManager manager = io.multisystem.learner.engine.TorchRuntime.newManager(home)) {
                var set = learner.dataset(dataset, limit);
                var r = io.multisystem.learner.engine.ThroughputBenchmark.run(manager, set, new int[] {256, 128},
                        batchSize, rounds);
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("dataset", dataset);
                doc.put("examples", r.examples());
                doc.put("batchSize", batchSize);
                doc.put("rounds", r.rounds());
                doc.put("oursExamplesPerSecond", r.oursPerSecond());
                doc.put("bareDjlExamplesPerSecond", r.bareDjlPerSecond());
                doc.put("overhead", r.overhead());
                common.console().result(doc, () -> String.format("%d examples of %s, batch %d, median of %d rounds%n"
                                + "ours      %10.0f examples/s%nbare DJL  %10.0f examples/s%noverhead  %+9.1f %%",
                        r.examples(), dataset, batchSize, r.rounds(), r.oursPerSecond(), r.bareDjlPerSecond(),
                        100 * r.overhead()));
                return 0;
            }
        }
    }

    static String format(List<Double> values) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(String.format("%.4f", values.get(i)));
        }
        return b.append(']').toString();
    }
}
