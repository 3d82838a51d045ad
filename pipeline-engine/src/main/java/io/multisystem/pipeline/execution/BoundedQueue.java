package io.multisystem.pipeline.execution;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed-capacity blocking queue between two stages: a full queue blocks its producer, which is how backpressure
 * travels from a slow sink back to the source. Records its high-water mark. Thread-safe.
 */
final class BoundedQueue {
    /** Thrown inside a stage when the run is being stopped; never escapes the executor. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    private final ArrayBlockingQueue<Object> queue;
    private final AtomicInteger highWaterMark;

    BoundedQueue(int capacity, AtomicInteger highWaterMark) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.highWaterMark = highWaterMark;
    }

    void put(Object element) {
        try {
            queue.put(element);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
        int depth = queue.size();
        int seen = highWaterMark.get();
        while (depth > seen && !highWaterMark.compareAndSet(seen, depth)) {
            seen = highWaterMark.get();
        }
    }

    Object take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped();
        }
    }

    int size() {
        return queue.size();
    }
}
