package io.multisystem.symbolic.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.symbolic.engine.SymbolicEngine;
import io.multisystem.symbolic.proof.ProofChecker;
import io.multisystem.symbolic.proof.ProofJson;
import io.multisystem.symbolic.rewrite.ShippedRules;
import io.multisystem.symbolic.v1.CanonicalizeRequest;
import io.multisystem.symbolic.v1.FactorRequest;
import io.multisystem.symbolic.v1.OptimizeRequest;
import io.multisystem.symbolic.v1.ParseRequest;
import io.multisystem.symbolic.v1.Point;
import io.multisystem.symbolic.v1.ProveEqualRequest;
import io.multisystem.symbolic.v1.ProveEqualResponse;
import io.multisystem.symbolic.v1.SimplifyRequest;
import io.multisystem.symbolic.v1.SolveRequest;
import io.multisystem.symbolic.v1.SolveResponse;
import io.multisystem.symbolic.v1.SymbolicServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SymbolicGrpcServiceTest {
    SymbolicMetrics metrics = SymbolicMetrics.detached();
    InProcessGrpc grpc;
    SymbolicServiceGrpc.SymbolicServiceBlockingStub stub;

    @BeforeEach
    void start() {
        grpc = InProcessGrpc.start(new SymbolicGrpcService(new SymbolicEngine(), metrics));
        stub = SymbolicServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() {
        grpc.close();
    }

    @Test
    void parsePrintsBothSyntaxes() {
        var r = stub.parse(ParseRequest.newBuilder().setExpression("(x+3)*(x+1)").build());
        assertThat(r.getExpression().getSexpr()).isEqualTo("(* (+ x 3) (+ x 1))");
        assertThat(r.getExpression().getInfix()).isEqualTo("(x + 3) * (x + 1)");
    }

    @Test
    void proveEqualReturnsAProofTheCheckerAccepts() {
        ProveEqualResponse r = stub.proveEqual(ProveEqualRequest.newBuilder().setLhs("(x+3)*(x+1)")
                .setRhs("x*x + 4*x + 3").addRuleSets("arithmetic").build());
        assertThat(r.getStatus()).isEqualTo(ProveEqualResponse.Status.PROVED);
        assertThat(r.getMethod()).isEqualTo("equality-saturation");
        assertThat(r.getProofChecked()).isTrue();
        assertThat(new ProofChecker(ShippedRules.load("arithmetic")).check(ProofJson.read(r.getProofJson())).valid()).isTrue();
        assertThat(metrics.registry().find("symbolic.proofs").tag("status", "PROVED").counter().count()).isEqualTo(1);
    }

    @Test
    void simplifyReportsItsStopReason() {
        var r = stub.simplify(SimplifyRequest.newBuilder().setExpression("(+ (* x 1) 0)").addRuleSets("arithmetic").build());
        assertThat(r.getResult().getSexpr()).isEqualTo("x");
        assertThat(r.getReport().getStopReason()).isNotEmpty();
        assertThat(r.getProofChecked()).isTrue();
    }

    @Test
    void canonicalizeReducesRationalFunctions() {
        var r = stub.canonicalize(CanonicalizeRequest.newBuilder().setExpression("(x^2-1)/(x-1)").build());
        assertThat(r.getPolynomial()).isTrue();
        assertThat(r.getNumerator()).isEqualTo("x + 1");
        assertThat(r.getProofJson()).as("proofs only on request").isEmpty();
    }

    @Test
    void canonicalizeReturnsCanonicalisationStepsTheCheckerAccepts() {
        var r = stub.canonicalize(CanonicalizeRequest.newBuilder().setExpression("(x+1)*(x-1) + 1").setWithProof(true).build());

        assertThat(r.getCanonical().getSexpr()).isEqualTo("(pow x 2)");
        assertThat(r.getProofChecked()).isTrue();
        assertThat(r.getProofSteps()).isEqualTo(r.getProofDetailCount()).isPositive();
        var last = r.getProofDetail(r.getProofDetailCount() - 1);
        assertThat(last.getKind()).isEqualTo("CANONICALIZE");
        assertThat(last.getRule()).isEqualTo("canonical-add");
        assertThat(last.getPositionList()).isEmpty();
        assertThat(last.getAfter().getSexpr()).isEqualTo("(pow x 2)");
        assertThat(new ProofChecker(ShippedRules.load("arithmetic")).check(ProofJson.read(r.getProofJson())).valid()).isTrue();
    }

    @Test
    void proveEqualByCanonicalFormsCarriesACheckedStepProof() {
        ProveEqualResponse r = stub.proveEqual(ProveEqualRequest.newBuilder().setLhs("(a+b)^4*(a-b)^4")
                .setRhs("(a^2-b^2)^4").addRuleSets("arithmetic")
                .setLimits(io.multisystem.symbolic.v1.Limits.newBuilder().setIterations(1)).build());

        assertThat(r.getStatus()).isEqualTo(ProveEqualResponse.Status.PROVED);
        assertThat(r.getMethod()).isEqualTo("canonical-form");
        assertThat(r.getProofChecked()).isTrue();
        assertThat(r.getProofDetailList()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.getRule()).startsWith("canonical-");
            assertThat(d.hasBefore()).isTrue();
            assertThat(d.hasAfter()).isTrue();
        });
        var proof = ProofJson.read(r.getProofJson());
        assertThat(proof.start().toString()).isNotEmpty();
        assertThat(new ProofChecker(ShippedRules.load("arithmetic")).check(proof).valid()).isTrue();
    }

    @Test
    void simplifyReturnsRewriteStepsWithBeforeAndAfter() {
        var r = stub.simplify(SimplifyRequest.newBuilder().setExpression("(+ (* x 1) 0)").addRuleSets("arithmetic").build());

        assertThat(r.getProofDetailCount()).isEqualTo(r.getProofSteps()).isPositive();
        assertThat(r.getProofDetailList()).allSatisfy(d -> assertThat(d.getBefore().getSexpr()).isNotEqualTo(d.getAfter().getSexpr()));
    }

    @Test
    void solveDimacsGivesCoreForUnsat() {
        SolveResponse r = stub.solve(SolveRequest.newBuilder().setProblem("p cnf 2 3\n1 0\n-1 0\n1 2 0\n").build());
        assertThat(r.getStatus()).isEqualTo(SolveResponse.Status.UNSATISFIABLE);
        assertThat(r.getUnsatCoreList()).containsExactly("1", "2");
    }

    @Test
    void optimizeAndFactor() {
        var o = stub.optimize(OptimizeRequest.newBuilder().setExpression("sin(x)*sin(x) + sin(x)*sin(x)*y")
                .addPoints(Point.newBuilder().addValues(0.5).addValues(2)).build());
        assertThat(o.getOptimizedDagOperations()).isLessThan(o.getOriginalTreeOperations());
        assertThat(o.getValues(0)).isCloseTo(Math.sin(0.5) * Math.sin(0.5) * 3, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(o.getBytecode()).isTrue();
        var f = stub.factor(FactorRequest.newBuilder().setExpression("x^3 - x").build());
        assertThat(f.getText()).isEqualTo("x*(x + 1)*(x - 1)");
    }

    @Test
    void badInputIsInvalidArgumentWithErrorInfoNeverInternal() {
        assertThatThrownBy(() -> stub.parse(ParseRequest.newBuilder().setExpression("(x+").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("position");
                    assertThat(StatusProto.fromThrowable(e).getDetailsList()).isNotEmpty();
                });
        assertThatThrownBy(() -> stub.solve(SolveRequest.newBuilder().setProblem("p cnf 1 1\n2 0\n").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub.factor(FactorRequest.newBuilder().setExpression("sin(x)/x").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(metrics.registry().find("symbolic.requests").tag("outcome", "error").counters())
                .extracting(c -> c.getId().getTag("rpc")).containsAll(List.of("Parse", "Solve", "Factor"));
    }
}
