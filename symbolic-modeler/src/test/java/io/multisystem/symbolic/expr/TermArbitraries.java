package io.multisystem.symbolic.expr;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.math.BigInteger;
import java.util.List;

/** Generators of random terms and rationals for property tests. */
public final class TermArbitraries {
    private TermArbitraries() {
    }

    public static Arbitrary<Rational> rationals() {
        Arbitrary<BigInteger> numerators = Arbitraries.bigIntegers()
                .between(new BigInteger("-100000000000000000000"), new BigInteger("100000000000000000000"))
                .edgeCases(c -> c.includeOnly(BigInteger.ZERO, BigInteger.ONE));
        Arbitrary<BigInteger> denominators = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(BigInteger.ONE)),
                net.jqwik.api.Tuple.of(2, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(1_000_000))));
        return Combinators.combine(numerators, denominators).as(Rational::of);
    }

    public static Arbitrary<Term> terms() {
        return term(4);
    }

    private static Arbitrary<Term> term(int depth) {
        Arbitrary<Term> leaves = Arbitraries.oneOf(
                rationals().map(Term::num),
                Arbitraries.of("x", "y", "z", "alpha", "d", "dx", "i", "x_1").map(Term::sym));
        if (depth == 0) {
            return leaves;
        }
        Arbitrary<Term> sub = Arbitraries.lazy(() -> term(depth - 1));
        Arbitrary<Term> binary = Combinators.combine(
                Arbitraries.of("+", "-", "*", "/", "pow", "d", "i", "f"), sub, sub)
                .as((op, a, b) -> Term.app(op, a, b));
        Arbitrary<Term> unary = Combinators.combine(
                Arbitraries.of("sin", "cos", "tan", "exp", "ln", "sqrt", "g"), sub).as((op, a) -> Term.app(op, a));
        Arbitrary<Term> ternary = Combinators.combine(sub, sub, sub).as((a, b, c) -> Term.app("h", List.of(a, b, c)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaves),
                net.jqwik.api.Tuple.of(4, binary),
                net.jqwik.api.Tuple.of(2, unary),
                net.jqwik.api.Tuple.of(1, ternary));
    }
}
