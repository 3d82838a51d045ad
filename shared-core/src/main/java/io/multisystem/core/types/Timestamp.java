package io.multisystem.core.types;

import io.multisystem.core.error.InvalidInputException;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time written as an RFC 3339 {@code date-time}. Immutable, thread-safe, ordered by time.
 *
 * <p>Parsing follows RFC 3339 section 5.6: {@code full-date "T" full-time} with a mandatory offset ({@code Z} or
 * {@code ±hh:mm}); {@code T} and {@code Z} may be lowercase (section 5.6 note); fractions of any length up to
 * nanoseconds. A leap second ({@code :60}) is accepted only at 23:59:60 UTC (in any offset) and read as the last
 * nanosecond of that minute, since {@link Instant} has no leap seconds. Formatting always writes UTC with {@code Z} and 0, 3, 6 or 9
 * fraction digits, whichever is shortest without loss.
 */
public final class Timestamp implements Comparable<Timestamp> {
    private static final Pattern RFC3339 = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

    private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final Instant instant;

    private Timestamp(Instant instant) {
        this.instant = instant;
    }

    /**
     * @throws IllegalArgumentException if the instant lies outside years 0000..9999, which RFC 3339 cannot write
     */
    public static Timestamp of(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException("RFC 3339 covers years 0000..9999 only, got " + instant);
        }
        return new Timestamp(instant);
    }

    /**
     * @throws InvalidInputException code {@code TIMESTAMP_INVALID} naming what is wrong (form, field range, offset)
     */
    public static Timestamp parse(String text) {
        if (text == null) {
            throw invalid("null", "a timestamp is required");
        }
        Matcher m = RFC3339.matcher(text);
        if (!m.matches()) {
            throw invalid(text, "expected RFC 3339 form like 2026-01-31T12:00:00Z or 2026-01-31T12:00:00.5+01:00");
        }
        try {
            LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            int hour = Integer.parseInt(m.group(4));
            int minute = Integer.parseInt(m.group(5));
            int second = Integer.parseInt(m.group(6));
            int nanos = m.group(7) == null ? 0 : Integer.parseInt((m.group(7) + "00000000").substring(0, 9));
            boolean leap = second == 60;
            ZoneOffset offset = ZoneOffset.UTC;
            if (m.group(8) == null) {
                int offHours = Integer.parseInt(m.group(10));
                int offMinutes = Integer.parseInt(m.group(11));
                if (offHours > 23 || offMinutes > 59) {
                    throw invalid(text, "offset must be within -23:59..+23:59");
                }
                int sign = m.group(9).equals("-") ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * offHours, sign * offMinutes);
            }
            LocalTime time = leap ? LocalTime.of(hour, minute, 59, 999_999_999) : LocalTime.of(hour, minute, second, nanos);
            Instant instant = date.atTime(time).toInstant(offset);
            if (leap) {
                LocalTime utc = instant.atOffset(ZoneOffset.UTC).toLocalTime();
                if (utc.getHour() != 23 || utc.getMinute() != 59) {
                    throw invalid(text, "a leap second (:60) can only occur at 23:59:60 UTC");
                }
            }
            return of(instant);
        } catch (DateTimeException | IllegalArgumentException e) {
            throw invalid(text, e.getMessage());
        }
    }

    public Instant toInstant() {
        return instant;
    }

    public boolean isBefore(Timestamp other) {
        return instant.isBefore(other.instant);
    }

    public boolean isAfter(Timestamp other) {
        return instant.isAfter(other.instant);
    }

    @Override
    public int compareTo(Timestamp other) {
        return instant.compareTo(other.instant);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Timestamp that && instant.equals(that.instant);
    }

    @Override
    public int hashCode() {
        return instant.hashCode();
    }

    /** RFC 3339 in UTC, e.g. {@code 2026-11-22T03:53:13.120Z}. */
    @Override
    public String toString() {
        Instant truncated = instant.truncatedTo(ChronoUnit.SECONDS);
        String base = truncated.atOffset(ZoneOffset.UTC).toLocalDateTime().toString();
        if (base.length() == 16) {
            base += ":00";
        }
        int nanos = instant.getNano();
        String fraction;
        if (nanos == 0) {
            fraction = "";
        } else if (nanos % 1_000_000 == 0) {
            fraction = String.format(".%03d", nanos / 1_000_000);
        } else if (nanos % 1_000 == 0) {
            fraction = String.format(".%06d", nanos / 1_000);
        } else {
            fraction = String.format(".%09d", nanos);
        }
        return base + fraction + "Z";
    }

    private static InvalidInputException invalid(String text, String why) {
        return new InvalidInputException("shared-core", "TIMESTAMP_INVALID",
                "invalid RFC 3339 timestamp '" + text + "': " + why);
    }
}
