package io.multisystem.chaos.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.v1.AbortRequest;
import io.multisystem.chaos.v1.ChaosServiceGrpc;
import io.multisystem.chaos.v1.GetJournalRequest;
import io.multisystem.chaos.v1.ListFaultsRequest;
import io.multisystem.chaos.v1.PlanRequest;
import io.multisystem.chaos.v1.PlanResponse;
import io.multisystem.chaos.v1.RunEvent;
import io.multisystem.chaos.v1.RunRequest;
import io.multisystem.chaos.v1.ValidateRequest;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.core.testing.InProcessGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChaosGrpcServiceTest {
    /** Maps exceptions to status the way the service's GrpcExceptionHandler does. */
    static final ServerInterceptor ERRORS = new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                           ServerCallHandler<Q, R> next) {
            return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                @Override
                public void onHalfClose() {
                    try {
                        super.onHalfClose();
                    } catch (RuntimeException e) {
                        StatusException s = GrpcErrors.toStatusException(e);
                        call.close(s.getStatus(), s.getTrailers() == null ? new Metadata() : s.getTrailers());
                    }
                }
            };
        }
    };

    @TempDir
    Path data;
    FaultProxyEngine proxies;
    ChaosEngine engine;
    InProcessGrpc grpc;
    ChaosServiceGrpc.ChaosServiceBlockingStub stub;

    @BeforeEach
    void start() {
        proxies = FaultProxyEngine.create(FaultProxyOptions.defaults());
        engine = ChaosEngine.builder(data).localProxies(proxies).open();
        grpc = InProcessGrpc.start(List.of(new ChaosGrpcService(engine)), List.of(ERRORS));
        stub = ChaosServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() {
        grpc.close();
        engine.close();
        proxies.close();
    }

    static final String EXPERIMENT = """
            title: noop toxic on a declared proxy
            proxies: [{name: db, upstream: "127.0.0.1:9"}]
            steady-state-hypothesis:
              probes: [{type: probe, name: ok, provider: {type: command, command: ["true"]}, tolerance: 0}]
            method:
              - {type: action, name: noop, provider: {type: toxic, proxy: db, toxic: {type: noop}}}
            """;

    @Test
    void invalidExperimentIsInvalidArgumentNamingThePointer() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                stub.validate(ValidateRequest.newBuilder().setExperiment("title: t\nmethod: [{type: act}]").build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("/method/0/type");
    }

    @Test
    void invalidJsonPathToleranceIsInvalidArgumentNamingThePath() {
        String experiment = """
                title: t
                method:
                  - type: probe
                    name: p
                    provider: {type: command, command: ["true"]}
                    tolerance: {type: jsonpath, path: "$.checks[?(@.state ==", target: stdout}
                """;
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                stub.validate(ValidateRequest.newBuilder().setExperiment(experiment).build()));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).contains("/method/0/tolerance/path")
                .contains("is not a valid JSONPath");
    }

    @Test
    void validateSummarisesTheExperiment() {
        var r = stub.validate(ValidateRequest.newBuilder().setExperiment(EXPERIMENT).build());

        assertThat(r.getTitle()).isEqualTo("noop toxic on a declared proxy");
        assertThat(r.getMethodActivities()).isEqualTo(1);
        assertThat(r.getHypothesisProbes()).isEqualTo(1);
    }

    @Test
    void planListsTheFaultOnTheDeclaredProxy() {
        PlanResponse plan = stub.plan(PlanRequest.newBuilder().setExperiment(EXPERIMENT).build());

        assertThat(plan.getFaultsList()).hasSize(1);
        assertThat(plan.getFaults(0).getTarget()).isEqualTo("proxy:db");
        assertThat(plan.getFaults(0).getKind()).isEqualTo("toxic");
        assertThat(plan.getWithinBudget()).isTrue();
    }

    @Test
    void runStreamsProgressAndEndsWithTheStatus() {
        Iterator<RunEvent> events = stub.run(RunRequest.newBuilder().setExperiment(EXPERIMENT).build());
        List<RunEvent> all = new ArrayList<>();
        events.forEachRemaining(all::add);

        assertThat(all).extracting(RunEvent::getType).contains("started", "hypothesis", "fault-injected",
                "fault-reverted", "finished");
        RunEvent last = all.get(all.size() - 1);
        assertThat(last.getStatus()).isEqualTo("completed");
        assertThat(last.getDeviated()).isFalse();
        var journal = stub.getJournal(GetJournalRequest.newBuilder().setRunId(last.getRunId()).build());
        assertThat(journal.getStatus()).isEqualTo("completed");
        assertThat(journal.getJson()).contains("\"faults_reverted\"");
        assertThat(stub.listFaults(ListFaultsRequest.getDefaultInstance()).getFaultsList()).isEmpty();
    }

    @Test
    void abortingAnUnknownRunIsNotFoundAndAMissingIdIsInvalid() {
        StatusRuntimeException unknown = catchThrowableOfType(StatusRuntimeException.class, () ->
                stub.abort(AbortRequest.newBuilder().setRunId("00000000-0000-0000-0000-000000000000").build()));
        StatusRuntimeException missing = catchThrowableOfType(StatusRuntimeException.class, () ->
                stub.abort(AbortRequest.getDefaultInstance()));

        assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(missing.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void aRunBeyondTheBlastRadiusIsFailedPrecondition() {
        String wide = EXPERIMENT.replace("title: noop", "safety: {max-concurrent-faults: 1}\ntitle: noop")
                .replace("method:\n", "method:\n  - {type: action, name: noop2, provider: {type: toxic, proxy: db, "
                        + "toxic: {type: noop, stream: upstream}}}\n");

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                stub.run(RunRequest.newBuilder().setExperiment(wide).build()).hasNext());

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(e.getStatus().getDescription()).contains("max-concurrent-faults");
    }
}
