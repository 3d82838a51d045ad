package io.multisystem.symbolic.grpc;

import com.google.protobuf.Duration;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.symbolic.engine.SymbolicEngine;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.optimize.Optimizer;
import io.multisystem.symbolic.polynomial.Factorization;
import io.multisystem.symbolic.polynomial.RationalFunction;
import io.multisystem.symbolic.proof.Proof;
import io.multisystem.symbolic.proof.ProofJson;
import io.multisystem.symbolic.proof.ProofStep;
import io.multisystem.symbolic.rewrite.RuleSet;
import io.multisystem.symbolic.saturation.SaturationReport;
import io.multisystem.symbolic.v1.CanonicalizeRequest;
import io.multisystem.symbolic.v1.CanonicalizeResponse;
import io.multisystem.symbolic.v1.Expression;
import io.multisystem.symbolic.v1.FactorRequest;
import io.multisystem.symbolic.v1.FactorResponse;
import io.multisystem.symbolic.v1.Limits;
import io.multisystem.symbolic.v1.OptimizeRequest;
import io.multisystem.symbolic.v1.OptimizeResponse;
import io.multisystem.symbolic.v1.ParseRequest;
import io.multisystem.symbolic.v1.ParseResponse;
import io.multisystem.symbolic.v1.Point;
import io.multisystem.symbolic.v1.ProofStepDetail;
import io.multisystem.symbolic.v1.ProveEqualRequest;
import io.multisystem.symbolic.v1.ProveEqualResponse;
import io.multisystem.symbolic.v1.SimplifyRequest;
import io.multisystem.symbolic.v1.SimplifyResponse;
import io.multisystem.symbolic.v1.SolveRequest;
import io.multisystem.symbolic.v1.SolveResponse;
import io.multisystem.symbolic.v1.Syntax;
import io.multisystem.symbolic.v1.SymbolicServiceGrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code SymbolicService} over gRPC: translates requests to {@link SymbolicEngine} calls and results back to proto.
 * Errors become statuses through {@link GrpcErrors} (bad input is INVALID_ARGUMENT with ErrorInfo, never INTERNAL);
 * every call is counted and timed in {@link SymbolicMetrics}. Stateless and thread-safe.
 */
public final class SymbolicGrpcService extends SymbolicServiceGrpc.SymbolicServiceImplBase {
    private final SymbolicEngine engine;
    private final SymbolicMetrics metrics;

    public SymbolicGrpcService(SymbolicEngine engine, SymbolicMetrics metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    private <T> void run(String rpc, StreamObserver<T> observer, Supplier<T> call) {
        long start = System.nanoTime();
        T response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            metrics.request(rpc, "error", java.time.Duration.ofNanos(System.nanoTime() - start));
            observer.onError(GrpcErrors.toStatusException(e));
            return;
        }
        metrics.request(rpc, "ok", java.time.Duration.ofNanos(System.nanoTime() - start));
        observer.onNext(response);
        observer.onCompleted();
    }

    static io.multisystem.symbolic.engine.Syntax syntax(Syntax s) {
        return switch (s) {
            case SYNTAX_INFIX -> io.multisystem.symbolic.engine.Syntax.INFIX;
            case SYNTAX_SEXPR -> io.multisystem.symbolic.engine.Syntax.SEXPR;
            default -> io.multisystem.symbolic.engine.Syntax.AUTO;
        };
    }

    static Expression expression(Term t) {
        return Expression.newBuilder().setInfix(SymbolicEngine.infix(t)).setSexpr(SExpressions.print(t)).build();
    }

    static Duration duration(java.time.Duration d) {
        return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }

    static java.time.Duration duration(Duration d) {
        return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
    }

    static io.multisystem.symbolic.saturation.Limits limits(boolean present, Limits l) {
        if (!present) {
            return io.multisystem.symbolic.saturation.Limits.DEFAULT;
        }
        return SymbolicEngine.limits(l.getIterations(), l.getNodes(), l.hasTime() ? duration(l.getTime()) : null);
    }

    private io.multisystem.symbolic.v1.SaturationReport report(SaturationReport r) {
        metrics.saturationNodes(r.nodes());
        return io.multisystem.symbolic.v1.SaturationReport.newBuilder().setStopReason(r.stopReason().name())
                .setIterations(r.iterations()).setNodes(r.nodes()).setClasses(r.classes())
                .setElapsed(duration(r.elapsed())).build();
    }

