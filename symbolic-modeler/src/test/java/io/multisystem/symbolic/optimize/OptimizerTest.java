package io.multisystem.symbolic.optimize;

import io.multisystem.symbolic.expr.InfixExpressions;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.polynomial.Polynomials;
import io.multisystem.symbolic.saturation.Limits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OptimizerTest {
    static final Limits QUICK = new Limits(8, 3_000, Duration.ofSeconds(2));

    @Test
    void hornerFormIsEqualAndNeedsOneMultiplyAddPerCoefficient() {
        Term p = InfixExpressions.parse("3*x^5 - 2*x^3 + x - 7");
        Term horner = Horner.of(Polynomials.fromTerm(p));
        assertThat(Polynomials.fromTerm(horner)).isEqualTo(Polynomials.fromTerm(p));
        assertThat(ExpressionDag.treeOperations(horner)).isLessThanOrEqualTo(8);
    }

    @Test
    void commonSubexpressionsAreComputedOnce() {
        Term t = InfixExpressions.parse("sin(x+y)*sin(x+y) + sin(x+y)");
        ExpressionDag dag = ExpressionDag.of(t);
        assertThat(ExpressionDag.treeOperations(t)).isEqualTo(8);
        assertThat(dag.operations()).isEqualTo(4);
        assertThat(dag.sharedSubterms(t)).extracting(InfixExpressions::print).contains("sin(x + y)");
    }

    @Test
    void optimizedFormEvaluatesLikeTheOriginal() {
        Term t = InfixExpressions.parse("(x+1)^3 + 3*(x+1)*y - y*(x+1)*3 + x*x*x");
        Optimizer.Result r = new Optimizer().optimize(t, QUICK);
        assertThat(r.optimizedDagOperations()).isLessThan(r.originalDagOperations());
        CompiledExpression original = CompiledExpression.compile(t, List.of("x", "y"));
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            double x = random.nextDouble() * 4 - 2;
            double y = random.nextDouble() * 4 - 2;
            assertThat(r.compiled().evaluate(x, y)).isCloseTo(original.evaluate(x, y), within(1e-9));
        }
    }

    @Test
    void compiledEvaluatorKnowsTheElementaryFunctions() {
        CompiledExpression c = CompiledExpression.compile(InfixExpressions.parse("exp(ln(x)) + sqrt(x)*tan(y) - cos(y)^2 / x"),
                List.of("x", "y"));
        double x = 2.5;
        double y = 0.3;
        assertThat(c.evaluate(x, y)).isCloseTo(Math.exp(Math.log(x)) + Math.sqrt(x) * Math.tan(y) - Math.pow(Math.cos(y), 2) / x, within(1e-12));
    }
}
