package io.multisystem.ledger.engine;

import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.Validation;
import io.multisystem.ledger.chain.ChainVerifier;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.decision.DecisionRequest;
import io.multisystem.ledger.decision.IpRange;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.decision.Scope;
import io.multisystem.ledger.detect.Event;
import io.multisystem.ledger.detect.Jail;
import io.multisystem.ledger.raft.ClusterStatus;
import io.multisystem.ledger.scenario.Scenario;
import io.multisystem.ledger.scenario.ScenarioRunner;
import io.multisystem.ledger.raft.LedgerNode;
import io.multisystem.ledger.state.LedgerEntry;
import io.multisystem.ledger.state.LedgerState;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The ledger as one service: ingestion (validation, idempotency by event id, per-domain rate limits, event-time
 * window, fail2ban jail detection per domain and event kind), the allowlist check, and decision writes and reads
 * through the Raft {@link LedgerNode}. Used by the gRPC service and by the CLI in-process.
 *
 * <p>Design: detection is local to the node that receives the events (its jails see every event of a domain that
 * reports to it); what it decides becomes a REPORT entry whose id is derived from the triggering events, so a
 * domain re-sending the same events after a failover cannot create a second decision. Cross-domain agreement
 * (local vs global) happens deterministically in the replicated state. Rate limits are token buckets per domain on
 * the injected clock, so one noisy domain is refused (RESOURCE_EXHAUSTED-like rejections, counted) without
 * slowing the others.
 */
public final class LedgerEngine {
    /** The outcome of a batch of events. */
    public record IngestResult(long accepted, long duplicates, long rejected, List<Decision> decisions,
                               List<String> errors) {
    }

    private static final int SEEN_EVENTS = 1_000_000;

