package io.multisystem.learner.continual;

import io.multisystem.learner.engine.Batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A fixed-capacity sample of everything seen so far, kept by reservoir sampling (Vitter's algorithm R): after
 * {@code n} offers each example is in the buffer with probability {@code capacity / n}. Examples remember their head.
 * Not thread-safe.
 */
final class ReservoirBuffer {
    record Example(float[] x, int y, int head) {
    }

    private final int capacity;
    private final Random random;
    private final List<Example> items = new ArrayList<>();
    private long seen;

    ReservoirBuffer(int capacity, long seed) {
        this.capacity = capacity;
        this.random = new Random(seed);
    }

    void offer(float[] x, int y, int head) {
        seen++;
        if (items.size() < capacity) {
            items.add(new Example(x, y, head));
        } else {
            long j = (long) (random.nextDouble() * seen);
            if (j < capacity) {
                items.set((int) j, new Example(x, y, head));
            }
        }
    }

    int size() {
        return items.size();
    }

    List<Example> items() {
        return items;
    }

    /** Up to {@code n} random examples of one head (the head of a random stored example), as a batch. */
    Batch sample(int n, Random r) {
        int head = items.get(r.nextInt(items.size())).head();
        List<Example> pool = new ArrayList<>();
        for (Example e : items) {
            if (e.head() == head) {
                pool.add(e);
            }
        }
        int k = Math.min(n, pool.size());
        float[][] x = new float[k][];
        int[] y = new int[k];
        for (int i = 0; i < k; i++) {
            Example e = pool.get(r.nextInt(pool.size()));
            x[i] = e.x();
            y[i] = e.y();
        }
        return new Batch(x, y, head);
    }
}
