package io.multisystem.chaos.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The behaviour of each {@link ToxicType}, as pipeline stages.
 *
 * <p>Design: a stage never sleeps; it moves a chunk's {@code readyAt} into the future and the link delivers it then.
 * Stages that pace output (bandwidth, slicer) keep a "next free" instant so consecutive chunks queue behind each
 * other, which reproduces Toxiproxy's goroutine pipeline (where a toxic handles one chunk at a time) without threads.
 * Semantics follow Toxiproxy 2.x's {@code toxics/*.go}; where they differ it is said on the stage.
 */
final class ToxicStages {
    /**
     * How far a pacer may lag behind the traffic before the lag is forgiven: time lost while the link could not
     * read (back-pressure, a busy I/O thread) is made up by a burst of at most this much transmission time, so the
     * rate holds under load; longer idle periods earn no more credit.
     */
    static final long BURST_CREDIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Largest piece a paced chunk is cut into (bounds the burst a bandwidth toxic lets out at once). */
    static final int MAX_PACED_PIECE = 64 * 1024;

    private ToxicStages() {
    }

    /** A new stage for {@code toxic}; {@code sharedRate} is the proxy-wide pacer of a proxy_bandwidth toxic. */
    static ToxicStage create(Toxic toxic, SharedRate sharedRate) {
        ToxicAttributes a = toxic.attributes();
        switch (toxic.type()) {
            case LATENCY:
                return new Latency(a.get("latency"), a.get("jitter"));
            case BANDWIDTH:
                return new Bandwidth(a.get("rate"));
            case SLOW_CLOSE:
                return new SlowClose(a.get("delay"));
            case TIMEOUT:
                return new Timeout(a.get("timeout"));
            case RESET_PEER:
                return new ResetPeer(a.get("timeout"));
            case SLICER:
                return new Slicer(a.get("average_size"), a.get("size_variation"), a.get("delay"));
            case LIMIT_DATA:
                return new LimitData(a.get("bytes"));
            case LIMIT_TIME:
                return new LimitTime(a.get("duration"));
            case PROXY_BANDWIDTH:
                return new ProxyBandwidth(sharedRate);
            case NOOP:
                return new Noop();
            default:
                throw new IllegalStateException("no stage for " + toxic.type());
        }
    }

    /** Transmission time of {@code bytes} at {@code bytesPerSecond}, in nanoseconds. */
    static long transmitNanos(long bytes, long bytesPerSecond) {
        return bytes * 1_000_000_000L / bytesPerSecond;
    }

    /**
     * Cuts {@code chunk} into pieces of at most 10 ms of transmission each, the first starting at {@code start}, each
     * released when its last byte would have left a link of {@code bytesPerSecond}.
     */
    static void pace(Chunk chunk, long start, long bytesPerSecond, Consumer<Chunk> next) {
        int length = chunk.length;
        int piece = (int) Math.max(1, Math.min(MAX_PACED_PIECE, bytesPerSecond / 100));
        for (int from = 0; from < length; from += piece) {
            int to = Math.min(length, from + piece);
            next.accept(chunk.slice(from, to, start + transmitNanos(to, bytesPerSecond)));
        }
    }

    static final class Noop extends ToxicStage {
        @Override
        boolean touchesData() {
            return false;
        }
    }

    /** Every chunk waits {@code latency ± jitter} ms after it was read (Toxiproxy: delay counted from arrival). */
    static final class Latency extends ToxicStage {
        private final long latency;
        private final long jitter;
        private StageContext context;

        Latency(long latency, long jitter) {
            this.latency = latency;
            this.jitter = jitter;
        }

        @Override
        boolean touchesData() {
            return latency > 0 || jitter > 0;
        }

        @Override
        void start(StageContext context, long now, ToxicStage previous) {
            this.context = context;
        }

        @Override
        void onChunk(Chunk chunk, Consumer<Chunk> next) {
            if (!chunk.isData()) {
                next.accept(chunk);
                return;
            }
            long delay = latency;
            if (jitter > 0) {
                delay += context.random().nextLong(-jitter, jitter + 1);
            }
            next.accept(chunk.readyAt(chunk.readyAt + Math.max(0, delay) * MILLIS));
        }
    }

