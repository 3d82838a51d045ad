package io.multisystem.symbolic.saturation;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.proof.ProofChecker;
import io.multisystem.symbolic.rewrite.RuleFiles;
import io.multisystem.symbolic.rewrite.RuleSet;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SaturationTest {
    private static final RuleSet AC = RuleFiles.parse("""
            comm-add: (+ ?a ?b) => (+ ?b ?a)
            assoc-add: (+ ?a (+ ?b ?c)) => (+ (+ ?a ?b) ?c)
            assoc-add-rev: (+ (+ ?a ?b) ?c) => (+ ?a (+ ?b ?c))
            """, "ac");
    private static final RuleSet ARITHMETIC = RuleFiles.parse("""
            zero-add: (+ ?a 0) => ?a
            one-mul: (* ?a 1) => ?a
            comm-add: (+ ?a ?b) => (+ ?b ?a)
            comm-mul: (* ?a ?b) => (* ?b ?a)
            """, "arith");
    private static final Term LONG_SUM = SExpressions.parse("(+ a (+ b (+ c (+ d (+ e (+ f (+ g h)))))))");

    @Test
    void associativityAndCommutativityBlowUpStopsAtTheNodeLimitWithAPartialResult() {
        EqualitySaturator saturator = EqualitySaturator.create(AC);
        SimplificationResult result = saturator.simplify(LONG_SUM, Limits.DEFAULT.withNodes(2_000), CostFunction.AST_SIZE);
        assertThat(result.report().stopReason()).isEqualTo(StopReason.NODE_LIMIT);
        assertThat(result.report().nodes()).isGreaterThan(2_000);
        assertThat(result.best().size()).isEqualTo(LONG_SUM.size());
        assertThat(new ProofChecker(AC).check(result.proof()).valid()).isTrue();
    }

    @Test
    void theIterationLimitStopsTheRun() {
        SimplificationResult result = EqualitySaturator.create(AC)
                .simplify(LONG_SUM, new Limits(2, 1_000_000, Duration.ofMinutes(1)), CostFunction.AST_SIZE);
        assertThat(result.report().stopReason()).isEqualTo(StopReason.ITERATION_LIMIT);
        assertThat(result.report().iterations()).isEqualTo(2);
    }

    @Test
    void theTimeLimitStopsTheRunByTheInjectedTicker() {
        AtomicLong now = new AtomicLong();
        EqualitySaturator saturator = EqualitySaturator.create(AC, () -> now.getAndAdd(Duration.ofSeconds(1).toNanos()));
        SimplificationResult result = saturator.simplify(LONG_SUM, Limits.DEFAULT, CostFunction.AST_SIZE);
        assertThat(result.report().stopReason()).isEqualTo(StopReason.TIME_LIMIT);
        assertThat(result.report().elapsed()).isGreaterThan(Duration.ofSeconds(5));
    }

    @Test
    void aFiniteRewriteSystemSaturates() {
        SimplificationResult result = EqualitySaturator.create(ARITHMETIC)
                .simplify(SExpressions.parse("(+ x y)"), Limits.DEFAULT, CostFunction.AST_SIZE);
        assertThat(result.report().stopReason()).isEqualTo(StopReason.SATURATED);
        assertThat(result.report().classes()).isEqualTo(3);
    }

    @Test
    void extractionFindsTheSmallestEquivalentTermWithAProof() {
        Term input = SExpressions.parse("(* (+ 0 (* 1 x)) 1)");
        SimplificationResult result = EqualitySaturator.create(ARITHMETIC)
                .simplify(input, Limits.DEFAULT, CostFunction.AST_SIZE);
        assertThat(result.best()).isEqualTo(Term.sym("x"));
        assertThat(result.cost()).isEqualTo(1.0);
        assertThat(result.proof().start()).isEqualTo(input);
        assertThat(result.proof().goal()).isEqualTo(Term.sym("x"));
        assertThat(new ProofChecker(ARITHMETIC).check(result.proof()).valid()).isTrue();
    }

    @Test
    void constantsFoldExactlyDuringSaturation() {
        SimplificationResult result = EqualitySaturator.create(ARITHMETIC)
                .simplify(SExpressions.parse("(+ (/ 1 3) (* 1/6 (pow 2 -1)))"), Limits.DEFAULT, CostFunction.AST_SIZE);
        assertThat(result.best()).isEqualTo(SExpressions.parse("5/12"));
        assertThat(new ProofChecker(ARITHMETIC).check(result.proof()).valid()).isTrue();
    }

    @Test
    void divisionByZeroIsNotFolded() {
        SimplificationResult result = EqualitySaturator.create(ARITHMETIC)
                .simplify(SExpressions.parse("(/ 1 (+ 1 -1))"), Limits.DEFAULT, CostFunction.AST_SIZE);
        assertThat(result.best()).isEqualTo(SExpressions.parse("(/ 1 0)"));
    }

    @Test
    void aUserGivenCostFunctionChoosesTheExtractedTerm() {
        CostFunction productsAreCheap = new CostFunction() {
            @Override
            public double leafCost(Term leaf) {
                return 1;
            }

            @Override
            public double applicationCost(String operator, double[] argumentCosts) {
                double sum = "*".equals(operator) ? 0.01 : 100;
                for (double cost : argumentCosts) {
                    sum += cost;
                }
                return sum;
            }
        };
        RuleSet rules = RuleFiles.parse("double: (+ ?a ?a) => (* 2 ?a)", "double");
        Term sum = SExpressions.parse("(+ x x)");
        assertThat(EqualitySaturator.create(rules).simplify(sum, Limits.DEFAULT, productsAreCheap).best())
                .isEqualTo(SExpressions.parse("(* 2 x)"));
        assertThat(EqualitySaturator.create(RuleFiles.parse("double: (* 2 ?a) => (+ ?a ?a)", "half"))
                .simplify(SExpressions.parse("(* 2 x)"), Limits.DEFAULT, CostFunction.AST_DEPTH).best())
                .isEqualTo(SExpressions.parse("(* 2 x)"));
    }

    @Test
    void aNonMonotoneCostFunctionIsReportedAsBadInput() {
        CostFunction negative = new CostFunction() {
            @Override
            public double leafCost(Term leaf) {
                return 1;
            }

            @Override
            public double applicationCost(String operator, double[] argumentCosts) {
                return argumentCosts[0] - 10;
            }
        };
        assertThatThrownBy(() -> EqualitySaturator.create(ARITHMETIC)
                .simplify(SExpressions.parse("(+ x 0)"), Limits.DEFAULT, negative))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "NON_MONOTONE_COST");
    }

    @Test
    void provingAnUnreachableEqualityReportsWhyItStopped() {
        ProofSearchResult result = EqualitySaturator.create(ARITHMETIC)
                .prove(SExpressions.parse("(+ x y)"), SExpressions.parse("(* x y)"), Limits.DEFAULT);
        assertThat(result.proved()).isFalse();
        assertThat(result.report().stopReason()).isEqualTo(StopReason.SATURATED);
    }

    @Test
    void provingATermEqualToItselfNeedsNoStep() {
        Term x = SExpressions.parse("(sin x)");
        ProofSearchResult result = EqualitySaturator.create(ARITHMETIC).prove(x, x, Limits.DEFAULT);
        assertThat(result.report().stopReason()).isEqualTo(StopReason.GOAL_REACHED);
        assertThat(result.proof().orElseThrow().steps()).isEmpty();
    }

    @Test
    void badLimitsAreRejected() {
        assertThatThrownBy(() -> new Limits(0, 1, Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class).hasFieldOrPropertyWithValue("code", "INVALID_LIMIT");
        assertThatThrownBy(() -> new Limits(1, 1, Duration.ZERO)).isInstanceOf(InvalidInputException.class);
    }
}
