package io.multisystem.learner.workflow;

import ai.djl.ndarray.NDManager;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.learner.adaptation.AdaptationMethod;
import io.multisystem.learner.adaptation.AdaptationResult;
import io.multisystem.learner.adaptation.DomainAdapter;
import io.multisystem.learner.continual.ContinualResult;
import io.multisystem.learner.continual.ContinualRunner;
import io.multisystem.learner.continual.ContinualStrategy;
import io.multisystem.learner.continual.Strategies;
import io.multisystem.learner.data.Benchmarks;
import io.multisystem.learner.data.DataErrors;
import io.multisystem.learner.data.DatasetCatalog;
import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Evaluator;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.NetworkSpec;
import io.multisystem.learner.engine.TorchRuntime;
import io.multisystem.learner.engine.TrainingHooks;
import io.multisystem.learner.engine.TrainingLoop;
import io.multisystem.learner.engine.TrainingReport;
import io.multisystem.learner.meta.MetaAlgorithm;
import io.multisystem.learner.meta.MetaResult;
import io.multisystem.learner.meta.PrototypicalEpisodes;
import io.multisystem.learner.meta.SinusoidMetaLearner;
import io.multisystem.learner.multitask.TransferLearner;
import io.multisystem.learner.registry.ModelMetadata;
import io.multisystem.learner.registry.ModelRecord;
import io.multisystem.learner.registry.ModelRegistry;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The auto-learner's operations behind the gRPC service and the in-process CLI: train and fine-tune, evaluate,
 * predict, adapt, meta-train, run continual benchmarks, and the model registry.
 *
 * <p>Every operation validates its request before touching the registry, so a rejected request changes no state;
 * a model is registered only after its training finished. Data sets are looked up in the {@link DatasetCatalog};
 * {@code mnist-8x8} is MNIST downsampled to scikit-learn's digit layout. Training is serialised process-wide (see
 * {@link TrainingLoop#GRADIENT_LOCK}). Thread-safe.
 */
public final class Learner implements AutoCloseable {
    private final DatasetCatalog catalog;
    private final ModelRegistry registry;
    private final NDManager manager;

    public Learner(Path dataDir, DatasetCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.registry = new ModelRegistry(dataDir.resolve("models"), clock);
        this.manager = TorchRuntime.newManager(dataDir);
    }

    public ModelRegistry registry() {
        return registry;
    }

    public DatasetCatalog catalog() {
        return catalog;
    }

    /** Loads a data set by name, including the derived {@code mnist-8x8}. */
    public LabeledData dataset(String name, int limit) {
        LabeledData data = "mnist-8x8".equals(name) ? Benchmarks.downsampleTo8x8(catalog.load("mnist"))
                : catalog.load(name);
        return limit > 0 && limit < data.size() ? data.sample(limit, 0) : data;
    }

    /** Trains (or fine-tunes) and registers a model; the test split is 20% of the data, seeded. */
    public Outcomes.Trained train(Requests.Train request, Consumer<TrainingLoop.Progress> progress) {
        TorchRuntime.disableGradModeOnThisThread();
        ModelRecord parentRecord = request.parent().isEmpty() ? null : registry.get(request.parent());
        LabeledData data = dataset(request.dataset(), request.limit());
        List<LabeledData> split = data.split(0.2, request.seed());
        LabeledData train = split.get(0);
        LabeledData test = split.get(1);
        NetworkSpec spec = new NetworkSpec("cnn".equals(request.architecture()) ? NetworkSpec.Kind.CNN
                : NetworkSpec.Kind.MLP, data.channels(), data.height(), data.width(), request.hidden(),
                new int[] {data.classes()});
        try (NDManager run = manager.newSubManager()) {
            Network net;
            TrainingReport[] report = new TrainingReport[1];
            if (parentRecord != null) {
                try (Network parent = registry.load(parentRecord.reference(), run)) {
                    if (parent.spec().inputSize() != data.dimension()) {
                        throw new InvalidInputException(Requests.COMPONENT, DataErrors.SHAPE_MISMATCH, "parent "
                                + parentRecord.reference() + " takes " + parent.spec().inputSize()
                                + " inputs but " + request.dataset() + " has " + data.dimension());
                    }
                    net = new TransferLearner(request.epochs(), request.frozenEpochs(), request.batchSize(),
                            (float) request.learningRate(), request.seed()).fineTune(parent, train, r -> report[0] = r);
                }
            } else {
                net = Network.create(run, spec, request.seed());
                report[0] = new TrainingLoop(request.epochs(), request.batchSize(), request.seed())
                        .train(net, train, 0, Adam.adam((float) request.learningRate()), TrainingHooks.NONE,
                                progress);
            }
            double accuracy = Evaluator.accuracy(net, test, 0);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("test_accuracy", accuracy);
            metrics.put("final_loss", report[0].finalLoss());
            metrics.put("examples_per_second", report[0].examplesPerSecond());
            ModelRecord record = registry.register(request.modelName(), net, new ModelMetadata(
                    blankTo(request.domain(), request.dataset()), blankTo(request.task(), "classification"), metrics,
                    parentRecord == null ? "" : parentRecord.reference(), ModelRegistry.hash(train),
                    parentRecord == null ? "train" : "fine-tune"));
            net.close();
            return new Outcomes.Trained(record, report[0], accuracy);
        }
    }

    /** Accuracy (overall and per class) of a registered model on a data set. */
    public Outcomes.Evaluation evaluate(String model, String dataset, int limit) {
        TorchRuntime.disableGradModeOnThisThread();
        ModelRecord record = registry.get(model);
        LabeledData data = dataset(dataset, limit);
        try (NDManager run = manager.newSubManager(); Network net = registry.load(record.reference(), run)) {
            requireFits(net, data.dimension(), record);
            if (data.classes() > net.spec().heads()[0]) {
                throw new InvalidInputException(Requests.COMPONENT, "LABEL_MISMATCH", dataset + " has "
                        + data.classes() + " classes but model " + record.reference() + " predicts "
                        + net.spec().heads()[0]);
            }
            int[] predicted = Evaluator.predict(net, data.features(), 0);
            int[] correct = new int[data.classes()];
            int[] total = new int[data.classes()];
            int hits = 0;
            for (int i = 0; i < predicted.length; i++) {
                total[data.labels()[i]]++;
                if (predicted[i] == data.labels()[i]) {
                    correct[data.labels()[i]]++;
                    hits++;
                }
            }
            double[] perClass = new double[data.classes()];
            for (int c = 0; c < perClass.length; c++) {
                perClass[c] = total[c] == 0 ? Double.NaN : (double) correct[c] / total[c];
            }
            return new Outcomes.Evaluation(record.reference(), dataset, data.size(), (double) hits / data.size(),
                    perClass);
        }
    }

    /** Predictions of a registered model for raw feature rows (same scaling as its training data). */
    public List<Outcomes.Prediction> predict(String model, float[][] rows) {
        TorchRuntime.disableGradModeOnThisThread();
        ModelRecord record = registry.get(model);
        if (rows.length == 0) {
            throw new InvalidInputException(Requests.COMPONENT, "NO_ROWS", "give at least one feature row to predict");
        }
        try (NDManager run = manager.newSubManager(); Network net = registry.load(record.reference(), run)) {
            for (int i = 0; i < rows.length; i++) {
                if (rows[i].length != net.spec().inputSize()) {
                    throw new InvalidInputException(Requests.COMPONENT, DataErrors.SHAPE_MISMATCH, "row " + i
                            + " has " + rows[i].length + " values but model " + record.reference() + " takes "
                            + net.spec().inputSize());
                }
                for (float v : rows[i]) {
                    if (!Float.isFinite(v)) {
                        throw new InvalidInputException(Requests.COMPONENT, "NOT_FINITE", "row " + i
                                + " contains NaN or infinity");
                    }
                }
            }
            float[][] probs = Evaluator.probabilities(net, rows, 0);
            List<Outcomes.Prediction> out = new ArrayList<>();
            for (float[] p : probs) {
                int best = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[best]) {
                        best = c;
                    }
                }
                out.add(new Outcomes.Prediction(best, p));
            }
            return out;
        }
    }

    /** Runs a continual-learning benchmark; optionally registers the final model. */
    public ContinualResult continual(Requests.Continual request, Consumer<String> events) {
        TorchRuntime.disableGradModeOnThisThread();
        Benchmarks.Kind kind = Benchmarks.parse(request.benchmark());
        Strategies.StrategyOptions options = Strategies.StrategyOptions.defaults().withMemory(request.memory())
                .withEwcLambda(request.ewcLambda());
        if (!Strategies.NAMES.contains(request.strategy())) {
            Strategies.create(request.strategy(), options, request.seed()); // throws UNKNOWN_STRATEGY
        }
        if (request.modelName() != null && !request.modelName().isBlank()) {
            registryNameCheck(request.modelName());
        }
        LabeledData base = dataset(kind == Benchmarks.Kind.ROTATED_DIGITS ? "digits" : "mnist", request.limit());
        List<Benchmarks.Task> stream = Benchmarks.build(kind, base, request.tasks(), 0.2, request.seed());
        int[] heads = kind == Benchmarks.Kind.SPLIT_MNIST_TASK
                ? stream.stream().mapToInt(t -> 2).toArray() : new int[] {base.classes()};
        NetworkSpec spec = new NetworkSpec(NetworkSpec.Kind.MLP, 1, 1, base.dimension(), new int[] {256, 256}, heads);
        try (NDManager run = manager.newSubManager(); Network net = Network.create(run, spec, request.seed());
             ContinualStrategy strategy = Strategies.create(request.strategy(), options, request.seed())) {
            ContinualResult result = new ContinualRunner(new TrainingLoop(request.epochs(), 64, request.seed()), 1e-3f)
                    .run(request.benchmark(), stream, net, strategy, events);
            if (request.modelName() != null && !request.modelName().isBlank()) {
                Map<String, Double> metrics = new LinkedHashMap<>();
                metrics.put("average_accuracy", result.metrics().averageAccuracy());
                metrics.put("backward_transfer", result.metrics().backwardTransfer());
                metrics.put("forward_transfer", result.metrics().forwardTransfer());
                metrics.put("forgetting", result.metrics().forgetting());
                ModelRecord record = registry.register(request.modelName(), net, new ModelMetadata(request.benchmark(),
                        "continual", metrics, "", ModelRegistry.hash(base), request.strategy()));
                return new ContinualResult(result.strategy(), result.benchmark(), result.tasks(), result.accuracy(),
                        result.baseline(), result.metrics(), result.reports(), result.seconds(), record);
            }
            return result;
        }
    }

    private static void registryNameCheck(String name) {
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new InvalidInputException(ModelRegistry.COMPONENT, "INVALID_MODEL_NAME", "model name '" + name
                    + "' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** Domain adaptation: trains source-only on {@code source}, adapts to {@code target} (50% unlabelled / 50% test). */
    public AdaptationResult adapt(Requests.Adapt request) {
        TorchRuntime.disableGradModeOnThisThread();
        AdaptationMethod method = AdaptationMethod.parse(request.method());
        LabeledData source = dataset(request.source(), 0);
        LabeledData target = dataset(request.target(), 0);
        if (source.dimension() != target.dimension()) {
            throw new InvalidInputException(Requests.COMPONENT, DataErrors.SHAPE_MISMATCH, "source "
                    + request.source() + " has " + source.dimension() + " features but target " + request.target()
                    + " has " + target.dimension());
        }
        List<LabeledData> s = source.split(0.2, request.seed());
        List<LabeledData> t = target.split(0.5, request.seed());
        DomainAdapter adapter = new DomainAdapter(request.epochs(), 64, 1e-3f, request.seed());
        NetworkSpec spec = new NetworkSpec(NetworkSpec.Kind.MLP, source.channels(), source.height(), source.width(),
                new int[] {128, 64}, new int[] {source.classes()});
        try (NDManager run = manager.newSubManager();
             Network sourceOnly = adapter.trainSourceOnly(run, spec, s.get(0))) {
            return adapter.adapt(method, sourceOnly, s.get(0), s.get(1), t.get(0), t.get(1), request.shots());
        }
    }

    /** Meta-learning: sinusoid regression (fomaml, reptile) or Fashion-MNIST episodes (protonet). */
    public MetaResult metaTrain(Requests.Meta request) {
        TorchRuntime.disableGradModeOnThisThread();
        MetaAlgorithm algorithm = MetaAlgorithm.parse(request.algorithm());
        try (NDManager run = manager.newSubManager()) {
            if (algorithm == MetaAlgorithm.PROTOTYPICAL) {
                LabeledData fashion = dataset("fashion-mnist", 20000);
                return new PrototypicalEpisodes(Math.min(request.ways(), 4), request.shots(), 10, request.seed())
                        .run(run, fashion, new int[] {0, 1, 2, 3, 4, 5}, new int[] {6, 7, 8, 9},
                                request.iterations(), 100);
            }
            // FOMAML: 10 inner SGD steps at 0.01, Adam 3e-3 on the meta-gradient; Reptile: 10 inner steps at 0.02,
            // outer step 0.5. Both with 10 tasks per meta-batch (benchmarks/results/auto-learner.md).
            boolean reptile = algorithm == MetaAlgorithm.REPTILE;
            return new SinusoidMetaLearner(algorithm, request.shots(), 10, reptile ? 0.02f : 0.01f,
                    reptile ? 0.5f : 3e-3f, 10, request.seed())
                    .run(run, request.iterations(), 100, 10);
        }
    }

    public List<ModelRecord> models() {
        return registry.list();
    }

    public ModelRecord model(String reference) {
        return registry.get(reference);
    }

    private static void requireFits(Network net, int dimension, ModelRecord record) {
        if (net.spec().inputSize() != dimension) {
            throw new InvalidInputException(Requests.COMPONENT, DataErrors.SHAPE_MISMATCH, "model "
                    + record.reference() + " takes " + net.spec().inputSize() + " inputs but the data has "
                    + dimension);
        }
    }

    private static String blankTo(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() {
        manager.close();
    }
}