    /**
     * Paces the link to {@code rate} KB/s; 0 leaves it unlimited (as Toxiproxy). Burst credit is capped at
     * {@link #BURST_CREDIT_NANOS} (Toxiproxy likewise carries its sleep error over to the next chunk).
     */
    static final class Bandwidth extends ToxicStage {
        private final long bytesPerSecond;
        private long nextFree = Long.MIN_VALUE;

        Bandwidth(long rateKb) {
            this.bytesPerSecond = rateKb * 1024;
        }

        @Override
        boolean touchesData() {
            return bytesPerSecond > 0;
        }

        @Override
        void start(StageContext context, long now, ToxicStage previous) {
            nextFree = previous instanceof Bandwidth ? ((Bandwidth) previous).nextFree : now;
        }

        @Override
        void onChunk(Chunk chunk, Consumer<Chunk> next) {
            if (!chunk.isData() || bytesPerSecond == 0) {
                next.accept(chunk);
                return;
            }
            long start = Math.max(chunk.readyAt - BURST_CREDIT_NANOS, nextFree);
            nextFree = start + transmitNanos(chunk.length, bytesPerSecond);
            pace(chunk, start, bytesPerSecond, next);
        }
    }

    /** Extension: like {@link Bandwidth}, but every link of the proxy (in this direction) shares one pacer. */
    static final class ProxyBandwidth extends ToxicStage {
        private final SharedRate rate;

        ProxyBandwidth(SharedRate rate) {
            this.rate = rate;
        }

        @Override
        boolean touchesData() {
            return rate.bytesPerSecond() > 0;
        }

        @Override
        void onChunk(Chunk chunk, Consumer<Chunk> next) {
            if (!chunk.isData() || rate.bytesPerSecond() == 0) {
                next.accept(chunk);
                return;
            }
            long start = rate.reserve(chunk.readyAt, chunk.length);
            pace(chunk, start, rate.bytesPerSecond(), next);
        }
    }

    /** Delays the end of the stream (and a close ordered upstream in the pipeline) by {@code delay} ms. */
    static final class SlowClose extends ToxicStage {
        private final long delay;

        SlowClose(long delay) {
            this.delay = delay;
        }

        @Override
        boolean touchesData() {
            return false;
        }

        @Override
        void onChunk(Chunk chunk, Consumer<Chunk> next) {
            next.accept(chunk.isData() ? chunk : chunk.readyAt(chunk.readyAt + delay * MILLIS));
        }
    }

    /**
     * Drops all data; closes the connection {@code timeout} ms after the toxic started applying to it, or never when
     * 0 (data then flows again once the toxic is removed). The end of the stream still passes.
     */
    static final class Timeout extends ToxicStage {
        private final long timeout;
        private EventLoop.Timer timer;

        Timeout(long timeout) {
            this.timeout = timeout;
        }

        @Override
        void start(StageContext context, long now, ToxicStage previous) {
            if (timeout > 0) {
                timer = context.schedule(now + timeout * MILLIS, () -> context.terminate(false));
            }
        }

        @Override
        void onChunk(Chunk chunk, Consumer<Chunk> next) {
            if (!chunk.isData()) {
                next.accept(chunk);
            }
        }

