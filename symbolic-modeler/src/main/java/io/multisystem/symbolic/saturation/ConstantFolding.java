package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Rational;

/**
 * The constant-folding semantics of the e-class analysis: {@code + - * /} on exact rationals (no fold for a zero
 * divisor) and {@code pow} with an integer exponent (no fold for 0 to a non-positive power, nor for results beyond
 * {@value #MAX_RESULT_BITS} bits). Anything else does not fold.
 */
final class ConstantFolding {
    static final int MAX_RESULT_BITS = 65_536;

    private ConstantFolding() {
    }

    /** The value of {@code operator(arguments)}, or null if it does not fold. */
    static Rational fold(String operator, Rational[] arguments) {
        if (arguments.length != 2) {
            return null;
        }
        Rational a = arguments[0];
        Rational b = arguments[1];
        switch (operator) {
            case "+":
                return a.add(b);
            case "-":
                return a.subtract(b);
            case "*":
                return a.multiply(b);
            case "/":
                return b.isZero() ? null : a.divide(b);
            case "pow":
                return power(a, b);
            default:
                return null;
        }
    }

    private static Rational power(Rational base, Rational exponent) {
        if (!exponent.isInteger() || exponent.numerator().bitLength() > 31) {
            return null;
        }
        int e = exponent.numerator().intValueExact();
        if (base.isZero() && e <= 0) {
            return null;
        }
        long bits = (long) Math.abs(e) * Math.max(base.numerator().bitLength(), base.denominator().bitLength());
        if (bits > MAX_RESULT_BITS) {
            return null;
        }
        return base.pow(e);
    }
}
