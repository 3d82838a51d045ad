package io.multisystem.chaos.proxy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** The stages' arithmetic, on a fake clock: no sockets, fully deterministic. */
class ToxicStagesTest {
    private static final long T0 = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private final FakeContext context = new FakeContext();
    private final List<Chunk> out = new ArrayList<>();

    private ToxicStage stage(ToxicType type, Map<String, Long> attributes) {
        Toxic toxic = new Toxic("t", StreamDirection.DOWNSTREAM, 1.0, ToxicAttributes.defaults(type, attributes),
                SourceFilter.any(), null);
        ToxicStage stage = ToxicStages.create(toxic, new SharedRate(attributes.getOrDefault("rate", 0L)));
        stage.start(context, T0, null);
        return stage;
    }

    private static Chunk data(int size, long at) {
        return Chunk.data(new byte[size], at);
    }

    @Test
    void latencyDelaysEachChunkFromItsArrival() {
        ToxicStage latency = stage(ToxicType.LATENCY, Map.of("latency", 200L));
        latency.onChunk(data(10, T0), out::add);
        latency.onChunk(data(10, T0 + 50 * MS), out::add);
        assertThat(out).extracting(c -> c.readyAt).containsExactly(T0 + 200 * MS, T0 + 250 * MS);
    }

    @Test
    void latencyJitterStaysWithinBounds() {
        ToxicStage latency = stage(ToxicType.LATENCY, Map.of("latency", 100L, "jitter", 20L));
        for (int i = 0; i < 200; i++) {
            latency.onChunk(data(1, T0), out::add);
        }
        assertThat(out).allSatisfy(c -> assertThat(c.readyAt - T0).isBetween(80 * MS, 120 * MS));
    }

    @Test
    void bandwidthReleasesBytesAtTheConfiguredRate() {
        ToxicStage bandwidth = stage(ToxicType.BANDWIDTH, Map.of("rate", 100L));
        bandwidth.onChunk(data(51_200, T0), out::add);
        bandwidth.onChunk(data(51_200, T0), out::add);
        long last = out.get(out.size() - 1).readyAt;
        assertThat(last - T0).isEqualTo(1_000 * MS);
        assertThat(out).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(1024));
    }

    @Test
    void slicerCutsByBisectionIntoPiecesNoLargerThanAverageSize() {
        ToxicStage slicer = stage(ToxicType.SLICER, Map.of("average_size", 100L, "delay", 1000L));
        slicer.onChunk(data(4000, T0), out::add);
        assertThat(out).hasSize(64);
        assertThat(out).allSatisfy(c -> assertThat(c.length).isBetween(50, 100));
        assertThat(out.get(63).readyAt - out.get(0).readyAt).isEqualTo(63 * MS);
    }

    @Test
    void slicerWithVariationKeepsPiecesWithinAveragePlusVariation() {
        ToxicStage slicer = stage(ToxicType.SLICER, Map.of("average_size", 64L, "size_variation", 16L));
        slicer.onChunk(data(10_000, T0), out::add);
        assertThat(out.stream().mapToInt(c -> c.length).sum()).isEqualTo(10_000);
        assertThat(out).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(80));
    }

    @Test
    void limitDataTruncatesAndThenTerminates() {
        ToxicStage limit = stage(ToxicType.LIMIT_DATA, Map.of("bytes", 150L));
        limit.onChunk(data(100, T0), out::add);
        limit.onChunk(data(100, T0), out::add);
        limit.onChunk(data(100, T0), out::add);
        assertThat(out).extracting(c -> c.kind).containsExactly(Chunk.Kind.DATA, Chunk.Kind.DATA, Chunk.Kind.TERMINATE);
        assertThat(out.get(1).length).isEqualTo(50);
    }

    @Test
    void slowCloseDelaysOnlyTheEndOfStream() {
        ToxicStage slowClose = stage(ToxicType.SLOW_CLOSE, Map.of("delay", 300L));
        slowClose.onChunk(data(1, T0), out::add);
        slowClose.onChunk(Chunk.endOfStream(T0), out::add);
        assertThat(out).extracting(c -> c.readyAt).containsExactly(T0, T0 + 300 * MS);
    }

    @Test
    void timeoutDropsDataAndSchedulesTheClose() {
        ToxicStage timeout = stage(ToxicType.TIMEOUT, Map.of("timeout", 250L));
        timeout.onChunk(data(10, T0), out::add);
        assertThat(out).isEmpty();
        assertThat(context.scheduled).containsExactly(T0 + 250 * MS);
    }

    @Test
    void timeoutZeroNeverSchedulesAClose() {
        stage(ToxicType.TIMEOUT, Map.of("timeout", 0L));
        assertThat(context.scheduled).isEmpty();
    }

    @Test
    void resetPeerWithZeroTimeoutResetsOnFirstData() {
        ToxicStage reset = stage(ToxicType.RESET_PEER, Map.of());
        reset.onChunk(data(1, T0), out::add);
        assertThat(context.terminatedWithReset).isTrue();
        assertThat(out).isEmpty();
    }

    @Test
    void proxyBandwidthSharesOnePacerBetweenLinks() {
        SharedRate shared = new SharedRate(100);
        Toxic toxic = new Toxic("cap", StreamDirection.DOWNSTREAM, 1.0,
                ToxicAttributes.defaults(ToxicType.PROXY_BANDWIDTH, Map.of("rate", 100L)), SourceFilter.any(), null);
        ToxicStage first = ToxicStages.create(toxic, shared);
        ToxicStage second = ToxicStages.create(toxic, shared);
        first.onChunk(data(51_200, T0), out::add);
        second.onChunk(data(51_200, T0), out::add);
        assertThat(out.get(out.size() - 1).readyAt - T0).isEqualTo(1_000 * MS);
    }

    private static final class FakeContext implements StageContext {
        final List<Long> scheduled = new ArrayList<>();
        boolean terminatedWithReset;
        final Random random = new Random(7);

        @Override
        public long now() {
            return T0;
        }

        @Override
        public EventLoop.Timer schedule(long deadline, Runnable action) {
            scheduled.add(deadline);
            return null;
        }

        @Override
        public void terminate(boolean reset) {
            terminatedWithReset |= reset;
        }

        @Override
        public RandomGenerator random() {
            return random;
        }
    }
}
