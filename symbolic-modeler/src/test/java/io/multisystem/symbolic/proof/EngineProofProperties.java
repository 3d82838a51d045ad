package io.multisystem.symbolic.proof;

import io.multisystem.core.testing.SharedData;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.rewrite.RuleFiles;
import io.multisystem.symbolic.rewrite.RuleSet;
import io.multisystem.symbolic.saturation.CostFunction;
import io.multisystem.symbolic.saturation.EqualitySaturator;
import io.multisystem.symbolic.saturation.Limits;
import io.multisystem.symbolic.saturation.SimplificationResult;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Rewrite soundness as the checker sees it: every proof the engine emits for egg-math simplifications replays. */
class EngineProofProperties {
    private static final Limits SMALL = new Limits(4, 3_000, Duration.ofSeconds(5));

    @Property(tries = 40, seed = "1234")
    void everySimplificationComesWithAProofTheIndependentCheckerAccepts(@ForAll("mathTerms") Term term) {
        RuleSet rules = RuleFiles.load(SharedData.resolve("egg-math/rules.txt"));
        SimplificationResult result = EqualitySaturator.create(rules).simplify(term, SMALL, CostFunction.AST_SIZE);
        ProofChecker.Verdict verdict = new ProofChecker(rules).check(result.proof());
        assertThat(verdict.valid()).as("%s\n%s", verdict, result.proof()).isTrue();
        assertThat(result.best().size()).isLessThanOrEqualTo(term.size());
    }

    @Provide
    Arbitrary<Term> mathTerms() {
        return mathTerm(3);
    }

    private Arbitrary<Term> mathTerm(int depth) {
        Arbitrary<Term> leaves = Arbitraries.oneOf(Arbitraries.longs().between(-2, 3).map(Term::num),
                Arbitraries.of("x", "y").map(Term::sym));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<Term> sub = Arbitraries.lazy(() -> mathTerm(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, leaves),
                net.jqwik.api.Tuple.of(4, Combinators.combine(Arbitraries.of("+", "-", "*", "/", "pow"), sub, sub)
                        .as((op, a, b) -> Term.app(op, a, b))),
                net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of("sin", "cos", "ln"), sub)
                        .as((op, a) -> Term.app(op, a))),
                net.jqwik.api.Tuple.of(1, sub.map(e -> Term.app("d", Term.sym("x"), e))),
                net.jqwik.api.Tuple.of(1, sub.map(e -> Term.app("i", e, Term.sym("x")))));
    }
}
