package io.multisystem.symbolic.expr;

import io.multisystem.core.error.InvalidInputException;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RationalProperties {

    @Property(seed = "7")
    void additionIsAssociativeAndCommutative(@ForAll("rationals") Rational a, @ForAll("rationals") Rational b,
                                             @ForAll("rationals") Rational c) {
        assertThat(a.add(b).add(c)).isEqualTo(a.add(b.add(c)));
        assertThat(a.add(b)).isEqualTo(b.add(a));
    }

    @Property(seed = "7")
    void multiplicationIsAssociativeCommutativeAndDistributes(@ForAll("rationals") Rational a,
                                                              @ForAll("rationals") Rational b,
                                                              @ForAll("rationals") Rational c) {
        assertThat(a.multiply(b).multiply(c)).isEqualTo(a.multiply(b.multiply(c)));
        assertThat(a.multiply(b)).isEqualTo(b.multiply(a));
        assertThat(a.multiply(b.add(c))).isEqualTo(a.multiply(b).add(a.multiply(c)));
    }

    @Property(seed = "7")
    void identitiesAndInversesHold(@ForAll("rationals") Rational a) {
        assertThat(a.add(Rational.ZERO)).isEqualTo(a);
        assertThat(a.multiply(Rational.ONE)).isEqualTo(a);
        assertThat(a.add(a.negate())).isEqualTo(Rational.ZERO);
        if (!a.isZero()) {
            assertThat(a.multiply(a.reciprocal())).isEqualTo(Rational.ONE);
            assertThat(a.divide(a)).isEqualTo(Rational.ONE);
        }
    }

    @Property(seed = "7")
    void everyResultIsInNormalForm(@ForAll("rationals") Rational a, @ForAll("rationals") Rational b) {
        for (Rational r : new Rational[] {a.add(b), a.subtract(b), a.multiply(b), a.negate()}) {
            assertThat(r.denominator().signum()).isPositive();
            assertThat(r.numerator().gcd(r.denominator())).isEqualTo(r.isZero() ? r.denominator() : BigInteger.ONE);
        }
    }

    @Property(seed = "7")
    void equalValuesAreEqualWhateverTheScaling(@ForAll("rationals") Rational a, @ForAll("factors") long k) {
        Rational scaled = Rational.of(a.numerator().multiply(BigInteger.valueOf(k)),
                a.denominator().multiply(BigInteger.valueOf(k)));
        assertThat(scaled).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(scaled.compareTo(a)).isZero();
    }

    @Property(seed = "7")
    void textFormParsesBack(@ForAll("rationals") Rational a) {
        assertThat(Rational.parse(a.toString())).isEqualTo(a);
        a.terminatingDecimal().ifPresent(decimal -> assertThat(Rational.parse(decimal)).isEqualTo(a));
    }

    @Example
    void divisionByZeroIsAnInvalidInputNotAnArithmeticException() {
        assertThatThrownBy(() -> Rational.ONE.divide(Rational.ZERO))
                .isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "DIVISION_BY_ZERO");
        assertThatThrownBy(() -> Rational.of(1, 0)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Rational.ZERO.pow(-1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> Rational.parse("3/0")).isInstanceOf(InvalidInputException.class);
    }

    @Example
    void decimalsAndFractionsAreReadExactly() {
        assertThat(Rational.parse("0.75")).isEqualTo(Rational.of(3, 4));
        assertThat(Rational.parse("-6/8")).isEqualTo(Rational.of(-3, 4));
        assertThat(Rational.of(1, 3).terminatingDecimal()).isEmpty();
        assertThat(Rational.of(-5, 4).terminatingDecimal()).contains("-1.25");
        assertThatThrownBy(() -> Rational.parse("1.")).isInstanceOf(InvalidInputException.class)
                .hasFieldOrPropertyWithValue("code", "INVALID_NUMBER");
    }

    @Provide
    Arbitrary<Rational> rationals() {
        return TermArbitraries.rationals();
    }

    @Provide
    Arbitrary<Long> factors() {
        return net.jqwik.api.Arbitraries.longs().between(-1000, 1000).filter(k -> k != 0);
    }
}
