package io.multisystem.chaos.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One direction of a proxied connection: reads from {@code source}, runs the bytes through the toxic stages of its
 * direction, and writes what comes out to {@code destination} when each chunk is due.
 *
 * <p>Design. Two paths share one ordering rule: bytes already due wait in {@code pending} (a pooled direct buffer)
 * and are always written before anything in the chunk queue.
 * <ul>
 *   <li><b>Pass-through</b> (no stage touches data, nothing queued, nothing pending): a read lands in the event
 *   loop's direct read buffer and is written from it at once; if the socket takes only part, the buffer itself
 *   becomes {@code pending} (the loop takes a fresh one) and reading stops until it is drained, so TCP flow
 *   control slows the sender. No allocation, no copy in user space, no timer, one read and one write per
 *   {@link EventLoop#BUFFER_SIZE} bytes.</li>
 *   <li><b>Staged</b>: each read is copied once into a heap chunk, which toxics may hold, cut (sharing the array)
 *   or delay; chunks wait in a FIFO queue ordered by delivery time (a chunk is never delivered before the one
 *   ahead of it, so the head decides the next wake-up). Due chunks are gathered into a pooled direct buffer and
 *   written together, except after a stage that keeps write boundaries (slicer), whose chunks go out one per
 *   write. Back-pressure: reading stops while more than {@link #HIGH_WATER} bytes are queued or pending and
 *   resumes below {@link #LOW_WATER}.</li>
 * </ul>
 * Used on its connection's I/O thread only.
 */
final class Link implements StageContext {
    static final int HIGH_WATER = 256 * 1024;
    static final int LOW_WATER = 64 * 1024;
    private static final int READS_PER_EVENT = 16;

    private final ProxyConnection connection;
    private final StreamDirection direction;
    private final RandomGenerator random;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private SocketChannel source;
    private SocketChannel destination;

    private List<StageSlot> slots = List.of();
    private ToxicStage[] stages = new ToxicStage[0];
    private List<Consumer<Chunk>> outputs = List.of();

    /** Bytes due and not yet written, in read mode; a buffer of the loop's pool, or null. */
    private ByteBuffer pending;
    /** No stage touches data: reads may be relayed without chunks. */
    private boolean passThrough = true;
    /** Due chunks may be gathered into one write. */
    private boolean coalesce = true;
    /** Bytes in the queue's data chunks plus those pending. */
    private long queuedBytes;
    private int headOffset;
    private long lastRelease = Long.MIN_VALUE;
    private long wakeUpAt;
    private boolean wakeUpScheduled;
    private boolean readPaused;
    private boolean sourceEnded;
    private boolean writeBlocked;
    private boolean outputShut;

    private static final class StageSlot {
        final ToxicRuntime runtime;
        final ToxicStage stage;

        StageSlot(ToxicRuntime runtime, ToxicStage stage) {
            this.runtime = runtime;
            this.stage = stage;
        }
    }

    Link(ProxyConnection connection, StreamDirection direction, RandomGenerator random) {
        this.connection = connection;
        this.direction = direction;
        this.random = random;
    }

    void attach(SocketChannel source, SocketChannel destination) {
        this.source = source;
        this.destination = destination;
    }

    StreamDirection direction() {
        return direction;
    }

    boolean wantsRead() {
        return !readPaused && !sourceEnded && !(passThrough && writeBlocked);
    }

    boolean wantsWrite() {
        return writeBlocked;
    }

    boolean finished() {
        return outputShut;
    }

    /**
     * Brings the stages in line with the proxy's toxics for this direction: keeps stages of unchanged toxics, replaces
     * those of updated ones (handing over their state), starts new ones, stops removed ones. Whether a toxic applies
     * (toxicity draw, source filter) is decided when its stage is created.
     */
    void reconcile(List<ToxicRuntime> toxics) {
        Map<String, StageSlot> previous = new HashMap<>();
        for (StageSlot slot : slots) {
            previous.put(slot.runtime.name(), slot);
        }
        long now = now();
        List<StageSlot> next = new ArrayList<>();
        for (ToxicRuntime runtime : toxics) {
            if (runtime.toxic().stream() != direction) {
                continue;
            }
            StageSlot old = previous.remove(runtime.name());
            if (old != null && old.runtime == runtime) {
                next.add(old);
                continue;
            }
            ToxicStage stage = runtime.appliesTo(connection.clientAddress(), random) ? runtime.newStage() : null;
            if (stage != null) {
                stage.start(this, now, old == null ? null : old.stage);
            }
            if (old != null && old.stage != null) {
                old.stage.stop();
            }
            next.add(new StageSlot(runtime, stage));
        }
        for (StageSlot removed : previous.values()) {
            if (removed.stage != null) {
                removed.stage.stop();
            }
        }
        slots = next;
        stages = next.stream().filter(s -> s.stage != null).map(s -> s.stage).toArray(ToxicStage[]::new);
        List<Consumer<Chunk>> newOutputs = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            int following = i + 1;
            newOutputs.add(chunk -> deliver(chunk, following));
        }
        outputs = newOutputs;
        boolean anyTouches = false;
        boolean anyBoundaries = false;
        for (ToxicStage stage : stages) {
            anyTouches |= stage.touchesData();
            anyBoundaries |= stage.keepsWriteBoundaries();
        }
        passThrough = !anyTouches;
        coalesce = !anyBoundaries;
    }

    /** Stops every stage; the link is dead afterwards. */
    void stopStages() {
        for (StageSlot slot : slots) {
            if (slot.stage != null) {
                slot.stage.stop();
            }
        }
        slots = List.of();
        stages = new ToxicStage[0];
        if (pending != null) {
            connection.loop().releaseBuffer(pending);
            pending = null;
        }
    }

    /** Reads what the source has, up to a fair share, and pushes it through the pipeline. */
    void onReadable() throws IOException {
        EventLoop loop = connection.loop();
        for (int reads = 0; reads < READS_PER_EVENT && wantsRead() && !connection.isClosed(); reads++) {
            ByteBuffer buffer = loop.readBuffer();
            int read = source.read(buffer);
            if (read < 0) {
                sourceEnded = true;
                deliver(Chunk.endOfStream(now()), 0);
                break;
            }
            if (read == 0) {
                break;
            }
            connection.proxy().countReceived(direction, read);
            buffer.flip();
            if (passThrough && pending == null && queue.isEmpty()) {
                relay(buffer);
            } else {
                deliver(Chunk.copyOf(buffer, now()), 0);
                if (queuedBytes >= HIGH_WATER) {
                    readPaused = true;
                }
            }
            if (read < buffer.capacity()) {
                break; // the socket had less than a buffer: it is drained, skip the read that would return 0
            }
        }
        flush();
    }

    void onWritable() throws IOException {
        writeBlocked = false;
        flush();
        if (passThrough && !writeBlocked && wantsRead() && !connection.isClosed()) {
            onReadable(); // the source has most likely filled up while we waited: read now, not after another select
        }
    }

    /** Pass-through: writes a freshly read buffer; a rest the socket did not take becomes {@code pending}. */
    private void relay(ByteBuffer buffer) throws IOException {
        int written = destination.write(buffer);
        connection.proxy().countSent(direction, written);
        if (buffer.hasRemaining()) {
            pending = connection.loop().takeReadBuffer();
            queuedBytes += pending.remaining();
            writeBlocked = true;
        }
    }

    /** Passes {@code chunk} to the stage at {@code index}, or queues it after the last stage. */
    private void deliver(Chunk chunk, int index) {
        if (connection.isClosed()) {
            return;
        }
        if (index < stages.length) {
            stages[index].onChunk(chunk, outputs.get(index));
        } else {
            enqueue(chunk);
        }
    }

    private void enqueue(Chunk chunk) {
        long release = Math.max(chunk.readyAt, lastRelease);
        lastRelease = release;
        queue.addLast(chunk.readyAt(release));
        queuedBytes += chunk.length;
    }

    /** Writes every due chunk; arranges a wake-up for the next one; updates back-pressure and interest. */
    void flush() throws IOException {
        if (connection.isClosed()) {
            return;
        }
        long now = now();
        while (!writeBlocked) {
            if (pending != null) {
                int written = destination.write(pending);
                connection.proxy().countSent(direction, written);
                queuedBytes -= written;
                if (pending.hasRemaining()) {
                    writeBlocked = true;
                    break;
                }
                connection.loop().releaseBuffer(pending);
                pending = null;
            }
            Chunk head = queue.peekFirst();
            if (head == null) {
                break;
            }
            if (head.readyAt - now > 0) {
                scheduleWakeUp(head.readyAt);
                break;
            }
            if (head.kind == Chunk.Kind.DATA) {
                pending = gatherDue(now);
            } else if (head.kind == Chunk.Kind.END_OF_STREAM) {
                queue.pollFirst();
                shutOutput();
            } else {
                queue.pollFirst();
                connection.terminate(false);
                return;
            }
        }
        if (readPaused && queuedBytes < LOW_WATER) {
            readPaused = false;
        }
        connection.updateInterest();
        if (outputShut) {
            connection.onLinkFinished();
        }
    }

    /**
     * Moves due data from the head of the queue into a pooled direct buffer, ready to write: as many consecutive
     * due chunks as fit, or only the head chunk when write boundaries must be kept. The bytes stay counted in
     * {@link #queuedBytes} until written.
     */
    private ByteBuffer gatherDue(long now) {
        ByteBuffer out = connection.loop().acquireBuffer();
        Chunk head;
        while (out.hasRemaining() && (head = queue.peekFirst()) != null && head.kind == Chunk.Kind.DATA
                && head.readyAt - now <= 0) {
            int n = Math.min(out.remaining(), head.length - headOffset);
            out.put(head.data, head.offset + headOffset, n);
            headOffset += n;
            if (headOffset < head.length) {
                break; // the buffer is full
            }
            headOffset = 0;
            queue.pollFirst();
            if (!coalesce) {
                break;
            }
        }
        return out.flip();
    }

    private void shutOutput() {
        if (outputShut) {
            return;
        }
        outputShut = true;
        try {
            destination.shutdownOutput();
        } catch (IOException e) {
            // the peer is gone already; the other direction will notice
        }
    }

    private void scheduleWakeUp(long at) {
        if (wakeUpScheduled && wakeUpAt - at <= 0) {
            return;
        }
        wakeUpScheduled = true;
        wakeUpAt = at;
        schedule(at, () -> {
            if (wakeUpAt == at) {
                wakeUpScheduled = false;
            }
            connection.flushLink(this);
        });
    }

    @Override
    public long now() {
        return System.nanoTime();
    }

    @Override
    public EventLoop.Timer schedule(long deadline, Runnable action) {
        return connection.loop().schedule(deadline, () -> {
            if (!connection.isClosed()) {
                action.run();
            }
        });
    }

    @Override
    public void terminate(boolean reset) {
        connection.terminate(reset);
    }

    @Override
    public RandomGenerator random() {
        return random;
    }
}
