package io.multisystem.learner.continual;

import io.multisystem.learner.data.Benchmarks.Task;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Evaluator;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.TrainingLoop;
import io.multisystem.learner.engine.TrainingReport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a strategy over a task stream: trains each task in turn on one network (one Adam state per task, as in
 * Avalanche's default), evaluates on every task's test set after each task, and computes {@link ContinualMetrics}.
 * A diverging task stops the stream (the report says so); the accuracy matrix then covers the tasks done.
 */
public final class ContinualRunner {
    private final TrainingLoop loop;
    private final float learningRate;

    public ContinualRunner(TrainingLoop loop, float learningRate) {
        this.loop = loop;
        this.learningRate = learningRate;
    }

    public ContinualResult run(String benchmark, List<Task> stream, Network net, ContinualStrategy strategy,
                               Consumer<String> events) {
        long start = System.nanoTime();
        int t = stream.size();
        double[] baseline = new double[t];
        for (int j = 0; j < t; j++) {
            baseline[j] = Evaluator.accuracy(net, stream.get(j).test(), stream.get(j).head());
        }
        List<double[]> rows = new ArrayList<>();
        List<TrainingReport> reports = new ArrayList<>();
        for (int i = 0; i < t; i++) {
            Task task = stream.get(i);
            TrainingReport report = loop.train(net, task.train(), task.head(), Adam.adam(learningRate),
                    strategy.hooksFor(net, task, i), null);
            reports.add(report);
            double[] row = new double[t];
            for (int j = 0; j < t; j++) {
                row[j] = Evaluator.accuracy(net, stream.get(j).test(), stream.get(j).head());
            }
            rows.add(row);
            if (events != null) {
                events.accept(String.format("task %d/%d (%s) loss %.4f, accuracy on it %.4f", i + 1, t, task.name(),
                        report.finalLoss(), row[i]));
            }
            if (report.diverged()) {
                if (events != null) {
                    events.accept("stopped: " + report.divergence());
                }
                break;
            }
            strategy.afterTask(net, task, i);
        }
        double[][] matrix = rows.toArray(new double[0][]);
        double[][] square = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            square[i] = java.util.Arrays.copyOf(matrix[i], matrix.length);
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < matrix.length; i++) {
            names.add(stream.get(i).name());
        }
        return new ContinualResult(strategy.name(), benchmark, names, square,
                java.util.Arrays.copyOf(baseline, matrix.length), ContinualMetrics.of(square, baseline), reports,
                (System.nanoTime() - start) / 1e9);
    }
}
