package io.multisystem.kernel.psi;

import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelErrors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Locale;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the PSI line parser: the kernel's format ({@code some avg10=%lu.%02lu avg60=... avg300=... total=%llu})
 * round-trips exactly for any values, with or without the "full" line and in either line order; any other text is
 * either parsed or refused with FAILED_PRECONDITION READ_FAILED, never another exception.
 */
class PressureParserProperties {
    @Property(tries = 400, seed = "71")
    void theKernelsFormatRoundTrips(@ForAll("lines") Pressure.Line some, @ForAll("lines") Pressure.Line full,
                                    @ForAll boolean withFull, @ForAll boolean fullFirst) {
        String someText = format("some", some);
        String fullText = format("full", full);
        String text = !withFull ? someText + "\n" : fullFirst ? fullText + "\n" + someText + "\n" : someText + "\n" + fullText + "\n";

        Pressure parsed = PressureReader.parse("memory", text);

        assertThat(parsed.resource()).isEqualTo("memory");
        assertThat(parsed.some()).isEqualTo(some);
        assertThat(parsed.full()).isEqualTo(withFull ? Optional.of(full) : Optional.empty());
    }

    @Property(tries = 600, seed = "72")
    void anyOtherTextIsParsedOrRefusedAsAReadFailure(@ForAll("mangled") String text) {
        try {
            Pressure p = PressureReader.parse("io", text);
            assertThat(p.some().totalMicros()).isNotNegative();
            assertThat(p.some().avg10()).isNotNegative();
        } catch (PlatformException e) {
            assertThat(e.code()).isEqualTo(KernelErrors.READ_FAILED);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Pressure.Line> lines() {
        Arbitrary<Double> avg = Arbitraries.integers().between(0, 10_000).map(cents -> cents / 100.0);
        return Combinators.combine(avg, avg, avg, Arbitraries.longs().between(0, Long.MAX_VALUE)).as(Pressure.Line::new);
    }

    @Provide
    Arbitrary<String> mangled() {
        Arbitrary<String> valid = Combinators.combine(lines(), lines()).as((s, f) -> format("some", s) + "\n" + format("full", f) + "\n");
        return valid.flatMap(v -> Arbitraries.integers().between(0, v.length()).flatMap(cut ->
                Arbitraries.strings().withChars("somefulavg0123456789.= x-\n").ofMaxLength(8)
                        .map(junk -> v.substring(0, cut) + junk + v.substring(Math.min(v.length(), cut + junk.length() / 2)))));
    }

    private static String format(String kind, Pressure.Line l) {
        return String.format(Locale.ROOT, "%s avg10=%.2f avg60=%.2f avg300=%.2f total=%d", kind, l.avg10(), l.avg60(), l.avg300(),
                l.totalMicros());
    }
}
