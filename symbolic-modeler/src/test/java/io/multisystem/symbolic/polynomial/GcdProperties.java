package io.multisystem.symbolic.polynomial;

import io.multisystem.symbolic.expr.InfixExpressions;
import io.multisystem.symbolic.expr.Rational;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The heuristic GCD agrees with the primitive PRS and really is a common divisor of maximal degree. */
class GcdProperties {
    @Property(tries = 150, seed = "2026")
    void heuristicGcdEqualsThePrimitivePrsGcd(@ForAll("polynomials") Polynomial a, @ForAll("polynomials") Polynomial b,
                                              @ForAll("polynomials") Polynomial c) {
        Polynomial f = a.multiply(c);
        Polynomial g = b.multiply(c);
        Polynomial gcd = Polynomials.gcd(f, g);

        assertThat(gcd).isEqualTo(Polynomials.prsGcd(f, g));
        if (!f.isZero() && !g.isZero()) {
            assertThat(f.divideWithRemainder(gcd)[1].isZero()).isTrue();
            assertThat(g.divideWithRemainder(gcd)[1].isZero()).isTrue();
            if (!c.isZero()) {
                assertThat(gcd.divideWithRemainder(c.monic())[1].isZero()).as("the common factor divides the gcd").isTrue();
            }
        }
    }

    @Example
    void denseThreeVariableGcdIsFound() {
        Polynomial f = Polynomials.fromTerm(InfixExpressions.parse("(x+y+1)^7*(x-z)"));
        Polynomial g = Polynomials.fromTerm(InfixExpressions.parse("(x+y+1)^3*(x^2-z^2)"));

        Polynomial gcd = HeuristicGcd.gcd(f.integerPrimitive(), g.integerPrimitive());

        assertThat(gcd).isNotNull();
        assertThat(gcd).isEqualTo(Polynomials.fromTerm(InfixExpressions.parse("(x+y+1)^3*(x-z)")));
    }

    @Example
    void coprimeInputsHaveGcdOne() {
        Polynomial f = Polynomials.fromTerm(InfixExpressions.parse("x^2*y + 3*z - 1"));
        Polynomial g = Polynomials.fromTerm(InfixExpressions.parse("x*y^2 - z + 7"));

        assertThat(Polynomials.gcd(f, g)).isEqualTo(Polynomials.fromTerm(InfixExpressions.parse("1")));
    }

    @Example
    void rationalCoefficientsGiveAMonicGcd() {
        Polynomial f = Polynomials.fromTerm(InfixExpressions.parse("(x/2 + y/3)*(x - 1)"));
        Polynomial g = Polynomials.fromTerm(InfixExpressions.parse("(3*x + 2*y)^2 * 5"));

        assertThat(Polynomials.gcd(f, g)).isEqualTo(Polynomials.fromTerm(InfixExpressions.parse("x + 2*y/3")));
    }

    @Provide
    Arbitrary<Polynomial> polynomials() {
        Arbitrary<Polynomial> monomial = Combinators.combine(
                Arbitraries.integers().between(-9, 9), Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2))
                .as((c, ex, ey, ez) -> Polynomial.constant(Rational.of(BigInteger.valueOf(c)))
                        .multiply(Polynomial.variable("x").pow(ex)).multiply(Polynomial.variable("y").pow(ey))
                        .multiply(Polynomial.variable("z").pow(ez)));
        return monomial.list().ofMinSize(1).ofMaxSize(4).map(ms -> ms.stream().reduce(Polynomial.ZERO, Polynomial::add));
    }
}
