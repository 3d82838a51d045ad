package io.multisystem.symbolic.rewrite;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.testing.SharedData;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.saturation.Goal;
import io.multisystem.symbolic.saturation.GoalFiles;
import io.multisystem.symbolic.saturation.Limits;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleFilesTest {

    @Test
    void theEggMathRuleFileLoadsAllRulesWithTheirConditions() {
        RuleSet rules = RuleFiles.load(SharedData.resolve("egg-math/rules.txt"));
        assertThat(rules.size()).isEqualTo(36);
        Rule dConstant = rules.find("d-constant").orElseThrow();
        assertThat(dConstant.lhs()).isEqualTo(Pattern.parse("(d ?x ?c)"));
        assertThat(dConstant.conditions()).containsExactly(
                new Condition(Condition.Kind.SYM, List.of("?x")),
                new Condition(Condition.Kind.CONST_OR_DISTINCT_VAR, List.of("?c", "?x")));
        assertThat(rules.find("d-power").orElseThrow().conditions()).hasSize(2);
        assertThat(rules.find("add-zero").orElseThrow().lhs()).isEqualTo(new Pattern.Var("?a"));
    }

    @Test
    void theEggMathGoalFileMarksWhichGoalsMustBeProved() {
        List<Goal> goals = GoalFiles.load(SharedData.resolve("egg-math/goals.txt"), Limits.DEFAULT);
        assertThat(goals).filteredOn(Goal::expectProved).hasSizeGreaterThanOrEqualTo(10);
        assertThat(goals).filteredOn(g -> !g.expectProved()).extracting(Goal::name).containsExactly("math_fail");
    }

    @Test
    void goalLinesMayOverrideTheLimits() {
        List<Goal> goals = GoalFiles.parse("g: (+ x 0) => x iterations=3 nodes=500 time=250ms", "g.txt",
                Limits.DEFAULT);
        assertThat(goals.get(0).limits()).isEqualTo(new Limits(3, 500, Duration.ofMillis(250)));
        assertThatThrownBy(() -> GoalFiles.parse("g: (+ x 0) => x speed=3", "g.txt", Limits.DEFAULT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("g.txt:1:");
    }

    @Test
    void patternsInstantiateBySubstitution() {
        Pattern pattern = Pattern.parse("(+ ?a (* ?b 0))");
        assertThat(pattern.variables()).containsExactly("?a", "?b");
        assertThat(pattern.instantiate(Map.of("?a", Term.sym("x"), "?b", SExpressions.parse("(sin y)"))))
                .isEqualTo(SExpressions.parse("(+ x (* (sin y) 0))"));
    }

    @Test
    void malformedRuleLinesReportLineAndColumn() {
        assertThatThrownBy(() -> RuleFiles.parse("# header\nr: (+ ?a ?b) -> (+ ?b ?a)", "r.txt"))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "PARSE_ERROR")
                .hasMessage("r.txt:2:14: expected '=>' but found '->'");
        assertThatThrownBy(() -> RuleFiles.parse("r: (+ ?a => ?a", "r.txt"))
                .hasMessageStartingWith("r.txt:1:");
        assertThatThrownBy(() -> RuleFiles.parse("no colon here", "r.txt"))
                .hasMessageStartingWith("r.txt:1:1:");
    }

    @Test
    void unknownConditionsAndUnboundVariablesAreRejected() {
        assertThatThrownBy(() -> RuleFiles.parse("r: (/ ?a ?b) => ?a if positive ?b", "r.txt"))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "UNKNOWN_CONDITION");
        assertThatThrownBy(() -> RuleFiles.parse("r: (* ?a 0) => ?b", "r.txt"))
                .hasFieldOrPropertyWithValue("code", "RULE_UNBOUND_VARIABLE");
        assertThatThrownBy(() -> RuleFiles.parse("r: ?a => ?a\nr: ?b => ?b", "r.txt"))
                .hasFieldOrPropertyWithValue("code", "DUPLICATE_RULE");
    }
}
