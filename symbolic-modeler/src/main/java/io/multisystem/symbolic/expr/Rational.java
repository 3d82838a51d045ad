package io.multisystem.symbolic.expr;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;

/**
 * An exact rational number of arbitrary precision.
 *
 * <p>Invariant (the normal form): the denominator is positive and {@code gcd(|numerator|, denominator) = 1}; zero is
 * {@code 0/1}. Two rationals are therefore {@link #equals equal} exactly when they denote the same number, and
 * {@link #hashCode} agrees with that. Instances are immutable and thread-safe.
 *
 * <p>Division by zero never escapes as an {@link ArithmeticException}: it is reported as an
 * {@link io.multisystem.core.error.InvalidInputException} with code {@code DIVISION_BY_ZERO}.
 */
public final class Rational implements Comparable<Rational> {
    public static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    public static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);
    public static final Rational MINUS_ONE = new Rational(BigInteger.ONE.negate(), BigInteger.ONE);

    private final BigInteger numerator;
    private final BigInteger denominator;

    private Rational(BigInteger numerator, BigInteger denominator) {
        this.numerator = numerator;
        this.denominator = denominator;
    }

    /** The rational {@code numerator/denominator} in normal form. */
    public static Rational of(BigInteger numerator, BigInteger denominator) {
        Objects.requireNonNull(numerator, "numerator");
        Objects.requireNonNull(denominator, "denominator");
        if (denominator.signum() == 0) {
            throw InputErrors.invalid("DIVISION_BY_ZERO", "the denominator of " + numerator + "/0 is zero; use a non-zero denominator");
        }
        if (denominator.signum() < 0) {
            numerator = numerator.negate();
            denominator = denominator.negate();
        }
        BigInteger gcd = numerator.gcd(denominator);
        if (!gcd.equals(BigInteger.ONE) && gcd.signum() != 0) {
            numerator = numerator.divide(gcd);
            denominator = denominator.divide(gcd);
        }
        if (numerator.signum() == 0) {
            return ZERO;
        }
        return new Rational(numerator, denominator);
    }

    public static Rational of(long numerator, long denominator) {
        return of(BigInteger.valueOf(numerator), BigInteger.valueOf(denominator));
    }

    public static Rational of(long value) {
        return of(BigInteger.valueOf(value), BigInteger.ONE);
    }

    public static Rational of(BigInteger value) {
        Objects.requireNonNull(value, "value");
        if (value.signum() == 0) {
            return ZERO;
        }
        return value.equals(BigInteger.ONE) ? ONE : new Rational(value, BigInteger.ONE);
    }

    /**
     * Parses {@code 12}, {@code -12}, {@code 0.75}, {@code -1.5} or {@code 3/4} (no spaces) exactly.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code INVALID_NUMBER} if the text is none of these,
     *     {@code DIVISION_BY_ZERO} for {@code n/0}
     */
    public static Rational parse(String text) {
        Objects.requireNonNull(text, "text");
        if (!isNumeral(text)) {
            throw InputErrors.invalid("INVALID_NUMBER",
                    "'" + text + "' is not a number; write an integer (12), a decimal (0.75) or a fraction (3/4)");
        }
        int slash = text.indexOf('/');
        if (slash >= 0) {
            return of(new BigInteger(text.substring(0, slash)), new BigInteger(text.substring(slash + 1)));
        }
        BigDecimal decimal = new BigDecimal(text);
        if (decimal.scale() <= 0) {
            return of(decimal.toBigIntegerExact());
        }
        return of(decimal.unscaledValue(), BigInteger.TEN.pow(decimal.scale()));
    }

    /** Whether {@link #parse} accepts the text. */
    public static boolean isNumeral(String text) {
        int n = text.length();
        int i = 0;
        if (i < n && text.charAt(i) == '-') {
            i++;
        }
        int digitsStart = i;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i == digitsStart) {
            return false;
        }
        if (i == n) {
            return true;
        }
        char c = text.charAt(i);
        if (c == '.' || c == '/') {
            int afterStart = ++i;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
            return i == n && i > afterStart;
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public BigInteger numerator() {
        return numerator;
    }

    /** Always positive. */
    public BigInteger denominator() {
        return denominator;
    }

    public int signum() {
        return numerator.signum();
    }

    public boolean isZero() {
        return numerator.signum() == 0;
    }

    public boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    public Rational add(Rational other) {
        if (isInteger() && other.isInteger()) {
            BigInteger sum = numerator.add(other.numerator);
            return sum.signum() == 0 ? ZERO : new Rational(sum, BigInteger.ONE);
        }
        if (denominator.equals(other.denominator)) {
            return of(numerator.add(other.numerator), denominator);
        }
        return of(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    public Rational subtract(Rational other) {
        return add(other.negate());
    }

    public Rational multiply(Rational other) {
        if (isInteger() && other.isInteger()) {
            BigInteger product = numerator.multiply(other.numerator);
            return product.signum() == 0 ? ZERO : new Rational(product, BigInteger.ONE);
        }
        return of(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code DIVISION_BY_ZERO} if {@code other} is zero
     */
    public Rational divide(Rational other) {
        if (other.isZero()) {
            throw InputErrors.invalid("DIVISION_BY_ZERO", "cannot divide " + this + " by zero");
        }
        return of(numerator.multiply(other.denominator), denominator.multiply(other.numerator));
    }

    public Rational negate() {
        return isZero() ? this : new Rational(numerator.negate(), denominator);
    }

    /**
     * @throws io.multisystem.core.error.InvalidInputException {@code DIVISION_BY_ZERO} if this is zero
     */
    public Rational reciprocal() {
        return ONE.divide(this);
    }

    /**
     * This number to an integer power; {@code 0^0} is 1 by convention of {@link BigInteger#pow}.
     *
     * @throws io.multisystem.core.error.InvalidInputException {@code DIVISION_BY_ZERO} for zero to a negative power
     */
    public Rational pow(int exponent) {
        if (exponent >= 0) {
            return of(numerator.pow(exponent), denominator.pow(exponent));
        }
        if (isZero()) {
            throw InputErrors.invalid("DIVISION_BY_ZERO", "0 to the negative power " + exponent + " is undefined");
        }
        return of(denominator.pow(-exponent), numerator.pow(-exponent));
    }

    /** The decimal expansion if it terminates (denominator of the form 2^a 5^b), otherwise empty. */
    public java.util.Optional<String> terminatingDecimal() {
        BigInteger d = denominator;
        int twos = d.getLowestSetBit();
        d = d.shiftRight(twos);
        int fives = 0;
        BigInteger five = BigInteger.valueOf(5);
        while (d.mod(five).signum() == 0) {
            d = d.divide(five);
            fives++;
        }
        if (!d.equals(BigInteger.ONE)) {
            return java.util.Optional.empty();
        }
        int scale = Math.max(twos, fives);
        BigDecimal value = new BigDecimal(numerator).divide(new BigDecimal(denominator), scale, java.math.RoundingMode.UNNECESSARY);
        return java.util.Optional.of(value.toPlainString());
    }

    @Override
    public int compareTo(Rational other) {
        return numerator.multiply(other.denominator).compareTo(other.numerator.multiply(denominator));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rational r && numerator.equals(r.numerator) && denominator.equals(r.denominator);
    }

    @Override
    public int hashCode() {
        return numerator.hashCode() * 31 + denominator.hashCode();
    }

    /** {@code p} for integers, {@code p/q} otherwise; {@link #parse} reads it back. */
    @Override
    public String toString() {
        return isInteger() ? numerator.toString() : numerator + "/" + denominator;
    }
}
