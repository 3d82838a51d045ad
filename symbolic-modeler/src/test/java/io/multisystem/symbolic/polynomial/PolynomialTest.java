package io.multisystem.symbolic.polynomial;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.symbolic.expr.InfixExpressions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolynomialTest {
    static Polynomial poly(String infix) {
        return Polynomials.fromTerm(InfixExpressions.parse(infix));
    }

    static RationalFunction rf(String infix) {
        return RationalFunction.fromTerm(InfixExpressions.parse(infix));
    }

    @Test
    void expandsAndCollectsInCanonicalLexOrder() {
        assertThat(poly("(x+3)*(x+1)")).hasToString("x^2 + 4*x + 3");
        assertThat(poly("(y+x)^2 - 2*x*y")).hasToString("x^2 + y^2");
        assertThat(poly("(x+y+z+1)^20").termCount()).isEqualTo(1771);
    }

    @Test
    void equalPolynomialExpressionsHaveEqualCanonicalForms() {
        assertThat(poly("(a+b)^3")).isEqualTo(poly("a^3 + 3*a^2*b + 3*a*b^2 + b^3"));
        assertThat(poly("(a+b)^3")).isNotEqualTo(poly("a^3 + b^3"));
        assertThat(poly("x - x")).isEqualTo(poly("0"));
    }

    @Test
    void nonPolynomialFunctionsBecomeAtoms() {
        assertThat(poly("(sin(x)+1)^2 - sin(x)^2")).hasToString("2*sin(x) + 1");
    }

    @Test
    void multivariateGcdAndExactDivision() {
        Polynomial a = poly("(x+y)^2*(x-2*y)");
        Polynomial b = poly("(x+y)*(x^2+y)");
        assertThat(Polynomials.gcd(a, b)).isEqualTo(poly("x+y"));
        assertThat(a.divideExactly(poly("x+y"))).isEqualTo(poly("(x+y)*(x-2*y)"));
        assertThat(Polynomials.gcd(poly("6*x^2+12*x+6"), poly("4*x+4"))).isEqualTo(poly("x+1"));
    }

    @Test
    void divisionWithRemainderReconstructsTheDividend() {
        Polynomial a = poly("x^3 + 2*x*y + 5");
        Polynomial d = poly("x^2 + y");
        Polynomial[] qr = a.divideWithRemainder(d);
        assertThat(qr[0].multiply(d).add(qr[1])).isEqualTo(a);
        assertThat(qr[1]).isEqualTo(poly("x*y + 5"));
    }

    @Test
    void rationalFunctionsAreReducedToLowestTerms() {
        assertThat(rf("(x^2-1)/(x^2+2*x+1)")).hasToString("(x - 1)/(x + 1)");
        assertThat(rf("1/x + 1/y")).isEqualTo(rf("(x+y)/(x*y)"));
        assertThat(rf("(x^2-y^2)/(2*x-2*y)")).hasToString("(1/2)*x + (1/2)*y");
    }

    @Test
    void squareFreeDecompositionOfAMultivariatePolynomial() {
        Factorization f = Factorizer.squareFree(poly("3*(x+y)^2*(x-y)*y^3"));
        assertThat(f.expand()).isEqualTo(poly("3*(x+y)^2*(x-y)*y^3"));
        assertThat(f.factors()).extracting(Factorization.Factor::multiplicity).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void univariateFactoringIsCompleteOverTheRationals() {
        Factorization f = Factorizer.factor(poly("2*x^5 - 2*x"));
        assertThat(f).hasToString("2*x*(x + 1)*(x - 1)*(x^2 + 1)");
        assertThat(f.irreducible()).isTrue();
        Factorization g = Factorizer.factor(poly("(x^2-2)*(x^2+x+1)^2*(3*x-1)"));
        assertThat(g.expand()).isEqualTo(poly("(x^2-2)*(x^2+x+1)^2*(3*x-1)"));
        assertThat(g.factors()).hasSize(3);
    }

    @Test
    void irreduciblePolynomialsStayWhole() {
        assertThat(Factorizer.factor(poly("x^4+1")).factors()).hasSize(1);
        assertThat(Factorizer.factor(poly("x^6 + x^3 + 1")).factors()).hasSize(1);
    }

    @Test
    void divisionByZeroIsAnInputError() {
        assertThatThrownBy(() -> rf("x/(y-y)")).isInstanceOf(InvalidInputException.class).hasMessageContaining("zero");
        assertThatThrownBy(() -> poly("x/y")).isInstanceOf(InvalidInputException.class).hasMessageContaining("not polynomial");
    }
}
