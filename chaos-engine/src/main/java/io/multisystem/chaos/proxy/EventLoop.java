package io.multisystem.chaos.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One selector thread that owns a set of channels, their timers and a task queue.
 *
 * <p>Design: every channel registered here is touched only by this thread, so connection state needs no locks.
 * Other threads hand work over with {@link #execute}. Timers are kept in a priority queue ordered by deadline
 * (nanoTime); {@code select} blocks until the earliest deadline, rounded up to the next millisecond, so timer
 * resolution is about 1 ms. A timer is cancelled by flagging it; it is dropped when it reaches the head. The loop
 * also owns a small pool of direct buffers: reads land in one, and a link that cannot write all of it takes that
 * buffer over instead of copying the rest, so the pass-through data path neither allocates nor copies per read.
 */
final class EventLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());
    /** Size of the direct buffers used for reads and pending writes (one socket read or write moves at most this). */
    static final int BUFFER_SIZE = 256 * 1024;
    /** Free buffers kept for reuse; beyond this, released buffers are left to the garbage collector. */
    private static final int MAX_POOLED_BUFFERS = 32;

    /** Reacts to readiness of the channel it is attached to. Called on the loop thread only. */
    interface ReadyHandler {
        void onReady(SelectionKey key);
    }

    /** A scheduled action; {@link #cancel()} may be called on the loop thread only. */
    static final class Timer implements Comparable<Timer> {
        private final long deadline;
        private final long sequence;
        private final Runnable action;
        private boolean cancelled;

        private Timer(long deadline, long sequence, Runnable action) {
            this.deadline = deadline;
            this.sequence = sequence;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer other) {
            int byDeadline = Long.compare(deadline - other.deadline, 0);
            return byDeadline != 0 ? byDeadline : Long.compare(sequence, other.sequence);
        }
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final java.util.ArrayDeque<ByteBuffer> freeBuffers = new java.util.ArrayDeque<>();
    private ByteBuffer readBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private volatile boolean running = true;
    private long timerSequence;

    EventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    /** A buffer for reads; valid only on the loop thread and only until the handler returns. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /**
     * Hands the read buffer (with what was just read into it) over to the caller, who keeps it until it is written
     * and then {@link #releaseBuffer releases} it; the loop takes a fresh buffer for its next reads. This is how a
     * partial write keeps its unwritten rest without copying it. Loop thread only.
     */
    ByteBuffer takeReadBuffer() {
        ByteBuffer taken = readBuffer;
        readBuffer = acquireBuffer();
        return taken;
    }

    /** A cleared direct buffer of {@link #BUFFER_SIZE} bytes, from the pool when it has one. Loop thread only. */
    ByteBuffer acquireBuffer() {
        ByteBuffer buffer = freeBuffers.pollFirst();
        return buffer == null ? ByteBuffer.allocateDirect(BUFFER_SIZE) : buffer.clear();
    }

    /** Returns a buffer from {@link #acquireBuffer} or {@link #takeReadBuffer} to the pool. Loop thread only. */
    void releaseBuffer(ByteBuffer buffer) {
        if (freeBuffers.size() < MAX_POOLED_BUFFERS) {
            freeBuffers.addFirst(buffer);
        }
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, soon. Tasks submitted after {@link #close()} are dropped. */
    void execute(Runnable task) {
        tasks.add(task);
        if (!inLoop()) {
            selector.wakeup();
        }
    }

    /** Runs {@code task} on the loop thread and waits for it (directly when already on it). */
    void runAndWait(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the I/O thread", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the I/O thread " + thread.getName() + " did not answer in 10 s", e);
        }
    }

    /** Schedules {@code action} at {@code deadline} (System.nanoTime). Loop thread only. */
    Timer schedule(long deadline, Runnable action) {
        Timer timer = new Timer(deadline, timerSequence++, action);
        timers.add(timer);
        return timer;
    }

    /** Processes cancelled keys now, so that closed channels release their sockets at once. Loop thread only. */
    void flushCancelledKeys() {
        try {
            selector.selectNow();
        } catch (IOException e) {
            LOG.log(Level.FINE, "selectNow failed", e);
        }
    }

    private void run() {
        while (running) {
            try {
                select();
                processSelectedKeys();
                runTasks();
                runTimers();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "unexpected failure in I/O thread " + thread.getName(), e);
            }
        }
        runTasks();
        closeAllChannels();
    }

    private void select() {
        try {
            if (!tasks.isEmpty() || !selector.selectedKeys().isEmpty()) {
                selector.selectNow();
                return;
            }
            Timer next = peekTimer();
            if (next == null) {
                selector.select();
                return;
            }
            long waitNanos = next.deadline - System.nanoTime();
            if (waitNanos <= 0) {
                selector.selectNow();
            } else {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos + 999_999)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("select failed", e);
        }
    }

    private Timer peekTimer() {
        Timer head = timers.peek();
        while (head != null && head.cancelled) {
            timers.poll();
            head = timers.peek();
        }
        return head;
    }

    private void processSelectedKeys() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            try {
                ((ReadyHandler) key.attachment()).onReady(key);
            } catch (CancelledKeyException ignored) {
                // the handler closed its channel while handling it
            }
        }
    }

    private void runTasks() {
        Runnable task;
        int budget = 1024;
        while (budget-- > 0 && (task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "task failed on " + thread.getName(), e);
            }
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer head;
        while ((head = peekTimer()) != null && head.deadline - now <= 0) {
            timers.poll();
            try {
                head.action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "timer failed on " + thread.getName(), e);
            }
        }
    }

    private void closeAllChannels() {
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops the thread after it has run the tasks already submitted, closing every channel still registered. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