    @Override
    public void parse(ParseRequest request, StreamObserver<ParseResponse> observer) {
        run("Parse", observer, () -> {
            Term t = engine.parse(request.getExpression(), syntax(request.getSyntax()));
            return ParseResponse.newBuilder().setExpression(expression(t)).setSize(t.size()).setDepth(t.depth()).build();
        });
    }

    @Override
    public void simplify(SimplifyRequest request, StreamObserver<SimplifyResponse> observer) {
        run("Simplify", observer, () -> {
            Term t = engine.parse(request.getExpression(), syntax(request.getSyntax()));
            RuleSet rules = SymbolicEngine.rules(request.getRuleSetsList(), request.getRulesText());
            SymbolicEngine.Simplified s = engine.simplify(t, rules, limits(request.hasLimits(), request.getLimits()), request.getCost());
            return SimplifyResponse.newBuilder().setInput(expression(t)).setResult(expression(s.result().best()))
                    .setCost(s.result().cost()).setReport(report(s.result().report()))
                    .setProofJson(ProofJson.write(s.result().proof())).setProofChecked(s.proofChecked())
                    .setProofSteps(s.result().proof().steps().size()).addAllProofDetail(details(s.result().proof())).build();
        });
    }

    /** Every step of a proof with the subterm it replaces and its replacement. */
    private static List<ProofStepDetail> details(Proof proof) {
        List<ProofStepDetail> out = new ArrayList<>();
        for (int k = 0; k < proof.steps().size(); k++) {
            ProofStep step = proof.steps().get(k);
            ProofStepDetail.Builder d = ProofStepDetail.newBuilder().setKind(step.kind().name()).setRule(step.rule())
                    .setDirection(step.direction().name()).addAllPosition(step.position());
            step.substitution().forEach((v, t) -> d.putSubstitution(v, SExpressions.print(t)));
            if (proof.termBefore(k).hasPosition(step.position())) {
                d.setBefore(expression(proof.replacedSubterm(k)));
            }
            if (step.term().hasPosition(step.position())) {
                d.setAfter(expression(proof.replacementSubterm(k)));
            }
            out.add(d.build());
        }
        return out;
    }

    @Override
    public void canonicalize(CanonicalizeRequest request, StreamObserver<CanonicalizeResponse> observer) {
        run("Canonicalize", observer, () -> {
            Term t = engine.parse(request.getExpression(), syntax(request.getSyntax()));
            SymbolicEngine.Canonicalized c = request.getWithProof() ? engine.canonicalizeWithProof(t) : null;
            RationalFunction f = c != null ? c.canonical() : engine.canonicalize(t);
            List<String> vars = new ArrayList<>(f.numerator().variables());
            f.denominator().variables().forEach(v -> {
                if (!vars.contains(v)) {
                    vars.add(v);
                }
            });
            vars.sort(null);
            CanonicalizeResponse.Builder b = CanonicalizeResponse.newBuilder().setInput(expression(t))
                    .setCanonical(expression(f.toTerm())).setPolynomial(f.isPolynomial())
                    .setNumerator(f.numerator().toString()).setDenominator(f.denominator().toString())
                    .addAllVariables(vars).setTermCount(f.numerator().termCount());
            if (c != null) {
                b.setProofJson(ProofJson.write(c.proof())).setProofChecked(c.proofChecked())
                        .setProofSteps(c.proof().steps().size()).addAllProofDetail(details(c.proof()));
            }
            return b.build();
        });
    }

