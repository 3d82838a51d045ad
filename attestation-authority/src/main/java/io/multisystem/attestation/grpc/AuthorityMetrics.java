package io.multisystem.attestation.grpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multisystem.attestation.authority.Authority;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The authority's own metrics: {@code attestation_issued_total}, {@code attestation_verified_total{verdict}},
 * {@code attestation_revoked_total{target}}, {@code attestation_delegations_total}, timers
 * {@code attestation_issue_seconds} and {@code attestation_verify_seconds}, and the gauge
 * {@code attestation_log_size}. Thread-safe.
 */
public final class AuthorityMetrics {
    private final MeterRegistry registry;
    private final Counter issued;
    private final Counter issuers;
    private final Timer issueTimer;
    private final Timer verifyTimer;
    private final ConcurrentMap<String, Counter> verified = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> revoked = new ConcurrentHashMap<>();

    public AuthorityMetrics(MeterRegistry registry, Authority authority) {
        this.registry = registry;
        this.issued = Counter.builder("attestation.issued").description("attestations issued").register(registry);
        this.issuers = Counter.builder("attestation.issuers.registered")
                .description("roots and delegations registered").register(registry);
        this.issueTimer = Timer.builder("attestation.issue").description("time to issue and log")
                .publishPercentileHistogram(false).register(registry);
        this.verifyTimer = Timer.builder("attestation.verify").description("time to verify one envelope")
                .register(registry);
        Gauge.builder("attestation.log.size", authority, Authority::logSize)
                .description("committed transparency log size").register(registry);
    }

    Timer issueTimer() {
        return issueTimer;
    }

    Timer verifyTimer() {
        return verifyTimer;
    }

    void issued(int count) {
        issued.increment(count);
    }

    void issuerRegistered() {
        issuers.increment();
    }

    void verified(boolean valid, String primaryReason) {
        String verdict = valid ? "VALID" : primaryReason;
        verified.computeIfAbsent(verdict, v -> Counter.builder("attestation.verified")
                .description("verifications by verdict (VALID or the first reason)").tag("verdict", v)
                .register(registry)).increment();
    }

    void revoked(String target) {
        revoked.computeIfAbsent(target, t -> Counter.builder("attestation.revoked")
                .description("revocations by target kind").tag("target", t).register(registry)).increment();
    }
}
