package io.multisystem.contract.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.multisystem.contract.engine.ContractEngine;
import io.multisystem.contract.v1.*;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.core.testing.FakeClock;
import io.multisystem.core.testing.InProcessGrpc;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContractGrpcServiceTest {
    static final ServerInterceptor ERRORS = new ServerInterceptor() {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
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

    InProcessGrpc grpc;
    ContractServiceGrpc.ContractServiceBlockingStub stub;

    @BeforeEach
    void start() {
        ContractEngine engine = new ContractEngine(new FakeClock(Instant.parse("2026-01-01T00:00:00Z")), null, 16);
        grpc = InProcessGrpc.start(List.of(new ContractGrpcService(engine)), List.of(ERRORS));
        stub = ContractServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() {
        grpc.close();
    }

    private static Source src(String text) {
        return Source.newBuilder().setName("t.cedar").setText(text).build();
    }

    private static AuthzRequest req(String principal) {
        return AuthzRequest.newBuilder().setPrincipal(EntityRef.newBuilder().setType("User").setId(principal))
                .setAction(EntityRef.newBuilder().setType("Action").setId("call"))
                .setResource(EntityRef.newBuilder().setType("Api").setId("x")).build();
    }

    @Test
    void compileReturnsAnIdThatLaterCallsCanUseInsteadOfTheSource() {
        CompileResponse c = stub.compile(CompileRequest.newBuilder().setSource(src("permit(principal, action, resource);"))
                .setTarget(Target.TARGET_JVM).build());
        AuthorizeBatchResponse r = stub.authorizeBatch(AuthorizeBatchRequest.newBuilder().setContractId(c.getContractId())
                .addRequests(req("a")).addRequests(req("b")).setBackend(Backend.BACKEND_INTERPRETER).build());

        assertThat(c.getPolicies()).isEqualTo(1);
        assertThat(c.getArtifact().toByteArray()).startsWith((byte) 0xCA, (byte) 0xFE);
        assertThat(r.getResponsesList()).extracting(AuthorizeResponse::getDecision).containsOnly(Decision.DECISION_ALLOW);
    }

    @Test
    void compileWithTheWasmTargetReturnsAModuleAndTheWasmBackendDecides() {
        CompileResponse c = stub.compile(CompileRequest.newBuilder()
                .setSource(src("permit(principal == User::\"a\", action, resource);"))
                .setTarget(Target.TARGET_WASM).build());
        AuthorizeBatchResponse r = stub.authorizeBatch(AuthorizeBatchRequest.newBuilder().setContractId(c.getContractId())
                .addRequests(req("a")).addRequests(req("b")).setBackend(Backend.BACKEND_WASM).build());

        assertThat(c.getArtifactName()).endsWith(".wasm");
        assertThat(c.getArtifact().toByteArray()).startsWith((byte) 0x00, (byte) 0x61, (byte) 0x73, (byte) 0x6D);
        assertThat(r.getResponsesList()).extracting(AuthorizeResponse::getDecision)
                .containsExactly(Decision.DECISION_ALLOW, Decision.DECISION_DENY);
    }

    @Test
    void validateReportsTypeErrorsWithPolicyIdAndLocation() {
        ValidateResponse v = stub.validate(ValidateRequest.newBuilder()
                .setSource(src("permit(principal, action, resource) when { principal.age > \"x\" };"))
                .setSchema("entity User = { age: Long }; entity Api; action call appliesTo { principal: [User], resource: [Api] };")
                .build());

        assertThat(v.getValid()).isFalse();
        assertThat(v.getIssues(0).getPolicyId()).isEqualTo("policy0");
        assertThat(v.getIssues(0).getLocation()).startsWith("t.cedar:1:");
    }

    @Test
    void rateLimitIsStatefulPerKey() {
        Source s = src("rate_limit api { key: principal; rate: 2 per 1m; burst: 2; }");
        CheckRateLimitRequest r = CheckRateLimitRequest.newBuilder().setSource(s).setRequest(req("alice")).build();

        assertThat(stub.checkRateLimit(r).getAllowed()).isTrue();
        assertThat(stub.checkRateLimit(r).getAllowed()).isTrue();
        CheckRateLimitResponse third = stub.checkRateLimit(r);
        assertThat(third.getAllowed()).isFalse();
        assertThat(third.getLimits(0).getKey()).isEqualTo("User::\"alice\"");
        assertThat(stub.checkRateLimit(r.toBuilder().setRequest(req("bob")).build()).getAllowed()).isTrue();
    }

    @Test
    void evaluateSlaAccumulatesObservations() {
        Source s = src("sla api { p99(latency) < 250ms over 5m; }");
        EvaluateSlaResponse ok = stub.evaluateSla(EvaluateSlaRequest.newBuilder().setSource(s)
                .addObservations(Observation.newBuilder().setMetric("latency").setValue(100)).build());
        EvaluateSlaResponse bad = stub.evaluateSla(EvaluateSlaRequest.newBuilder().setSource(s)
                .addObservations(Observation.newBuilder().setMetric("latency").setValue(400)).build());

        assertThat(ok.getAllMet()).isTrue();
        assertThat(bad.getAllMet()).isFalse();
        assertThat(bad.getObjectives(0).getSamples()).isEqualTo(2);
    }

    @Test
    void badSourceIsInvalidArgumentAndUnknownContractIsNotFound() {
        assertThatThrownBy(() -> stub.compile(CompileRequest.newBuilder().setSource(src("permit(")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("t.cedar:1:");
                });
        assertThatThrownBy(() -> stub.authorize(AuthorizeRequest.newBuilder().setContractId("nope").setRequest(req("a")).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void analyzeReturnsAConfirmedCounterexampleThatAuthorizeReproduces() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.multisystem.contract.analysis.Z3Runtime.available(),
                () -> "skipped: " + io.multisystem.contract.analysis.Z3Runtime.unavailableReason());
        Source a = src("permit(principal, action, resource) when { principal.age >= 18 };");
        Source b = Source.newBuilder().setName("b.cedar").setText("permit(principal, action, resource) when { principal.age > 18 };").build();

        AnalyzeResponse r = stub.analyze(AnalyzeRequest.newBuilder().setSource(a).setOther(b)
                .addChecks("equivalent").addChecks("implies").addChecks("subsumes").build());

        assertThat(r.getResultsList()).extracting(CheckResult::getCheck).containsExactly("equivalent", "implies", "subsumes");
        assertThat(r.getResultsList()).extracting(CheckResult::getVerdict)
                .containsExactly(Verdict.VERDICT_VIOLATED, Verdict.VERDICT_VIOLATED, Verdict.VERDICT_HOLDS);
        AnalysisExample ex = r.getResults(0).getExample();
        assertThat(ex.getConfirmed()).isTrue();
        AuthorizeResponse viaA = stub.authorize(AuthorizeRequest.newBuilder().setSource(a).setEntitiesJson(ex.getEntitiesJson())
                .setRequest(ex.getRequest()).build());
        AuthorizeResponse viaB = stub.authorize(AuthorizeRequest.newBuilder().setSource(b).setEntitiesJson(ex.getEntitiesJson())
                .setRequest(ex.getRequest()).build());
        assertThat(viaA.getDecision()).isNotEqualTo(viaB.getDecision());
        assertThat(viaA.getDecision()).isEqualTo(ex.getDecision().getDecision());
    }

    @Test
    void analyzeRejectsUnknownChecksMissingSecondSetsAndBadPoliciesAsInvalidArgument() {
        Source a = src("permit(principal, action, resource);");
        for (AnalyzeRequest bad : List.of(
                AnalyzeRequest.newBuilder().setSource(a).addChecks("sometimes").build(),
                AnalyzeRequest.newBuilder().setSource(a).addChecks("equivalent").build(),
                AnalyzeRequest.newBuilder().setSource(src("permit(principal, action")).build())) {
            assertThatThrownBy(() -> stub.analyze(bad)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
    }

    @Test
    void rateLimitGuardsDecideTheSameOnEveryBackEndAndABadGuardTakesNothing() {
        Source s = src("rate_limit writes { key: principal; rate: 1 per 1m; when { action == Action::\"call\" && context.n > 2 }; }");
        for (Backend b : List.of(Backend.BACKEND_INTERPRETER, Backend.BACKEND_JVM, Backend.BACKEND_WASM)) {
            String user = "u-" + b.name();
            CheckRateLimitRequest low = CheckRateLimitRequest.newBuilder().setSource(s).setBackend(b)
                    .setRequest(req(user).toBuilder().setContextJson("{\"n\": 1}")).build();
            CheckRateLimitRequest high = low.toBuilder().setRequest(req(user).toBuilder().setContextJson("{\"n\": 5}")).build();
            CheckRateLimitRequest broken = low.toBuilder().setRequest(req(user).toBuilder().setContextJson("{}")).build();

            assertThat(stub.checkRateLimit(low).getLimitsList()).as(b.name()).isEmpty();
            assertThatThrownBy(() -> stub.checkRateLimit(broken)).as(b.name()).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
            assertThat(stub.checkRateLimit(high).getAllowed()).as(b.name() + " first").isTrue();
            assertThat(stub.checkRateLimit(high).getAllowed()).as(b.name() + " second").isFalse();
        }
    }
}
