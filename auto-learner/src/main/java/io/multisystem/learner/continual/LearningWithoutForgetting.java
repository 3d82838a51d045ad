package io.multisystem.learner.continual;

import ai.djl.ndarray.NDArray;
import io.multisystem.learner.data.Benchmarks.Task;
import io.multisystem.learner.engine.Batch;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.TrainingHooks;

/**
 * Learning without Forgetting (Li and Hoiem, 2016).
 *
 * <p>Design note: before a new task the current network is frozen as a teacher. While learning, the student's
 * outputs on the new task's inputs are pulled towards the teacher's with a distillation loss: temperature-{@code T}
 * softmax cross-entropy {@code alpha * T^2 * KL(softmax(teacher/T) || softmax(student/T))}, on every head the teacher
 * already trained (the single head for class-incremental streams). No old data is stored.
 */
final class LearningWithoutForgetting implements ContinualStrategy {
    private final float alpha;
    private final float temperature;
    private Network teacher;
    private int trainedHeads;

    LearningWithoutForgetting(float alpha, float temperature) {
        this.alpha = alpha;
        this.temperature = temperature;
    }

    @Override
    public String name() {
        return "lwf";
    }

    @Override
    public TrainingHooks hooksFor(Network net, Task task, int index) {
        if (teacher == null) {
            return TrainingHooks.NONE;
        }
        int heads = trainedHeads;
        return new TrainingHooks() {
            @Override
            public NDArray extraLoss(Network n, Batch batch, NDArray features, NDArray outputs) {
                NDArray x = features.getManager().create(flatten(batch.x()),
                        new ai.djl.ndarray.types.Shape(batch.size(), batch.x()[0].length));
                NDArray teacherFeatures = teacher.features(x).stopGradient();
                NDArray loss = null;
                for (int h = 0; h <= heads; h++) {
                    NDArray target = teacher.head(teacherFeatures, h).stopGradient().div(temperature).softmax(1);
                    NDArray student = n.head(features, h).div(temperature).logSoftmax(1);
                    NDArray kl = target.mul(target.add(1e-8f).log().sub(student)).sum(new int[] {1}).mean();
                    loss = loss == null ? kl : loss.add(kl);
                }
                return loss.mul(alpha * temperature * temperature);
            }
        };
    }

    static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
        }
        return flat;
    }

    @Override
    public void afterTask(Network net, Task task, int index) {
        if (teacher != null) {
            teacher.close();
        }
        teacher = net.copy();
        trainedHeads = Math.max(trainedHeads, task.head());
    }

    @Override
    public void close() {
        if (teacher != null) {
            teacher.close();
        }
    }
}
