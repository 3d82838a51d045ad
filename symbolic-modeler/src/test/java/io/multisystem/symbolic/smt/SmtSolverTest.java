package io.multisystem.symbolic.smt;

import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmtSolverTest {
    final SmtSolver solver = new SmtSolver();

    @Test
    void linearIntegerArithmeticHasACheckedModel() {
        SmtResult r = solver.solve("""
                (set-logic QF_LIA)
                (declare-const x Int) (declare-const y Int)
                (assert (= (+ (* 3 x) (* 2 y)) 17))
                (assert (> x 2)) (assert (> y 0))
                (check-sat) (get-model)
                """, Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo(SmtResult.Status.SATISFIABLE);
        assertThat(r.modelChecked()).isTrue();
        int x = Integer.parseInt(r.model().get("x"));
        int y = Integer.parseInt(r.model().get("y"));
        assertThat(3 * x + 2 * y).isEqualTo(17);
    }

    @Test
    void unsatisfiableRealArithmeticHasAnUnsatCore() {
        SmtResult r = solver.solve("""
                (declare-const a Real) (declare-const b Real)
                (assert (> a 1.5))
                (assert (>= b 0.0))
                (assert (< (+ a a) 3.0))
                """, Duration.ofSeconds(10));
        assertThat(r.status()).isEqualTo(SmtResult.Status.UNSATISFIABLE);
        assertThat(r.unsatCore()).hasSize(2).noneMatch(a -> a.contains("b"));
    }

    @Test
    void malformedScriptIsAnInputError() {
        assertThatThrownBy(() -> solver.solve("(declare-const x Int) (assert (> x undefined))", Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not parse");
        assertThatThrownBy(() -> solver.solve("(assert (> x 1)", Duration.ofSeconds(1)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unclosed");
    }
}
