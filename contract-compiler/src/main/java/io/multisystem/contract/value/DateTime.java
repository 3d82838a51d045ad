package io.multisystem.contract.value;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cedar's {@code datetime}: milliseconds since the Unix epoch (UTC). Accepted forms are {@code YYYY-MM-DD},
 * {@code YYYY-MM-DDThh:mm:ss[.SSS](Z|(+|-)hhmm)}; the calendar date must exist.
 */
public final class DateTime implements Comparable<DateTime> {
    private static final Pattern SYNTAX = Pattern.compile(
            "([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{3}))?(?:(Z)|([+-])([0-9]{2})([0-9]{2})))?");
    static final long MS_PER_DAY = 86_400_000L;
    private final long millis;

    public DateTime(long millis) {
        this.millis = millis;
    }

    public static DateTime parse(String s) {
        Matcher m = SYNTAX.matcher(s);
        if (!m.matches() || (m.group(4) != null && m.group(8) == null && m.group(9) == null)) {
            throw bad(s);
        }
        try {
            LocalDate d = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            long ms = d.toEpochDay() * MS_PER_DAY;
            if (m.group(4) != null) {
                int hh = Integer.parseInt(m.group(4)), mm = Integer.parseInt(m.group(5)), ss = Integer.parseInt(m.group(6));
                if (hh > 23 || mm > 59 || ss > 59) {
                    throw bad(s);
                }
                ms += ((hh * 60L + mm) * 60L + ss) * 1000L;
                if (m.group(7) != null) {
                    ms += Integer.parseInt(m.group(7));
                }
                if (m.group(9) != null) {
                    int oh = Integer.parseInt(m.group(10)), om = Integer.parseInt(m.group(11));
                    if (oh > 23 || om > 59) {
                        throw bad(s);
                    }
                    long off = (oh * 60L + om) * 60_000L;
                    ms = m.group(9).equals("+") ? ms - off : ms + off;
                }
            }
            return new DateTime(ms);
        } catch (DateTimeException e) {
            throw bad(s);
        }
    }

    private static EvalException bad(String s) {
        return new EvalException("error evaluating `datetime(" + Values.quote(s) + ")`: invalid datetime `" + s + "`");
    }

    public long millis() {
        return millis;
    }

    public DateTime offset(Duration d) {
        try {
            return new DateTime(Math.addExact(millis, d.millis()));
        } catch (ArithmeticException e) {
            throw new EvalException("overflow when computing `offset` of datetime " + millis + " by " + d);
        }
    }

    public Duration durationSince(DateTime other) {
        try {
            return new Duration(Math.subtractExact(millis, other.millis));
        } catch (ArithmeticException e) {
            throw new EvalException("overflow when computing `durationSince`");
        }
    }

    public DateTime toDate() {
        long day = Math.floorDiv(millis, MS_PER_DAY);
        try {
            return new DateTime(Math.multiplyExact(day, MS_PER_DAY));
        } catch (ArithmeticException e) {
            throw new EvalException("overflow when computing `toDate`");
        }
    }

    public Duration toTime() {
        return new Duration(Math.floorMod(millis, MS_PER_DAY));
    }

    @Override
    public int compareTo(DateTime o) {
        return Long.compare(millis, o.millis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DateTime && ((DateTime) o).millis == millis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(millis) * 7;
    }

    @Override
    public String toString() {
        return "datetime(" + millis + "ms)";
    }
}
