package io.multisystem.benchmarks.ledger;

import io.multisystem.ledger.detect.LeakyBucket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Detection throughput: a CrowdSec-style leaky bucket grouped by source over 100,000 distinct addresses (one core). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LeakyBucketBenchmark {
    static final int ADDRESSES = 100_000;
    static final int EVENTS = 1_000_000;
    String[] keys;
    LeakyBucket bucket;
    long time;

    @Setup
    public void setup() {
        keys = new String[ADDRESSES];
        for (int i = 0; i < ADDRESSES; i++) {
            keys[i] = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
        }
        bucket = new LeakyBucket("http-probing", 10, Duration.ofSeconds(1), Duration.ofMinutes(1), e -> e.source());
        time = 1_700_000_000_000L;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long leakyBucketEvents() {
        long overflows = 0;
        long seed = time;
        for (int i = 0; i < EVENTS; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int k = (int) ((seed >>> 33) % ADDRESSES);
            time += 1;
            if (bucket.add(keys[k], time) != null) {
                overflows++;
            }
        }
        return overflows;
    }
}
