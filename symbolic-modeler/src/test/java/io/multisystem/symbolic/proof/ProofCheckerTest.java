package io.multisystem.symbolic.proof;

import io.multisystem.core.testing.SharedData;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.rewrite.RuleFiles;
import io.multisystem.symbolic.rewrite.RuleSet;
import io.multisystem.symbolic.saturation.EqualitySaturator;
import io.multisystem.symbolic.saturation.Limits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProofCheckerTest {
    private static RuleSet rules;
    private static ProofChecker checker;
    private static Proof factorProof;

    @BeforeAll
    static void proveTheFactorGoal() {
        rules = RuleFiles.load(SharedData.resolve("egg-math/rules.txt"));
        checker = new ProofChecker(rules);
        factorProof = EqualitySaturator.create(rules)
                .prove(SExpressions.parse("(* (+ x 3) (+ x 1))"), SExpressions.parse("(+ (+ (* x x) (* 4 x)) 3)"),
                        Limits.DEFAULT)
                .proof().orElseThrow();
        System.out.println("proof of math_simplify_factor:\n" + factorProof);
    }

    @Test
    void anEngineProofIsAccepted() {
        assertThat(checker.check(factorProof).valid()).isTrue();
        assertThat(checker.check(factorProof.reversed()).valid()).isTrue();
    }

    @Test
    void aStepNamingAnotherRuleIsRejected() {
        int k = firstRewrite(factorProof);
        ProofStep step = factorProof.steps().get(k);
        String other = step.rule().equals("comm-mul") ? "comm-add" : "comm-mul";
        ProofChecker.Verdict verdict = checker.check(withStep(factorProof, k, new ProofStep(step.kind(), other,
                step.direction(), step.position(), step.substitution(), step.term())));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.failedStep()).isEqualTo(k);
    }

    @Test
    void aStepNamingAnUnknownRuleIsRejected() {
        int k = firstRewrite(factorProof);
        ProofStep step = factorProof.steps().get(k);
        ProofChecker.Verdict verdict = checker.check(withStep(factorProof, k, new ProofStep(step.kind(), "no-such-rule",
                step.direction(), step.position(), step.substitution(), step.term())));
        assertThat(verdict.reason()).contains("unknown rule");
    }

    @Test
    void aStepAtAnotherPositionIsRejected() {
        int k = firstRewrite(factorProof);
        ProofStep step = factorProof.steps().get(k);
        List<Integer> moved = new ArrayList<>(step.position());
        moved.add(0);
        ProofChecker.Verdict verdict = checker.check(withStep(factorProof, k, new ProofStep(step.kind(), step.rule(),
                step.direction(), moved, step.substitution(), step.term())));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.failedStep()).isEqualTo(k);
    }

    @Test
    void aStepWithAnotherSubstitutionIsRejected() {
        int k = firstRewrite(factorProof);
        ProofStep step = factorProof.steps().get(k);
        Map<String, Term> substitution = new HashMap<>(step.substitution());
        String variable = substitution.keySet().iterator().next();
        substitution.put(variable, Term.sym("zzz"));
        ProofChecker.Verdict verdict = checker.check(withStep(factorProof, k, new ProofStep(step.kind(), step.rule(),
                step.direction(), step.position(), substitution, step.term())));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.failedStep()).isEqualTo(k);
    }

    @Test
    void aStepInTheWrongDirectionIsRejected() {
        int k = firstRewrite(factorProof);
        ProofStep step = factorProof.steps().get(k);
        ProofStep.Direction flipped = step.direction() == ProofStep.Direction.FORWARD
                ? ProofStep.Direction.BACKWARD : ProofStep.Direction.FORWARD;
        assertThat(checker.check(withStep(factorProof, k, new ProofStep(step.kind(), step.rule(), flipped,
                step.position(), step.substitution(), step.term()))).valid()).isFalse();
    }

    @Test
    void aSkippedStepIsRejected() {
        List<ProofStep> steps = new ArrayList<>(factorProof.steps());
        steps.remove(steps.size() / 2);
        ProofChecker.Verdict verdict = checker.check(new Proof(factorProof.start(), factorProof.goal(), steps));
        assertThat(verdict.valid()).isFalse();
    }

    @Test
    void aProofEndingElsewhereThanTheGoalIsRejected() {
        Proof proof = new Proof(factorProof.start(), SExpressions.parse("(* 4 x)"), factorProof.steps());
        ProofChecker.Verdict verdict = checker.check(proof);
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.failedStep()).isEqualTo(proof.steps().size());
    }

    @Test
    void aRewriteWhoseConditionFailsIsRejected() {
        Term start = SExpressions.parse("(/ x 0)");
        Term end = SExpressions.parse("(* x (pow 0 -1))");
        Proof proof = new Proof(start, end, List.of(new ProofStep(ProofStep.Kind.REWRITE, "div-canon",
                ProofStep.Direction.FORWARD, List.of(), Map.of("?a", Term.sym("x"), "?b", Term.num(0)), end)));
        ProofChecker.Verdict verdict = checker.check(proof);
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).contains("not-zero ?b");
    }

    @Test
    void aWrongConstantFoldIsRejectedAndARightOneAccepted() {
        Term start = SExpressions.parse("(+ x (* 2 3))");
        Term right = SExpressions.parse("(+ x 6)");
        Term wrong = SExpressions.parse("(+ x 5)");
        assertThat(checker.check(new Proof(start, right, List.of(fold(List.of(1), right)))).valid()).isTrue();
        assertThat(checker.check(new Proof(right, start, List.of(new ProofStep(ProofStep.Kind.CONSTANT_FOLD,
                ProofStep.CONSTANT_FOLD_RULE, ProofStep.Direction.BACKWARD, List.of(1), Map.of(), start)))).valid())
                .isTrue();
        assertThat(checker.check(new Proof(start, wrong, List.of(fold(List.of(1), wrong)))).valid()).isFalse();
        assertThat(checker.check(new Proof(start, right, List.of(fold(List.of(), right)))).valid()).isFalse();
    }

    @Test
    void theJsonFormRoundTripsAndIsStable() {
        String json = ProofJson.write(factorProof);
        assertThat(ProofJson.read(json)).isEqualTo(factorProof);
        assertThat(json).startsWith("{\"start\":\"(* (+ x 3) (+ x 1))\",\"goal\":\"(+ (+ (* x x) (* 4 x)) 3)\",\"steps\":[");
    }

    @Test
    void malformedJsonIsReportedAsInvalidInput() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProofJson.read("{\"start\": \"x\"}"))
                .isInstanceOf(io.multisystem.core.error.InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "INVALID_PROOF_JSON");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProofJson.read("not json"))
                .hasFieldOrPropertyWithValue("code", "INVALID_PROOF_JSON");
    }

    private static ProofStep fold(List<Integer> position, Term result) {
        return new ProofStep(ProofStep.Kind.CONSTANT_FOLD, ProofStep.CONSTANT_FOLD_RULE, ProofStep.Direction.FORWARD,
                position, Map.of(), result);
    }

    private static int firstRewrite(Proof proof) {
        for (int k = 0; k < proof.steps().size(); k++) {
            if (proof.steps().get(k).kind() == ProofStep.Kind.REWRITE && !proof.steps().get(k).substitution().isEmpty()) {
                return k;
            }
        }
        throw new AssertionError("no rewrite step in " + proof);
    }

    private static Proof withStep(Proof proof, int index, ProofStep step) {
        List<ProofStep> steps = new ArrayList<>(proof.steps());
        steps.set(index, step);
        return new Proof(proof.start(), proof.goal(), steps);
    }
}
