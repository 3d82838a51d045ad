package io.multisystem.symbolic.proof;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.symbolic.expr.InfixExpressions;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.polynomial.CanonicalDerivation;
import io.multisystem.symbolic.polynomial.RationalFunction;
import io.multisystem.symbolic.rewrite.RuleSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Canonicalisation proofs: every derivation replays in the independent checker, and forged steps do not. */
class CanonicalProofProperties {
    private static final ProofChecker CHECKER = new ProofChecker(new RuleSet(List.of()));

    @Property(tries = 200, seed = "42")
    void everyCanonicalisationReplaysToTheCanonicalTerm(@ForAll("expressions") Term term) {
        RationalFunction expected = canonicalOrSkip(term);
        CanonicalDerivation.Derivation d = CanonicalDerivation.derive(term);

        ProofChecker.Verdict verdict = CHECKER.check(d.proof());
        assertThat(verdict.valid()).as("%s\n%s", verdict, d.proof()).isTrue();
        assertThat(d.canonical()).isEqualTo(expected);
        assertThat(d.proof().goal()).isEqualTo(expected.toTerm());
        assertThat(d.proof().steps()).allSatisfy(s -> {
            assertThat(s.kind()).isEqualTo(ProofStep.Kind.CANONICALIZE);
            assertThat(s.rule()).startsWith(ProofChecker.CANONICAL_RULE_PREFIX);
        });
    }

    @Property(tries = 100, seed = "7")
    void equalRationalFunctionsGetAChainedProofThatReplays(@ForAll("expressions") Term term) {
        canonicalOrSkip(term);
        Term x = Term.sym("x");
        // (t*(x+2) - 2*t) / x is t as a rational function, but written differently
        Term other = Term.app("/", Term.app("-", Term.app("*", term, Term.app("+", x, Term.num(2))),
                Term.app("*", Term.num(2), term)), x);
        Proof proof = CanonicalDerivation.proveEqual(term, other);

        assertThat(proof).isNotNull();
        assertThat(proof.start()).isEqualTo(term);
        assertThat(proof.goal()).isEqualTo(other);
        ProofChecker.Verdict verdict = CHECKER.check(proof);
        assertThat(verdict.valid()).as("%s\n%s", verdict, proof).isTrue();
        Proof roundTripped = ProofJson.read(ProofJson.write(proof));
        assertThat(CHECKER.check(roundTripped).valid()).isTrue();
    }

    @Property(tries = 100, seed = "99")
    void aStepWhoseResultIsAlteredIsRejected(@ForAll("expressions") Term term, @ForAll("stepChoice") int choice) {
        canonicalOrSkip(term);
        Proof proof = CanonicalDerivation.derive(term).proof();
        Assume.that(!proof.steps().isEmpty());
        int k = choice % proof.steps().size();
        ProofStep step = proof.steps().get(k);
        Term after = proof.replacementSubterm(k);
        Term forged = step.term().replace(step.position(), Term.app("+", after, Term.num(1)));
        List<ProofStep> steps = new ArrayList<>(proof.steps().subList(0, k));
        steps.add(new ProofStep(step.kind(), step.rule(), step.direction(), step.position(), Map.of(), forged));

        ProofChecker.Verdict verdict = CHECKER.check(new Proof(proof.start(), forged, steps));

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.failedStep()).isEqualTo(k);
    }

    @Example
    void aForgedExpansionIsRejectedWithTheReason() {
        Term start = InfixExpressions.parse("(x+1)^2");
        Term wrong = InfixExpressions.parse("x^2 + 1");
        Proof proof = new Proof(start, wrong, List.of(new ProofStep(ProofStep.Kind.CANONICALIZE, "canonical-power",
                ProofStep.Direction.FORWARD, List.of(), Map.of(), wrong)));

        ProofChecker.Verdict verdict = CHECKER.check(proof);

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("not an identity");
    }

    @Example
    void aCanonicalisationStepMustRewriteAnArithmeticNode() {
        Term start = InfixExpressions.parse("sin(x)");
        Term wrong = InfixExpressions.parse("sin(x) + 0");
        Proof proof = new Proof(start, wrong, List.of(new ProofStep(ProofStep.Kind.CANONICALIZE, "canonical-add",
                ProofStep.Direction.FORWARD, List.of(), Map.of(), wrong)));

        assertThat(CHECKER.check(proof).reason()).contains("application of + - * / or pow");
    }

    @Example
    void cancellingByAZeroDivisorIsRejected() {
        Term start = InfixExpressions.parse("x / (y - y)");
        Term wrong = InfixExpressions.parse("0");
        Proof proof = new Proof(start, wrong, List.of(new ProofStep(ProofStep.Kind.CANONICALIZE, "canonical-divide",
                ProofStep.Direction.FORWARD, List.of(), Map.of(), wrong)));

        ProofChecker.Verdict verdict = CHECKER.check(proof);

        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("identically 0");
    }

    @Example
    void stepsRecordTheOperationThePositionAndBothSubterms() {
        Term start = InfixExpressions.parse("sin((x+1)*(x-1)) + (x^2-1)/(x+1)");
        CanonicalDerivation.Derivation d = CanonicalDerivation.derive(start);

        assertThat(CHECKER.check(d.proof()).valid()).isTrue();
        assertThat(d.proof().steps()).extracting(ProofStep::rule)
                .contains("canonical-multiply", "canonical-divide", "canonical-add");
        int first = 0;
        while (!d.proof().steps().get(first).rule().equals("canonical-multiply")) {
            first++;
        }
        assertThat(d.proof().steps().get(first).position()).isEqualTo(List.of(0, 0));
        assertThat(InfixExpressions.print(d.proof().replacedSubterm(first))).isEqualTo("(x + 1) * (x + -1)");
        assertThat(InfixExpressions.print(d.proof().replacementSubterm(first))).isEqualTo("x ^ 2 + -1");
        assertThat(ProofJson.write(d.proof())).contains("\"before\"", "\"after\"");
    }

    private static RationalFunction canonicalOrSkip(Term term) {
        try {
            return RationalFunction.fromTerm(term);
        } catch (InvalidInputException e) {
            Assume.that(false);
            throw e;
        }
    }

    @Provide
    Arbitrary<Integer> stepChoice() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<Term> expressions() {
        return expression(4);
    }

    private static Arbitrary<Term> expression(int depth) {
        Arbitrary<Term> leaves = Arbitraries.oneOf(Arbitraries.longs().between(-3, 5).map(Term::num),
                Arbitraries.of("x", "y", "z").map(Term::sym));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<Term> sub = Arbitraries.lazy(() -> expression(depth - 1));
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaves),
                Tuple.of(5, Combinators.combine(Arbitraries.of("+", "-", "*"), sub, sub).as((op, a, b) -> Term.app(op, a, b))),
                Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> Term.app("/", a, Term.app("+", b, Term.sym("x"))))),
                Tuple.of(1, Combinators.combine(sub, Arbitraries.integers().between(-2, 3))
                        .as((a, n) -> Term.app("pow", a, Term.num(n)))),
                Tuple.of(1, Combinators.combine(Arbitraries.of("sin", "exp"), sub).as((op, a) -> Term.app(op, a))));
    }
}
