package io.multisystem.ledger.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.error.PermissionDeniedException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.ledger.access.ApiKeyStore;
import io.multisystem.ledger.chain.ChainVerifier;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.decision.DecisionRequest;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.decision.Scope;
import io.multisystem.ledger.detect.Event;
import io.multisystem.ledger.engine.LedgerEngine;
import io.multisystem.ledger.state.Change;
import io.multisystem.ledger.state.LedgerState;
import io.multisystem.ledger.v1.AddDecisionRequest;
import io.multisystem.ledger.v1.AddDecisionResponse;
import io.multisystem.ledger.v1.ClusterStatusRequest;
import io.multisystem.ledger.v1.ClusterStatusResponse;
import io.multisystem.ledger.v1.DecisionChange;
import io.multisystem.ledger.v1.DeleteDecisionRequest;
import io.multisystem.ledger.v1.DeleteDecisionResponse;
import io.multisystem.ledger.v1.LedgerServiceGrpc;
import io.multisystem.ledger.v1.ListDecisionsRequest;
import io.multisystem.ledger.v1.ListDecisionsResponse;
import io.multisystem.ledger.v1.ProveDecisionRequest;
import io.multisystem.ledger.v1.ProveDecisionResponse;
import io.multisystem.ledger.v1.ReportEventsResponse;
import io.multisystem.ledger.v1.VerifyLedgerRequest;
import io.multisystem.ledger.v1.VerifyLedgerResponse;
import io.multisystem.ledger.v1.WatchDecisionsRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code io.multisystem.ledger.v1.LedgerService} over a {@link LedgerEngine}. Errors are PlatformExceptions, mapped
 * to gRPC status by the platform's handler; {@code WatchDecisions} replays the retained changes after
 * {@code since_version} (or every active decision when that is 0 or too old), then streams live changes.
 */
public final class LedgerGrpcService extends LedgerServiceGrpc.LedgerServiceImplBase {
    private static final int REPORT_BATCH = 500;

    private final LedgerEngine engine;
    private final Counter eventsAccepted;
    private final Counter eventsRejected;
    private final Counter eventsDuplicate;
    private final Counter decisionsCreated;
    private final Timer reportTimer;
    private final Timer writeTimer;

    public LedgerGrpcService(LedgerEngine engine, MeterRegistry registry) {
        this.engine = engine;
        MeterRegistry r = registry == null ? new SimpleMeterRegistry() : registry;
        this.eventsAccepted = Counter.builder("ledger.events").tag("outcome", "accepted")
                .description("security events ingested").register(r);
        this.eventsRejected = Counter.builder("ledger.events").tag("outcome", "rejected").register(r);
        this.eventsDuplicate = Counter.builder("ledger.events").tag("outcome", "duplicate").register(r);
        this.decisionsCreated = Counter.builder("ledger.decisions.committed")
                .description("decisions created by reports and operators").register(r);
        this.reportTimer = Timer.builder("ledger.report.batch").description("time to ingest and commit an event batch")
                .register(r);
        this.writeTimer = Timer.builder("ledger.decision.write").description("time to commit an operator write")
                .register(r);
        engine.node().state().addListener(changes -> {
            for (Change c : changes) {
                if (!c.deleted()) {
                    decisionsCreated.increment();
                }
            }
        });
    }

    @Override
    public StreamObserver<io.multisystem.ledger.v1.Event> reportEvents(StreamObserver<ReportEventsResponse> out) {
        ApiKeyStore.KeyRecord key = ApiKeyInterceptor.KEY.get();
        return new StreamObserver<>() {
            private final List<Event> batch = new ArrayList<>();
            private final ReportEventsResponse.Builder total = ReportEventsResponse.newBuilder();
            private boolean failed;

            @Override
            public void onNext(io.multisystem.ledger.v1.Event e) {
                if (failed) {
                    return;
                }
                if (key != null && !key.domain().equals(e.getDomain())) {
                    failed = true;
                    batch.clear();
                    out.onError(GrpcErrors.toStatusException(new PermissionDeniedException(LedgerErrors.COMPONENT,
                            "DOMAIN_MISMATCH", "API key " + key.id() + " belongs to domain '" + key.domain()
                            + "' and may only report events of that domain, not of '" + e.getDomain()
                            + "' (event " + e.getId() + "); events of this call not yet committed were dropped")));
                    return;
                }
                Instant time = e.hasTime() ? Protos.instant(e.getTime()) : null;
                batch.add(new Event(e.getId(), e.getDomain(), e.getSource(), e.getKind(), Map.copyOf(e.getLabelsMap()), time));
                if (batch.size() >= REPORT_BATCH) {
                    flush();
                }
            }

            private void flush() {
                if (batch.isEmpty()) {
                    return;
                }
                try {
                    LedgerEngine.IngestResult r = reportTimer.recordCallable(() -> engine.report(List.copyOf(batch)));
                    batch.clear();
                    eventsAccepted.increment(r.accepted());
                    eventsRejected.increment(r.rejected());
                    eventsDuplicate.increment(r.duplicates());
                    total.setAccepted(total.getAccepted() + r.accepted())
                            .setDuplicates(total.getDuplicates() + r.duplicates())
                            .setRejected(total.getRejected() + r.rejected());
                    r.decisions().forEach(d -> total.addDecisions(Protos.decision(d)));
                    for (String err : r.errors()) {
                        if (total.getErrorsCount() < 100) {
                            total.addErrors(err);
                        }
                    }
                } catch (RuntimeException ex) {
                    failed = true;
                    out.onError(GrpcErrors.toStatusException(ex));
                } catch (Exception ex) {
                    failed = true;
                    out.onError(GrpcErrors.toStatusException(new UnavailableException(LedgerErrors.COMPONENT,
                            LedgerErrors.CLUSTER_UNAVAILABLE, Severity.DEGRADED, ex.getMessage(), Map.of(), ex)));
                }
            }

            @Override
            public void onError(Throwable t) {
                batch.clear();
            }

            @Override
            public void onCompleted() {
                flush();
                if (!failed) {
                    out.onNext(total.build());
                    out.onCompleted();
                }
            }
        };
    }

