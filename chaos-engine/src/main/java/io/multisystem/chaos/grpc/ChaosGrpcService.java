package io.multisystem.chaos.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.multisystem.chaos.experiment.ActiveFault;
import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.experiment.Experiment;
import io.multisystem.chaos.experiment.ExperimentPlan;
import io.multisystem.chaos.experiment.RunStatus;
import io.multisystem.chaos.v1.AbortRequest;
import io.multisystem.chaos.v1.AbortResponse;
import io.multisystem.chaos.v1.ChaosServiceGrpc;
import io.multisystem.chaos.v1.Fault;
import io.multisystem.chaos.v1.GetJournalRequest;
import io.multisystem.chaos.v1.Journal;
import io.multisystem.chaos.v1.ListFaultsRequest;
import io.multisystem.chaos.v1.ListFaultsResponse;
import io.multisystem.chaos.v1.PlanRequest;
import io.multisystem.chaos.v1.PlanResponse;
import io.multisystem.chaos.v1.PlannedFault;
import io.multisystem.chaos.v1.RunEvent;
import io.multisystem.chaos.v1.RunRequest;
import io.multisystem.chaos.v1.ValidateRequest;
import io.multisystem.chaos.v1.ValidateResponse;
import io.multisystem.core.error.InvalidInputException;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code io.multisystem.chaos.v1.ChaosService}: translates requests to the {@link ChaosEngine} and back. Errors are
 * the engine's PlatformExceptions, mapped to gRPC status by the platform's handler. A Run stream delivers every
 * progress event; cancelling it aborts the run so that no fault outlives its caller.
 */
public final class ChaosGrpcService extends ChaosServiceGrpc.ChaosServiceImplBase {
    private final ChaosEngine engine;

    public ChaosGrpcService(ChaosEngine engine) {
        this.engine = engine;
    }

    @Override
    public void validate(ValidateRequest request, StreamObserver<ValidateResponse> responses) {
        Experiment e = engine.validate(request.getExperiment());
        responses.onNext(ValidateResponse.newBuilder()
                .setTitle(e.title())
                .setMethodActivities(e.method().size())
                .setHypothesisProbes(e.hypothesis() == null ? 0 : e.hypothesis().probes().size())
                .setRolloutStages(e.rollout().size())
                .setRollbacks(e.rollbacks().size())
                .build());
        responses.onCompleted();
    }

    @Override
    public void plan(PlanRequest request, StreamObserver<PlanResponse> responses) {
        responses.onNext(toProto(engine.plan(request.getExperiment())));
        responses.onCompleted();
    }

    @Override
    public void run(RunRequest request, StreamObserver<RunEvent> responses) {
        ServerCallStreamObserver<RunEvent> call = (ServerCallStreamObserver<RunEvent>) responses;
        AtomicReference<String> runId = new AtomicReference<>();
        Object lock = new Object();
        call.setOnCancelHandler(() -> {
            String id = runId.get();
            if (id != null) {
                engine.abort(id, "the Run call was cancelled by its caller");
            }
        });
        String id = engine.start(request.getExperiment(), event -> {
            synchronized (lock) {
                if (call.isCancelled()) {
                    return;
                }
                RunEvent.Builder b = RunEvent.newBuilder()
                        .setRunId(event.runId())
                        .setAt(timestamp(event.at()))
                        .setType(event.type())
                        .setActivity(event.activity())
                        .setOk(event.ok())
                        .setMessage(event.message());
                if ("finished".equals(event.type())) {
                    JsonNode journal = engine.journal(event.runId());
                    b.setStatus(journal.path("status").asString()).setDeviated(journal.path("deviated").asBoolean());
                    call.onNext(b.build());
                    call.onCompleted();
                } else {
                    call.onNext(b.build());
                }
            }
        });
        runId.set(id);
        if (call.isCancelled()) {
            engine.abort(id, "the Run call was cancelled by its caller");
        }
    }

    @Override
    public void abort(AbortRequest request, StreamObserver<AbortResponse> responses) {
        requireRunId(request.getRunId());
        responses.onNext(AbortResponse.newBuilder().setAborted(engine.abort(request.getRunId(), request.getReason()))
                .build());
        responses.onCompleted();
    }

    @Override
    public void getJournal(GetJournalRequest request, StreamObserver<Journal> responses) {
        requireRunId(request.getRunId());
        JsonNode journal = engine.journal(request.getRunId());
        responses.onNext(Journal.newBuilder()
                .setRunId(request.getRunId())
                .setStatus(engine.status(request.getRunId()).map(RunStatus::wireName)
                        .orElse(journal.path("status").asString()))
                .setDeviated(journal.path("deviated").asBoolean())
                .setJson(journal.toString())
                .build());
        responses.onCompleted();
    }

    @Override
    public void listFaults(ListFaultsRequest request, StreamObserver<ListFaultsResponse> responses) {
        ListFaultsResponse.Builder b = ListFaultsResponse.newBuilder();
        for (ActiveFault f : engine.activeFaults()) {
            b.addFaults(Fault.newBuilder().setId(f.id()).setRunId(f.runId()).setKind(f.kind()).setTarget(f.target())
                    .setInjectedAt(timestamp(f.injectedAt())));
        }
        responses.onNext(b.build());
        responses.onCompleted();
    }

    static PlanResponse toProto(ExperimentPlan plan) {
        PlanResponse.Builder b = PlanResponse.newBuilder()
                .setTitle(plan.title())
                .addAllStages(plan.stages())
                .setConcurrentFaults(plan.concurrentFaults())
                .setAffectedTargets(plan.affectedTargets())
                .setMaxConcurrentFaults(plan.safety().maxConcurrentFaults())
                .setMaxAffectedTargets(plan.safety().maxAffectedTargets())
                .setWithinBudget(plan.withinBudget())
                .setBudgetProblem(plan.budgetProblem());
        for (ExperimentPlan.PlannedFault f : plan.faults()) {
            b.addFaults(PlannedFault.newBuilder().setStage(f.stage()).setActivity(f.activity())
                    .setPointer(f.pointer()).setKind(f.kind()).setTarget(f.target()).setDetail(f.detail()));
        }
        return b.build();
    }

    private static void requireRunId(String runId) {
        if (runId.isBlank()) {
            throw new InvalidInputException("chaos-engine", "MISSING_FIELD", "run_id is required");
        }
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