    @Override
    public void proveEqual(ProveEqualRequest request, StreamObserver<ProveEqualResponse> observer) {
        run("ProveEqual", observer, () -> {
            io.multisystem.symbolic.engine.Syntax syntax = syntax(request.getSyntax());
            Term lhs = engine.parse(request.getLhs(), syntax);
            Term rhs = engine.parse(request.getRhs(), syntax);
            RuleSet rules = SymbolicEngine.rules(request.getRuleSetsList(), request.getRulesText());
            SymbolicEngine.ProofOutcome o = engine.prove(lhs, rhs, rules, limits(request.hasLimits(), request.getLimits()));
            metrics.proof(o.status().name(), o.method());
            ProveEqualResponse.Builder b = ProveEqualResponse.newBuilder()
                    .setStatus(ProveEqualResponse.Status.valueOf(o.status().name())).setMethod(o.method())
                    .setProofChecked(o.proofChecked()).setExplanation(o.explanation());
            o.proof().ifPresent(p -> b.setProofJson(ProofJson.write(p)).setProofSteps(p.steps().size())
                    .addAllProofDetail(details(p)));
            o.report().ifPresent(r -> b.setReport(report(r)));
            o.lhsCanonical().ifPresent(c -> b.setLhsCanonical(expression(c.toTerm())));
            o.rhsCanonical().ifPresent(c -> b.setRhsCanonical(expression(c.toTerm())));
            return b.build();
        });
    }

    @Override
    public void solve(SolveRequest request, StreamObserver<SolveResponse> observer) {
        run("Solve", observer, () -> {
            SymbolicEngine.ProblemFormat format = switch (request.getFormat()) {
                case DIMACS -> SymbolicEngine.ProblemFormat.DIMACS;
                case SMTLIB -> SymbolicEngine.ProblemFormat.SMTLIB;
                case BOOLEAN_FORMULA -> SymbolicEngine.ProblemFormat.BOOLEAN_FORMULA;
                default -> SymbolicEngine.ProblemFormat.AUTO;
            };
            java.time.Duration timeout = request.hasTimeout() ? duration(request.getTimeout()) : java.time.Duration.ofSeconds(30);
            SymbolicEngine.Solution s = engine.solve(request.getProblem(), format, timeout, "problem");
            metrics.solverResult(s.solver(), s.status());
            return SolveResponse.newBuilder().setStatus(SolveResponse.Status.valueOf(s.status())).setSolver(s.solver())
                    .putAllModel(s.model()).setModelChecked(s.modelChecked()).addAllUnsatCore(s.unsatCore())
                    .setReason(s.reason()).setElapsed(duration(s.elapsed())).setVariables(s.variables())
                    .setClauses(s.clauses()).build();
        });
    }

    @Override
    public void optimize(OptimizeRequest request, StreamObserver<OptimizeResponse> observer) {
        run("Optimize", observer, () -> {
            Term t = engine.parse(request.getExpression(), syntax(request.getSyntax()));
            List<double[]> points = new ArrayList<>();
            for (Point p : request.getPointsList()) {
                points.add(p.getValuesList().stream().mapToDouble(Double::doubleValue).toArray());
            }
            SymbolicEngine.Optimized o = engine.optimize(t, limits(request.hasLimits(), request.getLimits()), points);
            Optimizer.Result r = o.result();
            OptimizeResponse.Builder b = OptimizeResponse.newBuilder().setInput(expression(t))
                    .setOptimized(expression(r.optimized())).setMethod(r.method())
                    .setOriginalTreeOperations(r.originalTreeOperations()).setOriginalDagOperations(r.originalDagOperations())
                    .setOptimizedTreeOperations(r.optimizedTreeOperations()).setOptimizedDagOperations(r.optimizedDagOperations())
                    .addAllVariables(r.compiled().variables()).addAllValues(o.values())
                    .setBytecode(r.compiled().isBytecode());
            r.sharedSubexpressions().forEach(s -> b.addSharedSubexpressions(expression(s)));
            return b.build();
        });
    }

    @Override
    public void factor(FactorRequest request, StreamObserver<FactorResponse> observer) {
        run("Factor", observer, () -> {
            Term t = engine.parse(request.getExpression(), syntax(request.getSyntax()));
            Factorization f = engine.factor(t, request.getSquareFreeOnly());
            FactorResponse.Builder b = FactorResponse.newBuilder().setInput(expression(t)).setFactored(expression(f.toTerm()))
                    .setUnit(f.unit().toString()).setIrreducible(f.irreducible()).setText(f.toString());
            for (Factorization.Factor factor : f.factors()) {
                b.addFactors(FactorResponse.Factor.newBuilder().setPolynomial(expression(factor.polynomial().toTerm()))
                        .setMultiplicity(factor.multiplicity()));
            }
            return b.build();
        });
    }

}
