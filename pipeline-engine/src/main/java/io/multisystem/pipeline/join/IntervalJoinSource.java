package io.multisystem.pipeline.join;

import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The output of an {@link IntervalJoiner} over two sources, as one source.
 *
 * <p>Design note: each input is read by its own thread into one bounded queue (backpressure: a reader blocks, in
 * polls of 100 ms that check for shutdown, while the queue is full), so an unbounded input that has nothing to say
 * (a quiet socket) never stalls the other one, and the order of each input is kept. The consuming thread feeds the
 * joiner. A failure of either input is rethrown to the consumer; {@code close()} stops and interrupts both readers
 * and waits for them up to 10 s each. Inputs are opened on the consumer's thread, so an input that cannot be opened
 * fails {@link #open()} directly.
 */
public final class IntervalJoinSource implements Source {
    private static final int QUEUE_CAPACITY = 1024;

    private final Source left;
    private final Source right;
    private final Schema output;
    private final Supplier<IntervalJoiner> joiner;

    /** @param joiner makes a fresh joiner per {@link #open()} */
    public IntervalJoinSource(Source left, Source right, Schema output, Supplier<IntervalJoiner> joiner) {
        this.left = left;
        this.right = right;
        this.output = output;
        this.joiner = joiner;
    }

    @Override
    public Schema schema() {
        return output;
    }

    private record Item(IntervalJoiner.Side side, Row row, RuntimeException failure) {
    }

    @Override
    public RowIterator open() {
        RowIterator l = left.open();
        RowIterator r;
        try {
            r = right.open();
        } catch (RuntimeException e) {
            l.close();
            throw e;
        }
        IntervalJoiner join = joiner.get();
        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        List<Thread> readers = new ArrayList<>();
        var stopped = new java.util.concurrent.atomic.AtomicBoolean();
        readers.add(reader(IntervalJoiner.Side.LEFT, l, queue, stopped));
        readers.add(reader(IntervalJoiner.Side.RIGHT, r, queue, stopped));
        readers.forEach(Thread::start);
        return new RowIterator() {
            private final ArrayDeque<Row> ready = new ArrayDeque<>();
            private int ended;

            @Override
            public boolean hasNext() {
                while (ready.isEmpty() && ended < 2) {
                    Item item;
                    try {
                        item = queue.poll(100, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                    if (item == null) {
                        if (Thread.currentThread().isInterrupted()) {
                            return false;
                        }
                        continue;
                    }
                    if (item.failure() != null) {
                        throw item.failure();
                    }
                    if (item.row() == null) {
                        ended++;
                        join.end(item.side());
                    } else {
                        join.accept(item.side(), item.row(), ready::add);
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }

            @Override
            public void close() {
                stopped.set(true);
                for (Thread t : readers) {
                    t.interrupt();
                }
                for (Thread t : readers) {
                    try {
                        t.join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        };
    }

    private static Thread reader(IntervalJoiner.Side side, RowIterator rows, BlockingQueue<Item> queue,
            java.util.concurrent.atomic.AtomicBoolean stopped) {
        Thread t = new Thread(() -> {
            Item last = new Item(side, null, null);
            try (rows) {
                while (!stopped.get() && rows.hasNext()) {
                    if (!offer(queue, new Item(side, rows.next(), null), stopped)) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                last = new Item(side, null, e);
            }
            offer(queue, last, stopped);
        }, "interval-join-" + side.name().toLowerCase(java.util.Locale.ROOT));
        t.setDaemon(true);
        return t;
    }

    private static boolean offer(BlockingQueue<Item> queue, Item item,
            java.util.concurrent.atomic.AtomicBoolean stopped) {
        try {
            while (!stopped.get()) {
                if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
