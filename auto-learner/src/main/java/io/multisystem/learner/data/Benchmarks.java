package io.multisystem.learner.data;

import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds the continual-learning and domain-shift streams from real data.
 *
 * <ul>
 *   <li>Permuted-MNIST: task t applies a fixed random pixel permutation (task 0 = identity) to every image.
 *   <li>Split-MNIST: 5 tasks of 2 digits each ({0,1}, {2,3}, ...). Class-incremental keeps the 10 global labels on
 *       one head; task-incremental relabels to {0,1} and trains head t.
 *   <li>Rotated digits: task t rotates every image by {@code t * step} degrees (bilinear, about the centre).
 *   <li>MNIST to 8x8: crops the 20x20 box MNIST centres digits in and averages 2.5x2.5 blocks, giving the 0-1 scaled
 *       8x8 layout of scikit-learn's digits (which were made by counting pixels in 4x4 blocks of 32x32 bitmaps).
 * </ul>
 * Each task is a {@link Task} with a train and a test part from a seeded split.
 */
public final class Benchmarks {
    private Benchmarks() {
    }

    /** One task of a stream: train/test data and the head to use. */
    public record Task(String name, LabeledData train, LabeledData test, int head) {
    }

    public enum Kind { PERMUTED_MNIST, SPLIT_MNIST_CLASS, SPLIT_MNIST_TASK, ROTATED_DIGITS }

    public static Kind parse(String name) {
        switch (name) {
            case "permuted-mnist":
                return Kind.PERMUTED_MNIST;
            case "split-mnist":
            case "split-mnist-class":
                return Kind.SPLIT_MNIST_CLASS;
            case "split-mnist-task":
                return Kind.SPLIT_MNIST_TASK;
            case "rotated-digits":
                return Kind.ROTATED_DIGITS;
            default:
                throw new InvalidInputException(DataErrors.COMPONENT, DataErrors.UNKNOWN_DATASET,
                        "unknown benchmark '" + name + "'; use permuted-mnist, split-mnist (class-incremental), "
                                + "split-mnist-task or rotated-digits");
        }
    }

    /** Builds a stream over {@code data} (for Split-MNIST and Permuted-MNIST: MNIST). */
    public static List<Task> build(Kind kind, LabeledData data, int tasks, double testFraction, long seed) {
        List<LabeledData> parts = data.split(testFraction, seed);
        LabeledData train = parts.get(0);
        LabeledData test = parts.get(1);
        List<Task> stream = new ArrayList<>();
        switch (kind) {
            case PERMUTED_MNIST: {
                Random random = new Random(seed);
                for (int t = 0; t < tasks; t++) {
                    int[] perm = t == 0 ? identity(data.dimension()) : LabeledData.shuffledIndices(data.dimension(), random);
                    stream.add(new Task("permutation " + t, permute(train, perm, t), permute(test, perm, t), 0));
                }
                break;
            }
            case SPLIT_MNIST_CLASS:
            case SPLIT_MNIST_TASK: {
                int pairs = Math.min(tasks, data.classes() / 2);
                for (int t = 0; t < pairs; t++) {
                    int a = 2 * t;
                    int b = 2 * t + 1;
                    LabeledData tr = train.whereLabel("digits " + a + "/" + b, y -> y == a || y == b);
                    LabeledData te = test.whereLabel("digits " + a + "/" + b + " test", y -> y == a || y == b);
                    if (kind == Kind.SPLIT_MNIST_TASK) {
                        tr = tr.relabel(tr.name(), 2, y -> y - a);
                        te = te.relabel(te.name(), 2, y -> y - a);
                        stream.add(new Task(tr.name(), tr, te, t));
                    } else {
                        stream.add(new Task(tr.name(), tr, te, 0));
                    }
                }
                break;
            }
            case ROTATED_DIGITS: {
                double step = 180.0 / Math.max(1, tasks);
                for (int t = 0; t < tasks; t++) {
                    double angle = t * step;
                    stream.add(new Task("rotation " + Math.round(angle) + " deg", rotate(train, angle),
                            rotate(test, angle), 0));
                }
                break;
            }
            default:
                throw new IllegalStateException();
        }
        return stream;
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private static LabeledData permute(LabeledData d, int[] perm, int task) {
        return d.mapFeatures(d.name() + " perm" + task, x -> {
            float[] out = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                out[i] = x[perm[i]];
            }
            return out;
        });
    }

