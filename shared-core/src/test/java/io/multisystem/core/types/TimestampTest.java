package io.multisystem.core.types;

import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimestampTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // RFC 3339 section 5.8 examples
        "1985-04-12T23:20:50.52Z, 1985-04-12T23:20:50.520Z",
        "1996-12-19T16:39:57-08:00, 1996-12-20T00:39:57Z",
        "1990-12-31T23:59:60Z, 1990-12-31T23:59:59.999999999Z",
        "1990-12-31T15:59:60-08:00, 1990-12-31T23:59:59.999999999Z",
        "1937-01-01T12:00:27.87+00:20, 1937-01-01T11:40:27.870Z",
        "2026-11-22t03:53:13z, 2026-11-22T03:53:13Z",
        "2026-11-22T03:53:13.000001Z, 2026-11-22T03:53:13.000001Z",
        "2026-11-22T03:53:13.123456789+00:00, 2026-11-22T03:53:13.123456789Z",
    })
    void parsesRfc3339AndWritesUtcWithTheShortestExactFraction(String input, String expected) {
        assertThat(Timestamp.parse(input).toString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-22", "2026-11-22T03:53:13", "2026-11-22 03:53:13Z", "2026-13-01T00:00:00Z",
            "2026-02-30T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T12:00:60Z", "2026-11-22T03:53:13+24:00",
            "2026-11-22T03:53:13.1234567891Z", "26-11-22T03:53:13Z", ""})
    void rejectsWhatRfc3339DoesNotAllow(String input) {
        assertThatThrownBy(() -> Timestamp.parse(input)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("RFC 3339");
    }

    @Test
    void roundTripsThroughItsTextForm() {
        Instant instant = Instant.parse("2031-05-06T07:08:09.010203Z");
        assertThat(Timestamp.parse(Timestamp.of(instant).toString()).toInstant()).isEqualTo(instant);
        assertThat(Timestamp.of(Instant.parse("2026-01-01T00:00:00Z")).toString()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void refusesInstantsThatRfc3339CannotWrite() {
        assertThatThrownBy(() -> Timestamp.of(Instant.parse("+10000-01-01T00:00:00Z")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
