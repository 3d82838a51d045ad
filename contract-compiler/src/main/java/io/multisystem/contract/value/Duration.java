package io.multisystem.contract.value;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cedar's {@code duration}: a signed number of milliseconds, written like {@code "-1d2h3m4s5ms"}. */
public final class Duration implements Comparable<Duration> {
    private static final Pattern SYNTAX =
            Pattern.compile("(-?)(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m(?!s))?(?:([0-9]+)s)?(?:([0-9]+)ms)?");
    private static final long[] UNIT = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private final long millis;

    public Duration(long millis) {
        this.millis = millis;
    }

    public static Duration parse(String s) {
        Matcher m = SYNTAX.matcher(s);
        if (!m.matches() || s.equals("-") || s.isEmpty()) {
            throw bad(s);
        }
        boolean any = false;
        long total = 0;
        try {
            for (int i = 0; i < 5; i++) {
                String g = m.group(i + 2);
                if (g != null) {
                    any = true;
                    long n = Long.parseLong(g);
                    long part = Math.multiplyExact(n, UNIT[i]);
                    total = m.group(1).isEmpty() ? Math.addExact(total, part) : Math.subtractExact(total, part);
                }
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new EvalException("error evaluating `duration(" + Values.quote(s) + ")`: overflow when converting to duration");
        }
        if (!any) {
            throw bad(s);
        }
        return new Duration(total);
    }

    private static EvalException bad(String s) {
        return new EvalException("error evaluating `duration(" + Values.quote(s) + ")`: invalid duration `" + s + "`");
    }

    public long millis() {
        return millis;
    }

    @Override
    public int compareTo(Duration o) {
        return Long.compare(millis, o.millis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Duration && ((Duration) o).millis == millis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(millis);
    }

    @Override
    public String toString() {
        return millis + "ms";
    }
}
