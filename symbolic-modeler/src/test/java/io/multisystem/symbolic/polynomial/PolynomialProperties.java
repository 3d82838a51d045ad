package io.multisystem.symbolic.polynomial;

import io.multisystem.symbolic.expr.Rational;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolynomialProperties {
    @Provide
    Arbitrary<Polynomial> polynomials() {
        Arbitrary<Polynomial> monomial = Combinators.combine(
                Arbitraries.integers().between(-9, 9), Arbitraries.of("x", "y"),
                Arbitraries.integers().between(0, 2), Arbitraries.of("x", "y", "z"), Arbitraries.integers().between(0, 1))
                .as((c, v, e, w, f) -> Polynomial.constant(Rational.of(c))
                        .multiply(Polynomial.variable(v).pow(e)).multiply(Polynomial.variable(w).pow(f)));
        return monomial.list().ofMinSize(1).ofMaxSize(3).map(list -> {
            Polynomial p = Polynomial.ZERO;
            for (Polynomial m : list) {
                p = p.add(m);
            }
            return p;
        });
    }

    @Provide
    Arbitrary<Polynomial> univariate() {
        return Arbitraries.integers().between(-6, 6).list().ofMinSize(1).ofMaxSize(4).map(cs -> {
            Polynomial p = Polynomial.ZERO;
            for (int i = 0; i < cs.size(); i++) {
                p = p.add(Polynomial.constant(Rational.of(cs.get(i))).multiply(Polynomial.variable("x").pow(i)));
            }
            return p;
        });
    }

    @Property(tries = 150)
    void packedLongProductEqualsExactProduct(@ForAll("polynomials") Polynomial a, @ForAll("polynomials") Polynomial b,
                                            @ForAll("rationals") Rational r, @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 61) int shift) {
        // big = an integer near 2^shift: products and sums near the long range take the fast path or its overflow fallback
        Polynomial big = Polynomial.constant(Rational.of(java.math.BigInteger.ONE.shiftLeft(shift).add(java.math.BigInteger.ONE)));
        for (Polynomial[] pair : new Polynomial[][]{{a, b}, {a.multiply(big), b.multiply(big)}, {a.scale(r), b}, {a, a.negate()}, {a.add(b), a.subtract(b)}}) {
            Polynomial fast = pair[0].multiply(pair[1]);
            Polynomial exact = Polynomial.viaExactProduct(pair[0], pair[1]);
            assertThat(fast).isEqualTo(exact);
            assertThat(fast.toString()).isEqualTo(exact.toString());
            assertThat(fast.variables()).isEqualTo(exact.variables());
        }
    }

    @Property(tries = 150)
    void multinomialPowerEqualsRepeatedSquaringAndRepeatedMultiplication(
            @ForAll("polynomials") Polynomial a, @ForAll("rationals") Rational scale,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 9) int n) {
        Polynomial p = a.add(Polynomial.constant(scale)).scale(scale.isZero() ? Rational.ONE : scale);
        Polynomial naive = Polynomial.ONE;
        for (int i = 0; i < n; i++) {
            naive = naive.multiply(p);
        }
        Polynomial fast = p.pow(n);
        assertThat(fast).isEqualTo(naive).isEqualTo(p.powBySquaring(n));
        assertThat(fast.toString()).isEqualTo(naive.toString());
        if (n > 0 && !p.isZero()) {
            assertThat(p.multinomialPow(n)).isEqualTo(naive);
        }
    }

    @Provide
    Arbitrary<Rational> rationals() {
        return Combinators.combine(Arbitraries.integers().between(-7, 7), Arbitraries.integers().between(1, 5))
                .as((num, den) -> Rational.of(num, den));
    }

    @Property(tries = 100)
    void ringLawsHoldOnCanonicalForms(@ForAll("polynomials") Polynomial a, @ForAll("polynomials") Polynomial b,
                                      @ForAll("polynomials") Polynomial c) {
        assertThat(a.multiply(b.add(c))).isEqualTo(a.multiply(b).add(a.multiply(c)));
        assertThat(a.multiply(b)).isEqualTo(b.multiply(a));
        assertThat(a.subtract(a).isZero()).isTrue();
    }

    @Property(tries = 80)
    void divisionReconstructsAndExactQuotientsRoundTrip(@ForAll("polynomials") Polynomial a, @ForAll("polynomials") Polynomial b) {
        if (b.isZero()) {
            return;
        }
        Polynomial[] qr = a.divideWithRemainder(b);
        assertThat(qr[0].multiply(b).add(qr[1])).isEqualTo(a);
        assertThat(a.multiply(b).divideExactly(b)).isEqualTo(a);
    }

    @Property(tries = 50)
    void gcdDividesBothAndCommonFactorsSurvive(@ForAll("polynomials") Polynomial a, @ForAll("polynomials") Polynomial b,
                                               @ForAll("polynomials") Polynomial g) {
        if (a.isZero() || b.isZero() || g.isZero()) {
            return;
        }
        Polynomial ga = g.multiply(a);
        Polynomial gb = g.multiply(b);
        Polynomial d = Polynomials.gcd(ga, gb);
        assertThat(ga.divideWithRemainder(d)[1].isZero()).isTrue();
        assertThat(gb.divideWithRemainder(d)[1].isZero()).isTrue();
        assertThat(d.divideWithRemainder(g.monic())[1].isZero()).as("gcd %s of %s and %s divisible by %s", d, ga, gb, g).isTrue();
    }

    @Property(tries = 100)
    void factorsMultiplyBackAndAreIrreducibleWhenUnivariate(@ForAll("univariate") Polynomial a, @ForAll("univariate") Polynomial b) {
        Polynomial p = a.multiply(b).multiply(a);
        if (p.isZero()) {
            return;
        }
        Factorization f = Factorizer.factor(p);
        assertThat(f.expand()).isEqualTo(p);
        for (Factorization.Factor factor : f.factors()) {
            if (factor.polynomial().totalDegree() > 1) {
                assertThat(Factorizer.factor(factor.polynomial()).factors()).hasSize(1);
            }
        }
    }

    @Property(tries = 100)
    void squareFreeDecompositionMultipliesBack(@ForAll("polynomials") Polynomial a, @ForAll("polynomials") Polynomial b) {
        Polynomial p = a.multiply(a).multiply(b);
        if (p.isZero()) {
            return;
        }
        assertThat(Factorizer.squareFree(p).expand()).isEqualTo(p);
    }

    @Property(tries = 100)
    void rationalFunctionsAreInLowestTerms(@ForAll("polynomials") Polynomial a, @ForAll("polynomials") Polynomial b,
                                           @ForAll("polynomials") Polynomial g) {
        if (b.isZero() || g.isZero()) {
            return;
        }
        RationalFunction f = RationalFunction.of(a.multiply(g), b.multiply(g));
        assertThat(f).isEqualTo(RationalFunction.of(a, b));
        assertThat(Polynomials.gcd(f.numerator(), f.denominator()).isConstant() || f.numerator().isZero()).isTrue();
        assertThat(List.of(f.denominator().leadingCoefficient())).containsExactly(Rational.ONE);
    }
}
