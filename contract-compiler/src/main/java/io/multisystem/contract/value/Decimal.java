package io.multisystem.contract.value;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cedar's {@code decimal}: a fixed-point number with four fractional digits, stored as a scaled 64-bit integer. */
public final class Decimal implements Comparable<Decimal> {
    private static final Pattern SYNTAX = Pattern.compile("(-?)([0-9]+)\\.([0-9]+)");
    private final long scaled;

    private Decimal(long scaled) {
        this.scaled = scaled;
    }

    /** Parses {@code "-12.3456"}: digits, a dot and one to four fractional digits, within the 64-bit range. */
    public static Decimal parse(String s) {
        Matcher m = SYNTAX.matcher(s);
        if (!m.matches()) {
            throw new EvalException("error evaluating `decimal(" + Values.quote(s) + ")`: `" + s
                    + "` is not a well-formed decimal value");
        }
        String frac = m.group(3);
        if (frac.length() > 4) {
            throw new EvalException("error evaluating `decimal(" + Values.quote(s) + ")`: too many digits after the decimal in `" + s + "`, we support at most 4");
        }
        try {
            long intPart = Long.parseLong(m.group(2));
            long f = Long.parseLong(frac) * (long) Math.pow(10, 4 - frac.length());
            long v = Math.addExact(Math.multiplyExact(intPart, 10_000L), f);
            return new Decimal(m.group(1).isEmpty() ? v : -v);
        } catch (ArithmeticException | NumberFormatException e) {
            // -922337203685477.5808 is representable even though its magnitude is not
            if (m.group(1).equals("-") && (m.group(2) + "." + frac).equals("922337203685477.5808")) {
                return new Decimal(Long.MIN_VALUE);
            }
            throw new EvalException("error evaluating `decimal(" + Values.quote(s) + ")`: overflow when converting to decimal");
        }
    }

    public long scaled() {
        return scaled;
    }

    @Override
    public int compareTo(Decimal o) {
        return Long.compare(scaled, o.scaled);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decimal && ((Decimal) o).scaled == scaled;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(scaled);
    }

    @Override
    public String toString() {
        long abs = Math.abs(scaled);
        String digits = String.format("%d.%04d", abs / 10_000, abs % 10_000);
        return (scaled < 0 ? "-" : "") + digits;
    }
}
