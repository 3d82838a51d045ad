package io.multisystem.symbolic.saturation;

import io.multisystem.core.testing.SharedData;
import io.multisystem.symbolic.proof.Proof;
import io.multisystem.symbolic.proof.ProofChecker;
import io.multisystem.symbolic.proof.ProofJson;
import io.multisystem.symbolic.rewrite.RuleFiles;
import io.multisystem.symbolic.rewrite.RuleSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The egg-math suite, loaded as data from the shared folder: every goal marked {@code =>} is proved within its limits
 * with a proof the independent checker accepts, and the one marked {@code =/>} is not proved.
 */
class EggMathConformanceTest {
    private static final ConcurrentLinkedQueue<String> TIMINGS = new ConcurrentLinkedQueue<>();

    @TestFactory
    Stream<DynamicTest> everyEggMathGoalHasTheExpectedOutcome() {
        RuleSet rules = RuleFiles.load(SharedData.resolve("egg-math/rules.txt"));
        List<Goal> goals = GoalFiles.load(SharedData.resolve("egg-math/goals.txt"), Limits.DEFAULT);
        assertThat(rules.size()).isEqualTo(36);
        assertThat(goals).isNotEmpty();
        EqualitySaturator saturator = EqualitySaturator.create(rules);
        ProofChecker checker = new ProofChecker(rules);
        return goals.stream().map(goal -> DynamicTest.dynamicTest(goal.name(), () -> {
            ProofSearchResult result = saturator.prove(goal.lhs(), goal.rhs(), goal.limits());
            SaturationReport report = result.report();
            TIMINGS.add(String.format("%-22s %-6s %-15s iterations=%2d e-nodes=%6d e-classes=%6d time=%5d ms steps=%s",
                    goal.name(), goal.expectProved() ? "=>" : "=/>", report.stopReason(), report.iterations(),
                    report.nodes(), report.classes(), report.elapsed().toMillis(),
                    result.proof().map(p -> String.valueOf(p.steps().size())).orElse("-")));
            if (goal.expectProved()) {
                assertThat(result.proved()).as("%s proved; report %s", goal.name(), report).isTrue();
                assertThat(report.stopReason()).isEqualTo(StopReason.GOAL_REACHED);
                Proof proof = result.proof().orElseThrow();
                assertThat(proof.start()).isEqualTo(goal.lhs());
                assertThat(proof.goal()).isEqualTo(goal.rhs());
                ProofChecker.Verdict verdict = checker.check(proof);
                assertThat(verdict.valid()).as("checker verdict %s on\n%s", verdict, proof).isTrue();
                assertThat(checker.check(ProofJson.read(ProofJson.write(proof))).valid()).isTrue();
            } else {
                assertThat(result.proved()).as("%s must not be proved", goal.name()).isFalse();
                assertThat(report.stopReason()).isNotEqualTo(StopReason.GOAL_REACHED);
            }
        }));
    }

    @AfterAll
    static void printTimings() {
        System.out.println("egg-math conformance (default limits 30 iterations, 10,000 e-nodes, 5 s):");
        TIMINGS.forEach(line -> System.out.println("  " + line));
    }
}
