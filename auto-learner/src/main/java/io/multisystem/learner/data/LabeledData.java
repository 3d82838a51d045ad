package io.multisystem.learner.data;

import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * An in-memory labelled data set: {@code n} examples of shape {@code channels x height x width} (flattened, row-major,
 * values scaled to roughly [0, 1]) with integer class labels in {@code [0, classes)}.
 *
 * <p>Immutable once built (the arrays are not copied; callers must not mutate them). Every constructor checks that
 * shapes and labels agree, so a mismatch is rejected where the data enters, with a message naming the problem.
 */
public record LabeledData(String name, float[][] features, int[] labels, int channels, int height, int width,
                          int classes) {
    public LabeledData {
        if (features.length != labels.length) {
            throw new InvalidInputException(DataErrors.COMPONENT, DataErrors.SHAPE_MISMATCH,
                    name + ": " + features.length + " feature rows but " + labels.length + " labels");
        }
        int dim = channels * height * width;
        for (int i = 0; i < features.length; i++) {
            if (features[i].length != dim) {
                throw new InvalidInputException(DataErrors.COMPONENT, DataErrors.SHAPE_MISMATCH,
                        name + ": row " + i + " has " + features[i].length + " values, expected " + dim
                                + " (" + channels + "x" + height + "x" + width + ")");
            }
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException(DataErrors.COMPONENT, DataErrors.LABEL_OUT_OF_RANGE,
                        name + ": label " + labels[i] + " of row " + i + " is outside [0, " + classes + ")");
            }
        }
    }

    public int size() {
        return labels.length;
    }

    public int dimension() {
        return channels * height * width;
    }

    /** The examples at the given indices, in that order. */
    public LabeledData subset(String newName, int[] indices) {
        float[][] x = new float[indices.length][];
        int[] y = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            x[i] = features[indices[i]];
            y[i] = labels[indices[i]];
        }
        return new LabeledData(newName, x, y, channels, height, width, classes);
    }

    /** The examples whose label satisfies the predicate. */
    public LabeledData whereLabel(String newName, IntPredicate keep) {
        return subset(newName, java.util.stream.IntStream.range(0, size()).filter(i -> keep.test(labels[i])).toArray());
    }

    /** The first {@code n} examples after a seeded shuffle. */
    public LabeledData sample(int n, long seed) {
        int[] order = shuffledIndices(size(), new Random(seed));
        return subset(name, Arrays.copyOf(order, Math.min(n, size())));
    }

    /** Splits into (train, test) with a seeded shuffle; {@code testFraction} in (0, 1). */
    public List<LabeledData> split(double testFraction, long seed) {
        int[] order = shuffledIndices(size(), new Random(seed));
        int test = (int) Math.round(size() * testFraction);
        List<LabeledData> parts = new ArrayList<>();
        parts.add(subset(name + "/train", Arrays.copyOfRange(order, test, order.length)));
        parts.add(subset(name + "/test", Arrays.copyOfRange(order, 0, test)));
        return parts;
    }

    /** The same examples with every feature row transformed (shape kept). */
    public LabeledData mapFeatures(String newName, java.util.function.UnaryOperator<float[]> f) {
        float[][] x = new float[size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = f.apply(features[i]);
        }
        return new LabeledData(newName, x, labels, channels, height, width, classes);
    }

    /** The same examples with labels remapped (e.g. to task-local classes). */
    public LabeledData relabel(String newName, int newClasses, java.util.function.IntUnaryOperator f) {
        int[] y = new int[size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsInt(labels[i]);
        }
        return new LabeledData(newName, features, y, channels, height, width, newClasses);
    }

    /** Fisher-Yates with the given random source. */
    public static int[] shuffledIndices(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public String toString() {
        return name + "[" + size() + " x " + channels + "x" + height + "x" + width + ", " + classes + " classes]";
    }
}
