package io.multisystem.benchmarks.ledger;

import io.multisystem.ledger.detect.Event;
import io.multisystem.ledger.scenario.ScenarioLoader;
import io.multisystem.ledger.scenario.ScenarioRunner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Detection throughput through a CrowdSec scenario file (filter and groupby expressions evaluated per event, as a hub
 * scenario would be): a leaky bucket grouped by source over 100,000 distinct addresses, one core.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScenarioBenchmark {
    static final int ADDRESSES = 100_000;
    static final int EVENTS = 200_000;
    Event[] events;
    ScenarioRunner runner;

    @Setup
    public void setup() {
        events = new Event[ADDRESSES * 2];
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        long seed = 42;
        for (int i = 0; i < events.length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            int k = (int) ((seed >>> 33) % ADDRESSES);
            String ip = "10." + (k >> 16) + "." + ((k >> 8) & 255) + "." + (k & 255);
            events[i] = new Event("e" + i, "web", ip, "http_access-log", Map.of("service", "http", "http_status",
                    i % 3 == 0 ? "200" : "404", "http_path", "/p" + (i % 7)), t0.plusMillis(i));
        }
        runner = new ScenarioRunner(ScenarioLoader.parse("bench.yaml", """
                type: leaky
                name: bench/http-404
                filter: "evt.Meta.service == 'http' && evt.Meta.http_status in ['404', '403']"
                groupby: evt.Meta.source_ip
                capacity: 10
                leakspeed: 1s
                blackhole: 1m
                labels:
                  remediation: true
                """));
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long scenarioEvents() {
        long overflows = 0;
        for (int i = 0; i < EVENTS; i++) {
            overflows += runner.pour(events[i % events.length]).size();
        }
        return overflows;
    }
}
