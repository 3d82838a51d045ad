package io.multisystem.core.error;

import io.multisystem.core.crypto.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ErrorModelTest {

    @ParameterizedTest
    @CsvSource({"0, OPERATIONAL", "2.99, OPERATIONAL", "3, DEGRADED", "5.9, DEGRADED", "6, COMPROMISED",
            "9, FATAL", "11.99, FATAL", "12, CATASTROPHIC", "40, CATASTROPHIC"})
    void severityLevelsCoverTheirScoreBands(double score, Severity expected) {
        assertThat(Severity.fromScore(score)).isEqualTo(expected);
    }

    @Test
    void negativeScoresAreRejected() {
        assertThatThrownBy(() -> Severity.fromScore(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Severity.fromScore(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fingerprintIsBlake3OfComponentAndCodeAndIgnoresTheMessage() {
        PlatformException first = new NotFoundException("lattice-engine", "CONTEXT_NOT_FOUND", "no context 'a'");
        PlatformException second = new NotFoundException("lattice-engine", "CONTEXT_NOT_FOUND", "no context 'b'");

        assertThat(first.fingerprint()).isEqualTo(second.fingerprint())
                .isEqualTo(Hashes.toHex(Hashes.blake3("lattice-engine:CONTEXT_NOT_FOUND"
                        .getBytes(StandardCharsets.UTF_8))))
                .hasSize(64);
        assertThat(new NotFoundException("chaos-engine", "CONTEXT_NOT_FOUND", "x").fingerprint())
                .isNotEqualTo(first.fingerprint());
    }

    @Test
    void codesMustBeUpperSnakeCase() {
        assertThatThrownBy(() -> new NotFoundException("c", "notFound", "m")).hasMessageContaining("UPPER_SNAKE");
        assertThatThrownBy(() -> new NotFoundException("c", "NOT__FOUND", "m")).hasMessageContaining("UPPER_SNAKE");
    }

    @Test
    void validationReportsEveryFieldAtFaultInOneError() {
        InvalidInputException error = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidInputException.class,
                () -> Validation.of("attestation-authority")
                        .require(false, "subject[0].digest", "must be 64 hex digits")
                        .require(true, "predicateType", "must not be blank")
                        .require(false, "validUntil", "must be after validFrom")
                        .throwIfInvalid());

        assertThat(error.violations()).extracting(FieldViolation::field)
                .containsExactly("subject[0].digest", "validUntil");
        assertThat(error.getMessage()).contains("subject[0].digest").contains("validUntil");
        assertThat(error.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThat(error.code()).isEqualTo(Validation.CODE);
    }

    @Test
    void detailsAreCopiedAndUnmodifiable() {
        var details = new java.util.HashMap<String, String>();
        details.put("leader", "node-2");
        PlatformException error = new UnavailableException("autoblocker-ledger", "NOT_LEADER", Severity.DEGRADED,
                "not the leader; retry on node-2", details, null);
        details.put("leader", "node-3");

        assertThat(error.details()).containsEntry("leader", "node-2");
        assertThatThrownBy(() -> error.details().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
