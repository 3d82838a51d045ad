package io.multisystem.chaos.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.experiment.ChaosObserver;
import io.multisystem.chaos.experiment.RunStatus;
import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.ProxyTraffic;
import io.multisystem.chaos.proxy.StreamDirection;

import java.time.Duration;

/**
 * Micrometer meters of the engine's work: {@code chaos_experiments_total{status,deviated}},
 * {@code chaos_experiment_duration_seconds}, {@code chaos_faults_injected_total{kind}},
 * {@code chaos_faults_reverted_total{kind}}, {@code chaos_hypothesis_checks_total{met}}, the gauge
 * {@code chaos_faults_active} and {@code chaos_proxy_bytes_total{direction}} (bytes the proxies forwarded).
 */
final class ChaosMetrics implements ChaosObserver {
    private final MeterRegistry registry;

    ChaosMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void bind(ChaosEngine engine, FaultProxyEngine proxies) {
        Gauge.builder("chaos.faults.active", engine, e -> e.activeFaults().size())
                .description("faults journaled and not yet reverted").register(registry);
        if (proxies != null) {
            for (StreamDirection direction : StreamDirection.values()) {
                FunctionCounter.builder("chaos.proxy.bytes", proxies, p -> sentBytes(p, direction))
                        .tag("direction", direction.wireName()).baseUnit("bytes")
                        .description("bytes the fault proxies delivered").register(registry);
            }
        }
    }

    private static double sentBytes(FaultProxyEngine proxies, StreamDirection direction) {
        try {
            return proxies.traffic().stream().filter(t -> t.direction() == direction)
                    .mapToLong(ProxyTraffic::sentBytes).sum();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void experimentFinished(RunStatus status, boolean deviated, Duration duration) {
        Counter.builder("chaos.experiments").tag("status", status.wireName()).tag("deviated", String.valueOf(deviated))
                .description("experiment runs by outcome").register(registry).increment();
        Timer.builder("chaos.experiment.duration").tag("status", status.wireName()).register(registry)
                .record(duration);
    }

    @Override
    public void faultInjected(String kind) {
        Counter.builder("chaos.faults.injected").tag("kind", kind).register(registry).increment();
    }

    @Override
    public void faultReverted(String kind) {
        Counter.builder("chaos.faults.reverted").tag("kind", kind).register(registry).increment();
    }

    @Override
    public void hypothesisChecked(boolean met) {
        Counter.builder("chaos.hypothesis.checks").tag("met", String.valueOf(met)).register(registry).increment();
    }
}
