package io.multisystem.learner.meta;

import java.util.Random;

/**
 * The sinusoid regression task family of the MAML paper (Finn et al. 2017, section 5.1): {@code y = A sin(x - phi)}
 * with amplitude A uniform in [0.1, 5.0], phase phi uniform in [0, pi], inputs x uniform in [-5, 5].
 */
public record SinusoidTasks(double minAmplitude, double maxAmplitude, double maxPhase, double range) {
    public static SinusoidTasks mamlPaper() {
        return new SinusoidTasks(0.1, 5.0, Math.PI, 5.0);
    }

    /** One task: its amplitude and phase. */
    public record Task(double amplitude, double phase) {
        public float value(float x) {
            return (float) (amplitude * Math.sin(x - phase));
        }

        /** {@code n} random points of this task: xs[i], ys[i]. */
        public float[][] sample(int n, Random random, double range) {
            float[] xs = new float[n];
            float[] ys = new float[n];
            for (int i = 0; i < n; i++) {
                xs[i] = (float) ((random.nextDouble() * 2 - 1) * range);
                ys[i] = value(xs[i]);
            }
            return new float[][] {xs, ys};
        }
    }

    public Task next(Random random) {
        return new Task(minAmplitude + random.nextDouble() * (maxAmplitude - minAmplitude),
                random.nextDouble() * maxPhase);
    }
}