    /** Rotates every (single-channel, square) image by {@code degrees} with bilinear sampling. */
    public static LabeledData rotate(LabeledData d, double degrees) {
        int h = d.height();
        int w = d.width();
        double rad = Math.toRadians(degrees);
        double cos = Math.cos(rad);
        double sin = Math.sin(rad);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        return d.mapFeatures(d.name() + " rot" + Math.round(degrees), x -> {
            float[] out = new float[x.length];
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    double sx = cos * (c - cx) + sin * (r - cy) + cx;
                    double sy = -sin * (c - cx) + cos * (r - cy) + cy;
                    out[r * w + c] = bilinear(x, h, w, sy, sx);
                }
            }
            return out;
        });
    }

    private static float bilinear(float[] img, int h, int w, double y, double x) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (float) (pixel(img, h, w, y0, x0) * (1 - fx) * (1 - fy) + pixel(img, h, w, y0, x0 + 1) * fx * (1 - fy)
                + pixel(img, h, w, y0 + 1, x0) * (1 - fx) * fy + pixel(img, h, w, y0 + 1, x0 + 1) * fx * fy);
    }

    private static float pixel(float[] img, int h, int w, int y, int x) {
        return y < 0 || x < 0 || y >= h || x >= w ? 0f : img[y * w + x];
    }

    /** MNIST 28x28 to scikit-learn's 8x8 digit layout (see the class note), rescaled so each image's max is 1. */
    public static LabeledData downsampleTo8x8(LabeledData mnist) {
        if (mnist.height() != 28 || mnist.width() != 28) {
            throw new InvalidInputException(DataErrors.COMPONENT, DataErrors.SHAPE_MISMATCH,
                    "downsampling to 8x8 needs 28x28 images, got " + mnist.height() + "x" + mnist.width());
        }
        float[][] out = new float[mnist.size()][];
        for (int i = 0; i < out.length; i++) {
            float[] img = mnist.features()[i];
            float[] small = new float[64];
            float max = 0;
            for (int r = 0; r < 8; r++) {
                for (int c = 0; c < 8; c++) {
                    double sum = 0;
                    double area = 0;
                    // source box [4 + 2.5r, 4 + 2.5(r+1)) with fractional coverage
                    for (int sr = 4 + (int) Math.floor(2.5 * r); sr < 4 + Math.ceil(2.5 * (r + 1)); sr++) {
                        double wr = overlap(sr, 4 + 2.5 * r, 4 + 2.5 * (r + 1));
                        for (int sc = 4 + (int) Math.floor(2.5 * c); sc < 4 + Math.ceil(2.5 * (c + 1)); sc++) {
                            double wc = overlap(sc, 4 + 2.5 * c, 4 + 2.5 * (c + 1));
                            sum += img[sr * 28 + sc] * wr * wc;
                            area += wr * wc;
                        }
                    }
                    small[r * 8 + c] = (float) (sum / area);
                    max = Math.max(max, small[r * 8 + c]);
                }
            }
            if (max > 0) {
                for (int p = 0; p < 64; p++) {
                    small[p] /= max;
                }
            }
            out[i] = small;
        }
        return new LabeledData("mnist-8x8", out, mnist.labels(), 1, 8, 8, mnist.classes());
    }

    private static double overlap(int cell, double from, double to) {
        return Math.max(0, Math.min(cell + 1, to) - Math.max(cell, from));
    }
}
