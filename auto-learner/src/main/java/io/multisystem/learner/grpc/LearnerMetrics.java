package io.multisystem.learner.grpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The learner's own metrics: timer {@code learner_operation_seconds{operation}} per RPC kind (train, evaluate,
 * predict, adapt, meta_train, continual), counters {@code learner_models_registered_total},
 * {@code learner_training_examples_total}, {@code learner_predictions_total} and
 * {@code learner_training_diverged_total}. Thread-safe.
 */
public final class LearnerMetrics {
    private final MeterRegistry registry;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final Counter registered;
    private final Counter examples;
    private final Counter predictions;
    private final Counter diverged;

    public LearnerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.registered = Counter.builder("learner.models.registered").description("model versions registered")
                .register(registry);
        this.examples = Counter.builder("learner.training.examples").description("training examples processed")
                .register(registry);
        this.predictions = Counter.builder("learner.predictions").description("rows predicted").register(registry);
        this.diverged = Counter.builder("learner.training.diverged").description("training runs stopped on divergence")
                .register(registry);
    }

    <T> T time(String operation, Supplier<T> work) {
        return timers.computeIfAbsent(operation, op -> Timer.builder("learner.operation")
                .description("time of learner operations").tag("operation", op).register(registry)).record(work);
    }

    void registered() {
        registered.increment();
    }

    void trained(long count, boolean divergedRun) {
        examples.increment(count);
        if (divergedRun) {
            diverged.increment();
        }
    }

    void predicted(int rows) {
        predictions.increment(rows);
    }
}