        @Override
        void stop() {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    /**
     * On the first data, drops it and resets the connection {@code timeout} ms later (at once for 0); data in between
     * is dropped too, as in Toxiproxy's reset_peer.
     */
    static final class ResetPeer extends ToxicStage {
        private final long timeout;
        private StageContext context;
        private EventLoop.Timer timer;
        private boolean triggered;

        ResetPeer(long timeout) {
            this.timeout = timeout;
        }

        @Override
        void start(StageContext context, long now, ToxicStage previous) {
            this.context = context;
        }

        @Override
        void onChunk(Chunk chunk, Consumer<Chunk> next) {
            if (!chunk.isData()) {
                next.accept(chunk);
                return;
            }
            if (!triggered) {
                triggered = true;
                if (timeout == 0) {
                    context.terminate(true);
                } else {
                    timer = context.schedule(context.now() + timeout * MILLIS, () -> context.terminate(true));
                }
            }
        }

        @Override
        void stop() {
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    /**
     * Cuts chunks by bisection, as Toxiproxy's slicer: a segment longer than {@code average_size + size_variation}
     * is split near its middle (± {@code size_variation}), so pieces end up between about half and one
     * {@code average_size} (+ variation). Pieces leave {@code delay} µs apart. {@code average_size} 0 leaves chunks
     * whole (Toxiproxy would recurse forever).
     */
    static final class Slicer extends ToxicStage {
        private final int averageSize;
        private final int sizeVariation;
        private final long delayNanos;
        private StageContext context;
        private long nextFree = Long.MIN_VALUE;

        Slicer(long averageSize, long sizeVariation, long delayMicros) {
            this.averageSize = (int) Math.min(Integer.MAX_VALUE, averageSize);
            this.sizeVariation = (int) Math.min(Integer.MAX_VALUE / 4, sizeVariation);
            this.delayNanos = delayMicros * MICROS;
        }

        @Override
        boolean keepsWriteBoundaries() {
            return averageSize > 0;
        }

        @Override
        void start(StageContext context, long now, ToxicStage previous) {
            this.context = context;
            this.nextFree = previous instanceof Slicer ? ((Slicer) previous).nextFree : now;
        }

        @Override
        void onChunk(Chunk chunk, Consumer<Chunk> next) {
            if (!chunk.isData() || averageSize == 0) {
                next.accept(chunk);
                return;
            }
            List<Integer> offsets = new ArrayList<>();
            offsets.add(0);
            cut(0, chunk.length, offsets);
            long time = Math.max(chunk.readyAt, nextFree);
            for (int i = 1; i < offsets.size(); i++) {
                next.accept(chunk.slice(offsets.get(i - 1), offsets.get(i), time));
                time += delayNanos;
            }
            nextFree = time;
        }

        private void cut(int start, int end, List<Integer> offsets) {
            int segment = end - start;
            if (segment - averageSize <= sizeVariation || segment <= 1) {
                offsets.add(end);
                return;
            }
            int mid = start + segment / 2;
            if (sizeVariation > 0) {
                mid += context.random().nextInt(sizeVariation * 2) - sizeVariation;
            }
            mid = Math.max(start + 1, Math.min(end - 1, mid));
            cut(start, mid, offsets);
            cut(mid, end, offsets);
        }
    }

    /** Lets {@code bytes} bytes through, then closes the connection once they are written (Toxiproxy's limit_data). */
    static final class LimitData extends ToxicStage {
        private final long limit;
        private long transmitted;
        private boolean closing;

        LimitData(long limit) {
            this.limit = limit;
        }

        @Override
        void start(StageContext context, long now, ToxicStage previous) {
            if (previous instanceof LimitData) {
                transmitted = ((LimitData) previous).transmitted;
            }
        }

        @Override
        void onChunk(Chunk chunk, Consumer<Chunk> next) {
            if (closing) {
                return;
            }
            if (!chunk.isData()) {
                next.accept(chunk);
                return;
            }
            long remaining = limit - transmitted;
            Chunk allowed = chunk.length > remaining ? chunk.slice(0, (int) remaining, chunk.readyAt) : chunk;
            if (allowed.length > 0) {
                transmitted += allowed.length;
                next.accept(allowed);
            }
            if (transmitted >= limit) {
                closing = true;
                next.accept(Chunk.terminate(chunk.readyAt));
            }
        }
    }

    /**
     * Extension: closes the connection {@code duration} ms after the toxic started applying to it. An update keeps
     * the original start, so lengthening the duration extends the same connection's life.
     */
    static final class LimitTime extends ToxicStage {
        private final long duration;
        private long startedAt;
        private EventLoop.Timer timer;

        LimitTime(long duration) {
            this.duration = duration;
        }

        @Override
        boolean touchesData() {
            return false;
        }

        @Override
        void start(StageContext context, long now, ToxicStage previous) {
            startedAt = previous instanceof LimitTime ? ((LimitTime) previous).startedAt : now;
            timer = context.schedule(startedAt + duration * MILLIS, () -> context.terminate(false));
        }

        @Override
        void stop() {
            if (timer != null) {
                timer.cancel();
            }
        }
    }
}
