package io.multisystem.learner.workflow;

import io.multisystem.core.error.Validation;

/** The validated inputs of the {@link Learner}'s operations. Zero/empty fields take the documented defaults. */
public final class Requests {
    static final String COMPONENT = "auto-learner";

    private Requests() {
    }

    /** Train a model (from scratch, or fine-tuning {@code parent}). */
    public record Train(String modelName, String dataset, String architecture, int[] hidden, int epochs,
                        int batchSize, double learningRate, long seed, String parent, int frozenEpochs, int limit,
                        String domain, String task) {
        public Train {
            architecture = architecture == null || architecture.isBlank() ? "mlp" : architecture;
            hidden = hidden == null || hidden.length == 0
                    ? ("cnn".equals(architecture) ? new int[] {16, 32, 128} : new int[] {256, 128}) : hidden;
            epochs = epochs == 0 ? 3 : epochs;
            batchSize = batchSize == 0 ? 64 : batchSize;
            learningRate = learningRate == 0 ? 1e-3 : learningRate;
            parent = parent == null ? "" : parent;
            Validation.of(COMPONENT)
                    .require(modelName != null && !modelName.isBlank(), "model_name", "is required")
                    .require(dataset != null && !dataset.isBlank(), "dataset", "is required")
                    .require("mlp".equals(architecture) || "cnn".equals(architecture), "architecture",
                            "must be mlp or cnn")
                    .require(epochs > 0 && epochs <= 1000, "epochs", "must be between 1 and 1000")
                    .require(batchSize > 0 && batchSize <= 65536, "batch_size", "must be between 1 and 65536")
                    .require(learningRate > 0 && Double.isFinite(learningRate), "learning_rate", "must be positive")
                    .require(frozenEpochs >= 0 && frozenEpochs <= epochs, "frozen_epochs",
                            "must be between 0 and epochs")
                    .require(limit >= 0, "limit", "must not be negative")
                    .throwIfInvalid();
        }
    }

    /** Continual-learning benchmark run. */
    public record Continual(String strategy, String benchmark, int tasks, int epochs, long seed, int limit,
                            int memory, float ewcLambda, String modelName) {
        public Continual {
            tasks = tasks == 0 ? 5 : tasks;
            epochs = epochs == 0 ? 1 : epochs;
            memory = memory == 0 ? 1000 : memory;
            ewcLambda = ewcLambda == 0 ? 5000f : ewcLambda;
            Validation.of(COMPONENT)
                    .require(strategy != null && !strategy.isBlank(), "strategy", "is required")
                    .require(benchmark != null && !benchmark.isBlank(), "benchmark", "is required")
                    .require(tasks >= 2 && tasks <= 20, "tasks", "must be between 2 and 20")
                    .require(epochs > 0 && epochs <= 100, "epochs", "must be between 1 and 100")
                    .require(limit >= 0, "limit", "must not be negative")
                    .require(memory > 0, "memory", "must be positive")
                    .throwIfInvalid();
        }
    }

    /** Domain adaptation run. */
    public record Adapt(String method, String source, String target, int epochs, long seed, int shots) {
        public Adapt {
            source = source == null || source.isBlank() ? "mnist-8x8" : source;
            target = target == null || target.isBlank() ? "digits" : target;
            epochs = epochs == 0 ? 5 : epochs;
            shots = shots == 0 ? 5 : shots;
            Validation.of(COMPONENT)
                    .require(method != null && !method.isBlank(), "method", "is required")
                    .require(epochs > 0 && epochs <= 200, "epochs", "must be between 1 and 200")
                    .require(shots > 0, "shots", "must be positive")
                    .throwIfInvalid();
        }
    }

    /** Meta-learning run. */
    public record Meta(String algorithm, int shots, int iterations, long seed, int ways) {
        public Meta {
            shots = shots == 0 ? 10 : shots;
            iterations = iterations == 0 ? 1000 : iterations;
            ways = ways == 0 ? 5 : ways;
            Validation.of(COMPONENT)
                    .require(algorithm != null && !algorithm.isBlank(), "algorithm", "is required")
                    .require(shots > 0 && shots <= 100, "shots", "must be between 1 and 100")
                    .require(iterations > 0 && iterations <= 100000, "iterations", "must be between 1 and 100000")
                    .require(ways >= 2 && ways <= 10, "ways", "must be between 2 and 10")
                    .throwIfInvalid();
        }
    }
}
