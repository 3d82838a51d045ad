package io.multisystem.contract.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multisystem.contract.engine.Backend;
import io.multisystem.contract.engine.Contract;
import io.multisystem.contract.engine.ContractEngine;
import io.multisystem.contract.eval.Response;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the engine's work: {@code contract_compilations_total}, {@code contract_compile_seconds},
 * {@code contract_decisions_total{backend,decision}}, {@code contract_decision_seconds{backend}},
 * {@code contract_policy_errors_total}, {@code contract_rate_limit_checks_total{limit,allowed}},
 * {@code contract_analysis_checks_total{check,verdict}} and {@code contract_analysis_seconds}.
 */
final class ContractMetrics implements ContractEngine.Observer {
    private final MeterRegistry registry;
    private final Counter compilations;
    private final Timer compileTime;
    private final Counter policyErrors;

    ContractMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.compilations = Counter.builder("contract.compilations").description("contract sources parsed and compiled").register(registry);
        this.compileTime = Timer.builder("contract.compile").description("time to parse a contract source").register(registry);
        this.policyErrors = Counter.builder("contract.policy.errors").description("policies skipped because evaluation errored").register(registry);
    }

    @Override
    public void compiled(Contract c, long nanos) {
        compilations.increment();
        compileTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void decided(Backend backend, Response response, long nanos) {
        String b = backend.name().toLowerCase();
        registry.counter("contract.decisions", "backend", b, "decision", response.decision().name().toLowerCase()).increment();
        Timer.builder("contract.decision").tag("backend", b).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        if (!response.errors().isEmpty()) {
            policyErrors.increment(response.errors().size());
        }
    }

    @Override
    public void analyzed(io.multisystem.contract.analysis.Analysis.Report report, long nanos) {
        for (io.multisystem.contract.analysis.Analysis.Result r : report.results()) {
            registry.counter("contract.analysis.checks", "check", r.check().cliName, "verdict",
                    r.verdict().name().toLowerCase()).increment();
        }
        Timer.builder("contract.analysis").description("time of one Analyze call (all its checks)").register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void rateLimited(String limit, boolean allowed) {
        registry.counter("contract.rate.limit.checks", "limit", limit, "allowed", Boolean.toString(allowed)).increment();
    }
}