    private final LedgerNode node;
    private final EngineOptions options;
    private final Clock clock;
    private final Map<String, Jail> jails = new HashMap<>();
    private final Map<String, double[]> rate = new HashMap<>();
    private final Map<String, ScenarioRunner> scenarioRunners = new HashMap<>();
    private volatile List<Scenario> scenarios = List.of();
    private final Map<String, Boolean> seenEvents = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_EVENTS;
        }
    };

    public LedgerEngine(LedgerNode node, EngineOptions options, Clock clock) {
        this.node = node;
        this.options = options;
        this.clock = clock;
    }

    public LedgerNode node() {
        return node;
    }

    /**
     * Runs these CrowdSec scenarios (in addition to the jail) over every accepted event, one set of buckets per
     * reporting domain; an overflow of a scenario with {@code labels.remediation: true} and scope Ip or Range
     * proposes a ban for {@code banTime}, citing the events in the bucket as evidence.
     */
    public synchronized void useScenarios(List<Scenario> loaded) {
        this.scenarios = List.copyOf(loaded);
        scenarioRunners.clear();
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** Ingests events: detection, then the decisions it proposes are committed before returning. */
    public IngestResult report(List<Event> events) {
        long accepted = 0;
        long duplicates = 0;
        long rejected = 0;
        List<String> errors = new ArrayList<>();
        List<LedgerEntry> entries = new ArrayList<>();
        synchronized (this) {
            for (Event e : events) {
                String problem = check(e);
                if (problem != null) {
                    rejected++;
                    if (errors.size() < 100) {
                        errors.add((e.id() == null || e.id().isEmpty() ? "(no id)" : e.id()) + ": " + problem);
                    }
                    continue;
                }
                if (seenEvents.putIfAbsent(e.domain() + "|" + e.id(), Boolean.TRUE) != null) {
                    duplicates++;
                    continue;
                }
                accepted++;
                String source = IpRange.parse(e.source()).toString();
                Jail jail = jails.computeIfAbsent(e.domain() + "|" + e.kind(), k -> new Jail(k, options.maxRetry(),
                        options.findTime(), options.banTime(), options.banIncrement(), options.banFactor(),
                        options.banMaxTime()));
                if (!scenarios.isEmpty()) {
                    ScenarioRunner runner = scenarioRunners.computeIfAbsent(e.domain(), d -> new ScenarioRunner(scenarios));
                    for (ScenarioRunner.Overflow o : runner.pour(e)) {
                        LedgerEntry entry = scenarioEntry(e.domain(), o);
                        if (entry != null) {
                            entries.add(entry);
                        }
                    }
                }
                Jail.Ban ban = jail.fail(source, e.time(), e.hash());
                if (ban == null) {
                    continue;
                }
                if (node.state().policy().allowlist().protecting(IpRange.parse(source)) != null) {
                    continue;
                }
                DecisionRequest r = new DecisionRequest("ban", Scope.IP, source, ban.duration().toMillis(), e.domain(),
                        "jail:" + e.kind(), ban.evidence(), "").validated();
                entries.add(LedgerEntry.report("report:" + e.domain() + ":" + ban.evidence().get(ban.evidence().size() - 1), r));
            }
        }
        List<Decision> decisions = new ArrayList<>();
        if (!entries.isEmpty()) {
            for (LedgerState.EntryOutcome o : node.submitAndWait(entries, options.commitTimeout().toMillis())) {
                for (String id : o.created()) {
                    Decision d = node.state().decision(id);
                    if (d != null) {
                        decisions.add(d);
                    }
                }
            }
        }
        return new IngestResult(accepted, duplicates, rejected, decisions, errors);
    }

    private LedgerEntry scenarioEntry(String domain, ScenarioRunner.Overflow o) {
        if (!o.remediation()) {
            return null;
        }
        Scope scope;
        try {
            scope = Scope.parse(o.scopeType());
        } catch (RuntimeException ex) {
            return null;
        }
        if (scope == Scope.USER || !IpRange.isValid(o.scopeValue())) {
            return null;
        }
        IpRange target = IpRange.parse(o.scopeValue());
        scope = target.isSingleAddress() ? Scope.IP : Scope.RANGE;
        if (node.state().policy().allowlist().protecting(target) != null) {
            return null;
        }
        List<String> evidence = o.evidence();
        DecisionRequest r = new DecisionRequest("ban", scope, target.toString(), options.banTime().toMillis(), domain,
                o.scenario(), evidence, "").validated();
        return LedgerEntry.report("report:" + domain + ":" + o.scenario() + ":" + evidence.get(evidence.size() - 1), r);
    }

    private String check(Event e) {
        if (e.id() == null || e.id().isBlank() || e.id().length() > 128) {
            return "id must be 1..128 characters";
        }
        if (e.domain() == null || !DecisionRequest.DOMAIN.matcher(e.domain()).matches()) {
            return "domain '" + e.domain() + "' must be lowercase letters, digits, . _ - (at most 63)";
        }
        if (e.kind() == null || e.kind().isBlank() || e.kind().length() > 64) {
            return "kind must be 1..64 characters";
        }
        if (!IpRange.isValid(e.source()) || e.source().contains("/")) {
            return "source '" + e.source() + "' is not an IPv4/IPv6 address";
        }
        if (e.time() == null) {
            return "time is required";
        }
        Instant now = clock.instant();
        if (options.maxPast() != null && e.time().isBefore(now.minus(options.maxPast()))) {
            return "time " + e.time() + " is more than " + options.maxPast() + " in the past";
        }
        if (options.maxFuture() != null && e.time().isAfter(now.plus(options.maxFuture()))) {
            return "time " + e.time() + " is more than " + options.maxFuture() + " in the future";
        }
        double[] bucket = rate.computeIfAbsent(e.domain(), k -> new double[]{options.burst(), clock.millis()});
        long t = clock.millis();
        bucket[0] = Math.min(options.burst(), bucket[0] + (t - bucket[1]) / 1000.0 * options.eventsPerSecond());
        bucket[1] = t;
        if (bucket[0] < 1) {
            return "rate limit of domain " + e.domain() + " exceeded (" + options.eventsPerSecond() + " events/s)";
        }
        bucket[0] -= 1;
        return null;
    }

    /** Linearizable list of active decisions. */
    public List<Decision> list(String domain, String scope, String value) {
        node.readBarrier();
        Scope s = scope == null || scope.isBlank() ? null : Scope.parse(scope);
        String v = value == null || value.isBlank() ? null : value;
        if (v != null && s != Scope.USER && IpRange.isValid(v)) {
            v = IpRange.parse(v).toString();
        }
        List<Decision> out = new ArrayList<>();
        for (Decision d : node.state().active(clock.millis(), domain == null || domain.isBlank() ? null : domain)) {
            if ((s == null || d.scope() == s) && (v == null || d.value().equals(v))) {
                out.add(d);
            }
        }
        return out;
    }

    /** An operator decision; refuses allowlisted targets before anything is proposed. */
    public LedgerState.EntryOutcome add(DecisionRequest request, String requestId) {
        DecisionRequest r = request.validated();
        if (r.scope() != Scope.USER) {
            IpRange protectedBy = node.state().policy().allowlist().protecting(IpRange.parse(r.value()));
            if (protectedBy != null) {
                throw LedgerErrors.invalid(LedgerErrors.ALLOWLISTED, "value",
                        r.value() + " overlaps the allowlisted range " + protectedBy + " and is never blocked");
            }
        }
        String id = requestId == null || requestId.isBlank() ? "add:" + UUID.randomUUID() : "add:" + requestId;
        return node.submitAndWait(List.of(LedgerEntry.add(id, r)), options.commitTimeout().toMillis()).get(0);
    }

    /** Unblock by id or by target; NOT_FOUND if nothing matched. */
    public List<String> delete(String decisionId, String scope, String value, String reason, String requestId) {
        String id = requestId == null || requestId.isBlank() ? "del:" + UUID.randomUUID() : "del:" + requestId;
        LedgerEntry entry;
        if (decisionId != null && !decisionId.isBlank()) {
            entry = LedgerEntry.deleteById(id, decisionId.strip(), reason);
        } else {
            Validation v = Validation.of(LedgerErrors.COMPONENT);
            v.require(scope != null && !scope.isBlank(), "scope", "give a decision id, or a scope and a value");
            v.require(value != null && !value.isBlank(), "value", "give a decision id, or a scope and a value");
            v.throwIfInvalid();
            Scope s = Scope.parse(scope);
            String canonical = s == Scope.USER ? value : new DecisionRequest("ban", s, value, 1, "operator", "",
                    List.of(), "").validated().value();
            entry = LedgerEntry.deleteByTarget(id, s, canonical, reason);
        }
        LedgerState.EntryOutcome o = node.submitAndWait(List.of(entry), options.commitTimeout().toMillis()).get(0);
        if (o.deleted().isEmpty() && !"duplicate".equals(o.status())) {
            throw new NotFoundException(LedgerErrors.COMPONENT, LedgerErrors.DECISION_NOT_FOUND,
                    "no active decision matches " + (decisionId != null && !decisionId.isBlank() ? "id " + decisionId
                            : scope + " " + value));
        }
        return o.deleted();
    }

    public ChainVerifier.Report verify(Set<String> trustedKeys) {
        node.readBarrier();
        return node.state().verify(trustedKeys);
    }

    public LedgerState.Proof prove(String decisionId) {
        node.readBarrier();
        LedgerState.Proof p = node.state().prove(decisionId);
        if (p == null) {
            throw new NotFoundException(LedgerErrors.COMPONENT, LedgerErrors.DECISION_NOT_FOUND,
                    "no decision with id " + decisionId + " was ever recorded in the ledger");
        }
        return p;
    }

    public ClusterStatus status() {
        return node.status();
    }
}