    @Override
    public void listDecisions(ListDecisionsRequest request, StreamObserver<ListDecisionsResponse> out) {
        long version = engine.node().state().version();
        List<Decision> list = engine.list(request.getDomain(), request.getScope(), request.getValue());
        ListDecisionsResponse.Builder b = ListDecisionsResponse.newBuilder().setVersion(Math.max(version,
                engine.node().state().version()));
        list.forEach(d -> b.addDecisions(Protos.decision(d)));
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void addDecision(AddDecisionRequest request, StreamObserver<AddDecisionResponse> out) {
        long millis = request.hasDuration() ? request.getDuration().getSeconds() * 1000
                + request.getDuration().getNanos() / 1_000_000 : 4 * 3600_000L;
        Scope scope = Scope.parse(request.getScope());
        DecisionRequest r = new DecisionRequest(request.getType().isEmpty() ? "ban" : request.getType(), scope,
                request.getValue(), millis, request.getOrigin().isEmpty() ? "operator" : request.getOrigin(),
                request.getReason(), List.of(), request.getAppliesTo());
        LedgerState.EntryOutcome o = writeTimer.record(() -> engine.add(r, request.getRequestId()));
        AddDecisionResponse.Builder b = AddDecisionResponse.newBuilder().setStatus(o.status());
        for (String id : o.created()) {
            Decision d = engine.node().state().decision(id);
            if (d != null) {
                b.addDecisions(Protos.decision(d));
            }
        }
        out.onNext(b.build());
        out.onCompleted();
    }

    @Override
    public void deleteDecision(DeleteDecisionRequest request, StreamObserver<DeleteDecisionResponse> out) {
        List<String> deleted = writeTimer.record(() -> engine.delete(request.getId(), request.getScope(),
                request.getValue(), request.getReason(), request.getRequestId()));
        out.onNext(DeleteDecisionResponse.newBuilder().addAllDeletedIds(deleted).build());
        out.onCompleted();
    }

    @Override
    public void watchDecisions(WatchDecisionsRequest request, StreamObserver<DecisionChange> responses) {
        ServerCallStreamObserver<DecisionChange> out = (ServerCallStreamObserver<DecisionChange>) responses;
        String domain = request.getDomain().isEmpty() ? null : request.getDomain();
        LedgerState state = engine.node().state();
        Object lock = new Object();
        long[] last = {request.getSinceVersion()};
        Consumer<List<Change>> listener = changes -> {
            synchronized (lock) {
                for (Change c : changes) {
                    if (c.version() > last[0]) {
                        send(out, c, domain, false);
                        last[0] = c.version();
                    }
                }
            }
        };
        synchronized (lock) {
            state.addListener(listener);
            List<Change> backlog = request.getSinceVersion() == 0 ? null : state.changesSince(request.getSinceVersion());
            if (backlog == null) {
                long v = state.version();
                for (Decision d : state.active(System.currentTimeMillis(), domain)) {
                    send(out, new Change(d.version(), false, d), domain, true);
                }
                last[0] = Math.max(last[0], v);
            } else {
                for (Change c : backlog) {
                    send(out, c, domain, false);
                    last[0] = c.version();
                }
            }
        }
        out.setOnCancelHandler(() -> state.removeListener(listener));
    }

    private static void send(ServerCallStreamObserver<DecisionChange> out, Change c, String domain, boolean resync) {
        Decision d = c.decision();
        if (domain != null && !d.isGlobal() && !d.appliesTo().equals(domain)) {
            return;
        }
        if (out.isCancelled()) {
            return;
        }
        out.onNext(DecisionChange.newBuilder().setVersion(c.version()).setDeleted(c.deleted())
                .setDecision(Protos.decision(d)).setResync(resync).build());
    }

    @Override
    public void verifyLedger(VerifyLedgerRequest request, StreamObserver<VerifyLedgerResponse> out) {
        ChainVerifier.Report r = engine.verify(new HashSet<>(request.getTrustedKeysList()));
        out.onNext(VerifyLedgerResponse.newBuilder().setOk(r.ok()).setBlocks(r.blocks()).setEntries(r.entries())
                .setHeadHash(r.headHash()).addAllProblems(r.problems()).build());
        out.onCompleted();
    }

    @Override
    public void proveDecision(ProveDecisionRequest request, StreamObserver<ProveDecisionResponse> out) {
        if (request.getId().isBlank()) {
            throw LedgerErrors.invalid(LedgerErrors.INVALID_DECISION, "id", "is required");
        }
        out.onNext(Protos.proof(engine.prove(request.getId())));
        out.onCompleted();
    }

    @Override
    public void clusterStatus(ClusterStatusRequest request, StreamObserver<ClusterStatusResponse> out) {
        out.onNext(Protos.status(engine.status(), engine.node().publicKeyHex()));
        out.onCompleted();
    }
}
