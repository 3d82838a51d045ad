package io.multisystem.symbolic.expr;

import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParsingTest {

    @Test
    void infixProductOfSumsParsesToTheEggMathTerm() {
        assertThat(InfixExpressions.parse("(x+3)*(x+1)")).isEqualTo(SExpressions.parse("(* (+ x 3) (+ x 1))"));
    }

    @Test
    void infixPowersOfFunctionsParse() {
        assertThat(InfixExpressions.parse("sin(x)^2 + cos(x)^2"))
                .isEqualTo(SExpressions.parse("(+ (pow (sin x) 2) (pow (cos x) 2))"));
    }

    @Test
    void derivativeAndIntegralFormsParseToDAndI() {
        Term derivative = SExpressions.parse("(d x (pow x 2))");
        assertThat(InfixExpressions.parse("d/dx (x^2)")).isEqualTo(derivative);
        assertThat(InfixExpressions.parse("diff(x^2, x)")).isEqualTo(derivative);
        assertThat(InfixExpressions.parse("integral(cos(x), x)")).isEqualTo(SExpressions.parse("(i (cos x) x)"));
        assertThat(InfixExpressions.print(derivative)).isEqualTo("d/dx(x ^ 2)");
    }

    @Test
    void precedenceAndAssociativityFollowMathematicalConvention() {
        assertThat(InfixExpressions.parse("a - b - c")).isEqualTo(SExpressions.parse("(- (- a b) c)"));
        assertThat(InfixExpressions.parse("a ^ b ^ c")).isEqualTo(SExpressions.parse("(pow a (pow b c))"));
        assertThat(InfixExpressions.parse("-2^2")).isEqualTo(SExpressions.parse("(* -1 (pow 2 2))"));
        assertThat(InfixExpressions.parse("-x * 3")).isEqualTo(SExpressions.parse("(* (* -1 x) 3)"));
        assertThat(InfixExpressions.parse("x ^ -1")).isEqualTo(SExpressions.parse("(pow x -1)"));
        assertThat(InfixExpressions.parse("a / b * c")).isEqualTo(SExpressions.parse("(* (/ a b) c)"));
    }

    @Test
    void constantsAreExactInBothSyntaxes() {
        assertThat(InfixExpressions.parse("0.5 + #1/3")).isEqualTo(SExpressions.parse("(+ 1/2 1/3)"));
        assertThat(InfixExpressions.print(Term.num(Rational.of(-1, 3)))).isEqualTo("#-1/3");
        assertThat(SExpressions.print(Term.num(Rational.of(-1, 3)))).isEqualTo("-1/3");
    }

    @Test
    void infixParseErrorsGiveThePosition() {
        assertThatThrownBy(() -> InfixExpressions.parse("(x + 3"))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "PARSE_ERROR")
                .hasMessage("position 6: expected ')' but found end of input");
        assertThatThrownBy(() -> InfixExpressions.parse("x + * 2"))
                .hasMessageStartingWith("position 4: expected a number");
        assertThatThrownBy(() -> InfixExpressions.parse("x y"))
                .hasMessageStartingWith("position 2: expected an operator or end of input");
        assertThatThrownBy(() -> InfixExpressions.parse("diff(x)"))
                .hasMessageStartingWith("position 0: diff takes 2 arguments");
        assertThatThrownBy(() -> InfixExpressions.parse("#1/0"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("zero denominator");
    }

    @Test
    void sExpressionParseErrorsGiveThePosition() {
        assertThatThrownBy(() -> SExpressions.parse("(+ x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("position 4: expected ')' to close the '(' at position 0 but found end of input");
        assertThatThrownBy(() -> SExpressions.parse("(+ x y z)"))
                .hasMessage("position 0: operator '+' takes 2 arguments but has 3");
        assertThatThrownBy(() -> SExpressions.parse("(+ x $)"))
                .hasMessageStartingWith("position 5: '$' is neither a number");
        assertThatThrownBy(() -> SExpressions.parse("x)")).hasMessageStartingWith("position 1:");
        assertThatThrownBy(() -> SExpressions.parse("()")).hasMessageStartingWith("position 0: empty list");
    }

    @Test
    void hostilyDeepNestingIsAParseErrorNotAStackOverflow() {
        String deep = "(".repeat(100_000) + "x" + ")".repeat(100_000);
        assertThatThrownBy(() -> InfixExpressions.parse(deep))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nested deeper than 256");
        assertThatThrownBy(() -> InfixExpressions.parse("-".repeat(100_000) + "x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nested deeper than 256");
        assertThatThrownBy(() -> InfixExpressions.parse("x^".repeat(100_000) + "x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nested deeper than 256");
        String deepSexp = "(sin ".repeat(100_000) + "x" + ")".repeat(100_000);
        assertThatThrownBy(() -> SExpressions.parse(deepSexp))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("nested deeper than 1000");
        String fine = "(".repeat(200) + "x" + ")".repeat(200);
        assertThat(InfixExpressions.parse(fine)).isEqualTo(Term.sym("x"));
    }

    @Test
    void reservedInfixNamesAreRejectedWhenPrinting() {
        assertThatThrownBy(() -> InfixExpressions.print(SExpressions.parse("(diff x y)")))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "NOT_PRINTABLE_AS_INFIX");
    }
}
