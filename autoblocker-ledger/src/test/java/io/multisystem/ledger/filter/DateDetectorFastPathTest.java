package io.multisystem.ledger.filter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The hand-written syslog date parser must agree with fail2ban's template regexes: on generated lines around the
 * {@code Mmm dd HH:MM:SS} shape (valid, padded, single-digit, out-of-range fields, weekdays, fractions, years, odd
 * trailing characters), the detector with the fast path finds the same span and instant as the one without it,
 * and where the fast path answers, the regex path matches too.
 */
class DateDetectorFastPathTest {
    private static final Instant REF = Instant.parse("2026-06-01T00:00:00Z");
    private static final DateDetector FAST = DateDetector.forPattern(null, REF);
    private static final DateDetector SLOW = DateDetector.forPattern(null, REF).withoutFastPaths();
    private static final DateDetector FAST_ONLY = DateDetector.forPattern(DateDetector.SYSLOG_TEMPLATE, REF);
    private static final DateDetector SLOW_ONLY = DateDetector.forPattern(DateDetector.SYSLOG_TEMPLATE, REF).withoutFastPaths();
    private static int fastAnswers;

    @Property(tries = 3000, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void fastPathAgreesWithTheRegexPath(@ForAll("lines") String line) {
        DateDetector.DateMatch fast = FAST_ONLY.syslogAtStart(line);
        DateDetector.DateMatch regex = SLOW_ONLY.find(line);
        if (fast != null) {
            fastAnswers++;
            assertThat(regex).as(line).isNotNull();
            assertThat(fast).as(line).isEqualTo(regex);
        }
        assertThat(FAST_ONLY.find(line)).as(line).isEqualTo(regex);
        synchronized (FAST) {
            assertThat(FAST.find(line)).as(line).isEqualTo(SLOW.find(line));
        }
    }

    @Property(tries = 2000, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void wellFormedSyslogDatesAgree(@ForAll("wellFormed") String line) {
        fastPathAgreesWithTheRegexPath(line);
    }

    @Provide
    Arbitrary<String> wellFormed() {
        Arbitrary<String> month = Arbitraries.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                "Nov", "Dec", "jan", "DEC");
        Arbitrary<String> day = Arbitraries.oneOf(Arbitraries.integers().between(0, 39).map(i -> String.format("%02d", i)),
                Arbitraries.integers().between(0, 9).map(i -> " " + i));
        Arbitrary<Integer> h = Arbitraries.integers().between(0, 29);
        Arbitrary<Integer> ms = Arbitraries.integers().between(0, 69);
        Arbitrary<String> tail = Arbitraries.of("", " host sshd[42]: Failed password for root", ".5 x", " 2024 x",
                " 2024", " 20245", " x", ": x", "]", "x", "é", "\n", ",123");
        return Combinators.combine(month, day, h, ms, ms, tail)
                .as((m, d, hh, mm, ss, t) -> String.format("%s %s %02d:%02d:%02d%s", m, d, hh, mm, ss, t));
    }

    private static final DateDetector ISO_FAST = DateDetector.forPattern(DateDetector.ISO_TEMPLATE, REF);
    private static final DateDetector ISO_SLOW = DateDetector.forPattern(DateDetector.ISO_TEMPLATE, REF).withoutFastPaths();
    private static int isoAnswers;

    @Property(tries = 3000, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void isoFastPathAgreesWithTheRegexPath(@ForAll("isoLines") String line) {
        DateDetector.DateMatch fast = ISO_FAST.isoAtStart(line);
        DateDetector.DateMatch regex = ISO_SLOW.find(line);
        if (fast != null) {
            isoAnswers++;
            assertThat(fast).as(line).isEqualTo(regex);
        }
        assertThat(ISO_FAST.find(line)).as(line).isEqualTo(regex);
        synchronized (FAST) {
            assertThat(FAST.find(line)).as(line).isEqualTo(SLOW.find(line));
        }
    }

    @Property(tries = 2000, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void wellFormedIsoDatesAgree(@ForAll("wellFormedIso") String line) {
        isoFastPathAgreesWithTheRegexPath(line);
    }

    @Provide
    Arbitrary<String> wellFormedIso() {
        Arbitrary<Integer> y = Arbitraries.integers().between(1895, 2042);
        Arbitrary<Integer> mo = Arbitraries.integers().between(0, 13);
        Arbitrary<Integer> d = Arbitraries.integers().between(0, 32);
        Arbitrary<Integer> h = Arbitraries.integers().between(0, 25);
        Arbitrary<Integer> ms = Arbitraries.integers().between(0, 63);
        Arbitrary<String> tsep = Arbitraries.of(" ", "T");
        Arbitrary<String> tail = Arbitraries.of("", " host sshd[42]: Failed password", ".5 x", " +0100", "Z", " x",
                ": x", "]", "x", "é", " \t", "  U", ",1", "-");
        return Combinators.combine(y, mo, d, tsep, h, ms, ms, tail).as((yy, mm, dd, ts, hh, mi, ss, t) ->
                String.format("%04d-%02d-%02d%s%02d:%02d:%02d%s", yy, mm, dd, ts, hh, mi, ss, t));
    }

    @Provide
    Arbitrary<String> isoLines() {
        Arbitrary<String> year = Arbitraries.oneOf(Arbitraries.integers().between(1890, 2045).map(String::valueOf),
                Arbitraries.of("99", "20x4", "02024"));
        Arbitrary<String> two = Arbitraries.oneOf(Arbitraries.integers().between(0, 69).map(i -> String.format("%02d", i)),
                Arbitraries.of("1", "7", " 5", "123"));
        Arbitrary<String> dsep = Arbitraries.of("-", "-", "-", "-", "-", "/", ".", "");
        Arbitrary<String> tsep = Arbitraries.of(" ", " ", "T", "T", "  ", "t", "_");
        Arbitrary<String> colon = Arbitraries.of(":", ":", ":", ":", ":", ".");
        Arbitrary<String> tail = Arbitraries.of("", " host sshd[42]: Failed password", ".123 x", ",5", " +0100 x", "+01:00",
                " Z", "Z", " UTC x", " GMT", "  x", " \t-0500", "\tx", " x", "x", "_", "é", "]", ": x", " 2024",
                "-", " - x", " U x", "\n");
        return Combinators.combine(year, dsep, two, two, tsep, two, colon, two)
                .flatAs((y, ds, m, d, ts, h, c1, mi) -> Combinators.combine(colon, two, tail)
                        .as((c2, sec, t) -> y + ds + m + ds + d + ts + h + c1 + mi + c2 + sec + t));
    }

    @net.jqwik.api.lifecycle.AfterContainer
    static void theFastPathWasExercised() {
        System.out.println("DateDetectorFastPathTest: fast path answered on " + fastAnswers + " generated lines");
        System.out.println("DateDetectorFastPathTest: ISO fast path answered on " + isoAnswers + " generated lines");
        assertThat(fastAnswers).as("generated lines the fast path answered").isPositive();
        assertThat(isoAnswers).as("generated lines the ISO fast path answered").isPositive();
    }

    @Test
    void commonSyslogLinesTakeTheFastPath() {
        DateDetector d = DateDetector.forPattern(null, REF);
        assertThat(d.syslogAtStart("Jan  5 10:11:12 host sshd[1]: Failed password")).isEqualTo(
                new DateDetector.DateMatch(0, 15, Instant.parse("2026-01-05T10:11:12Z")));
        assertThat(d.syslogAtStart("feb 29 23:59:61")).isEqualTo(new DateDetector.DateMatch(0, 15, null));
        assertThat(d.syslogAtStart("Dec 31 23:59:60: x").time()).isEqualTo(Instant.parse("2026-12-31T23:59:59Z"));
        assertThat(d.syslogAtStart("Jan 05 10:11:12.345 host")).isNull();
        assertThat(d.syslogAtStart("Jan 05 10:11:12 2024 host")).isNull();
        assertThat(d.syslogAtStart("Mon Jan 05 10:11:12 host")).isNull();
        assertThat(d.syslogAtStart("June 5 10:11:12 host")).isNull();
        assertThat(d.isoAtStart("2024-02-29 23:59:60 host")).isEqualTo(
                new DateDetector.DateMatch(0, 19, Instant.parse("2024-02-29T23:59:59Z")));
        assertThat(d.isoAtStart("2024-02-29T01:02:03: x").time()).isEqualTo(Instant.parse("2024-02-29T01:02:03Z"));
        assertThat(d.isoAtStart("2024-02-29 01:02:03 +0100 x")).isNull();
        assertThat(d.isoAtStart("2024-02-29 01:02:03.5 x")).isNull();
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> month = Arbitraries.oneOf(Arbitraries.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
                "Aug", "Sep", "Oct", "Nov", "Dec"), Arbitraries.of("Jan", "jan", "FEB", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
                "Oct", "Nov", "Dec", "June", "Mon", "Xyz", "Ja", "Mon Jan", "Sun Dec", "[Jan", "Jan."));
        Arbitrary<String> sep = Arbitraries.of(" ", " ", " ", " ", " ", " ", " ", " ", "  ", "", "-");
        Arbitrary<String> padded = Arbitraries.integers().between(0, 69).map(i -> String.format("%02d", i));
        Arbitrary<String> two = Arbitraries.oneOf(padded, padded,
                Arbitraries.integers().between(0, 9).map(i -> " " + i),
                Arbitraries.strings().withChars("0123456789 ").ofMinLength(1).ofMaxLength(3));
        Arbitrary<String> digits2 = Arbitraries.oneOf(padded, padded, padded,
                Arbitraries.strings().withChars("0123456789").ofMinLength(1).ofMaxLength(3));
        Arbitrary<String> colon = Arbitraries.of(":", ":", ":", ":", ":", ":", ":", ":", ".", "");
        Arbitrary<String> tail = Arbitraries.of("", " host sshd[42]: Failed password", ".123 x", ".1234567", " 2024 x",
                " 2024", " 2024x", " 1999", " 12 x", "x", "_", "0", "é", "٣", ": x", "  x", "\tx", "\n", " ", ",5 x", "]",
                "Z", " +0100");
        return Combinators.combine(month, sep, two, sep, digits2, colon, digits2, colon)
                .flatAs((m, s1, d, s2, h, c1, mi, c2) -> Combinators.combine(digits2, tail)
                        .as((sec, t) -> m + s1 + d + s2 + h + c1 + mi + c2 + sec + t));
    }
}
