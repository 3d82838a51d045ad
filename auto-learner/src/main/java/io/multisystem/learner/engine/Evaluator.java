package io.multisystem.learner.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import io.multisystem.learner.data.LabeledData;

import java.util.Arrays;

/** Inference helpers: accuracy on a data set and class predictions, in batches of 1,000, without autograd. */
public final class Evaluator {
    private Evaluator() {
    }

    /** Fraction of examples whose arg-max output of head {@code head} equals the label. */
    public static double accuracy(Network net, LabeledData data, int head) {
        if (data.size() == 0) {
            return Double.NaN;
        }
        int[] predicted = predict(net, data.features(), head);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == data.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / data.size();
    }

    public static int[] predict(Network net, float[][] rows, int head) {
        float[][] probs = probabilities(net, rows, head);
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int best = 0;
            for (int c = 1; c < probs[i].length; c++) {
                if (probs[i][c] > probs[i][best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /** Softmax probabilities of head {@code head}, one row per input. */
    public static float[][] probabilities(Network net, float[][] rows, int head) {
        int classes = net.spec().heads()[head];
        float[][] out = new float[rows.length][];
        for (int from = 0; from < rows.length; from += 1000) {
            float[][] chunk = Arrays.copyOfRange(rows, from, Math.min(rows.length, from + 1000));
            try (NDScope scope = new NDScope()) {
                NDArray x = TrainingLoop.inputs(net.manager(), chunk);
                float[] flat = net.forward(x, head).softmax(1).toFloatArray();
                for (int i = 0; i < chunk.length; i++) {
                    out[from + i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
                }
            }
        }
        return out;
    }
}
