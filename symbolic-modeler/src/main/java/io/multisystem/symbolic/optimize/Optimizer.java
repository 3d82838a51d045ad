package io.multisystem.symbolic.optimize;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.polynomial.Polynomial;
import io.multisystem.symbolic.polynomial.Polynomials;
import io.multisystem.symbolic.rewrite.RuleSet;
import io.multisystem.symbolic.rewrite.ShippedRules;
import io.multisystem.symbolic.saturation.CostFunction;
import io.multisystem.symbolic.saturation.EqualitySaturator;
import io.multisystem.symbolic.saturation.Limits;
import io.multisystem.symbolic.saturation.SimplificationResult;
import io.multisystem.symbolic.saturation.StopReason;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Algebraic optimisation of an expression for evaluation: fewest operations after common-subexpression elimination.
 *
 * <p>Design note: candidates equal to the input are generated and the one with the fewest DAG operations wins
 * (ties: fewest tree operations, then the earliest candidate): (1) the input itself; (2) cost-based rewriting by
 * equality saturation with the arithmetic and powers rule sets, extracting by operation count (its equality comes
 * with a checked proof); (3) for polynomial inputs, the canonical expanded form and (4) its Horner form, whose
 * equality to the input is exact by canonical forms. The winner is compiled to a {@link CompiledExpression}.
 * Stateless apart from the rule set; thread-safe.
 */
public final class Optimizer {
    /** Operation count: every operator application costs 1, leaves cost nothing. Monotone. */
    public static final CostFunction OPERATION_COUNT = new CostFunction() {
        @Override
        public double leafCost(Term leaf) {
            return 0;
        }

        @Override
        public double applicationCost(String operator, double[] argumentCosts) {
            double sum = 1;
            for (double c : argumentCosts) {
                sum += c;
            }
            return sum;
        }
    };

    private final EqualitySaturator saturator;

    public Optimizer() {
        this(ShippedRules.combine(List.of("arithmetic", "powers-logs")));
    }

    public Optimizer(RuleSet rules) {
        this.saturator = EqualitySaturator.create(rules);
    }

    /** The result: the chosen expression, how it was found, costs before and after, and its compiled form. */
    public record Result(Term original, Term optimized, String method, int originalTreeOperations,
                         int originalDagOperations, int optimizedTreeOperations, int optimizedDagOperations,
                         List<Term> sharedSubexpressions, StopReason saturationStop, CompiledExpression compiled) {
    }

    /**
     * Optimises within the saturation limits (stopping at a limit keeps the best found so far).
     *
     * @throws InvalidInputException NOT_COMPILABLE when the result uses a function the evaluator lacks
     */
    public Result optimize(Term term, Limits limits) {
        List<Term> candidates = new ArrayList<>();
        List<String> methods = new ArrayList<>();
        candidates.add(term);
        methods.add("input");
        SimplificationResult rewritten = saturator.simplify(term, limits, OPERATION_COUNT);
        candidates.add(rewritten.best());
        methods.add("equality-saturation");
        try {
            Polynomial p = Polynomials.fromTerm(term);
            candidates.add(p.toTerm());
            methods.add("expanded");
            candidates.add(Horner.of(p));
            methods.add("horner");
        } catch (InvalidInputException notPolynomial) {
            // not a polynomial: rewriting alone
        }
        int best = 0;
        for (int i = 1; i < candidates.size(); i++) {
            if (better(candidates.get(i), candidates.get(best))) {
                best = i;
            }
        }
        Term chosen = candidates.get(best);
        ExpressionDag dag = ExpressionDag.of(chosen);
        CompiledExpression compiled = CompiledExpression.compile(chosen, symbols(chosen, term));
        return new Result(term, chosen, methods.get(best), ExpressionDag.treeOperations(term),
                ExpressionDag.of(term).operations(), ExpressionDag.treeOperations(chosen), dag.operations(),
                dag.sharedSubterms(chosen), rewritten.report().stopReason(), compiled);
    }

    private static boolean better(Term a, Term b) {
        int da = ExpressionDag.of(a).operations();
        int db = ExpressionDag.of(b).operations();
        if (da != db) {
            return da < db;
        }
        return ExpressionDag.treeOperations(a) < ExpressionDag.treeOperations(b);
    }

    /** The symbols of the input, sorted: the argument order of the compiled evaluator. */
    static List<String> symbols(Term chosen, Term original) {
        TreeSet<String> names = new TreeSet<>();
        collect(original, names);
        collect(chosen, names);
        return List.copyOf(names);
    }

    private static void collect(Term term, TreeSet<String> names) {
        if (term instanceof Term.Sym s) {
            names.add(s.name());
        } else if (term instanceof Term.App app) {
            for (Term a : app.arguments()) {
                collect(a, names);
            }
        }
    }
}
