package io.multisystem.symbolic.grpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;

/**
 * The service's own metrics: {@code symbolic_requests_total{rpc,outcome}}, {@code symbolic_request_seconds{rpc}},
 * {@code symbolic_proofs_total{status,method}}, {@code symbolic_solver_results_total{solver,status}} and
 * {@code symbolic_saturation_nodes_total}. Thread-safe (Micrometer meters are).
 */
public final class SymbolicMetrics {
    private final MeterRegistry registry;

    public SymbolicMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Metrics into a private registry, for tests and the in-process CLI. */
    public static SymbolicMetrics detached() {
        return new SymbolicMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    void request(String rpc, String outcome, Duration elapsed) {
        Counter.builder("symbolic.requests").description("symbolic-modeler RPCs by outcome")
                .tag("rpc", rpc).tag("outcome", outcome).register(registry).increment();
        Timer.builder("symbolic.request").description("symbolic-modeler RPC latency")
                .tag("rpc", rpc).register(registry).record(elapsed);
    }

    void proof(String status, String method) {
        Counter.builder("symbolic.proofs").description("equalities proved, disproved or left unknown")
                .tag("status", status).tag("method", method.isEmpty() ? "none" : method).register(registry).increment();
    }

    void solverResult(String solver, String status) {
        Counter.builder("symbolic.solver.results").description("SAT/SMT answers")
                .tag("solver", solver).tag("status", status).register(registry).increment();
    }

    void saturationNodes(int nodes) {
        Counter.builder("symbolic.saturation.nodes").description("e-nodes built by equality saturation")
                .register(registry).increment(nodes);
    }
}
