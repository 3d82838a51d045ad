package io.multisystem.attestation.intoto;

import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.dsse.EnvelopeSigner;
import io.multisystem.attestation.dsse.EnvelopeVerifier;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatementTest {
    private static final String SHA = "a".repeat(64);
    private static final String SLSA = "https://slsa.dev/provenance/v1";
    private static final String EXAMPLE = """
            {
              "_type": "https://in-toto.io/Statement/v1",
              "subject": [{"name": "app.tar.gz", "digest": {"sha256": "%s", "gitCommit": "%s"}}],
              "predicateType": "https://slsa.dev/provenance/v1",
              "predicate": {"buildDefinition": {"buildType": "https://example.com/build"}}
            }
            """.formatted(SHA, "b".repeat(40));

    @Test
    void parsesSubjectsPredicateTypeAndPredicate() {
        Statement statement = Statement.parse(EXAMPLE);

        assertThat(statement.subjects()).containsExactly(
                new Subject("app.tar.gz", Map.of("sha256", SHA, "gitCommit", "b".repeat(40))));
        assertThat(statement.predicateType()).isEqualTo(SLSA);
        assertThat(statement.predicate()).hasValueSatisfying(p ->
                assertThat(p.at("/buildDefinition/buildType").stringValue()).isEqualTo("https://example.com/build"));
    }

    @Test
    void serialisationRoundTripsAndIsStable() {
        Statement statement = Statement.parse(EXAMPLE);

        byte[] json = statement.toJson();

        assertThat(Statement.parse(json)).isEqualTo(statement);
        assertThat(Statement.parse(json).toJson()).isEqualTo(json);
        assertThat(new String(json, StandardCharsets.UTF_8)).startsWith("{\"_type\":\"" + Statement.TYPE + "\"");
    }

    @Test
    void statementWithoutPredicateRoundTrips() {
        Statement statement = Statement.of(List.of(new Subject("x", Map.of("sha256", SHA))), SLSA, null);

        assertThat(Statement.parse(statement.toJson())).isEqualTo(statement);
        assertThat(statement.predicate()).isEmpty();
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        String json = """
                {"_type": "https://in-toto.io/Statement/v0.1",
                 "subject": [{"name": "a", "digest": {"sha256": "ABC"}}, {"digest": {}}],
                 "predicate": [], "extra": true}
                """;

        assertThatThrownBy(() -> Statement.parse(json)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> {
                    InvalidInputException error = (InvalidInputException) e;
                    assertThat(error.code()).isEqualTo(Statement.INVALID);
                    assertThat(error.violations()).extracting(v -> v.field()).containsExactlyInAnyOrder(
                            "extra", "_type", "subject[0].digest.sha256", "subject[1].name", "subject[1].digest",
                            "predicateType", "predicate");
                });
    }

    @Test
    void sha256DigestsMustHaveSixtyFourLowercaseHexDigits() {
        assertThatThrownBy(() -> Statement.of(List.of(new Subject("x", Map.of("sha256", "ab"))), SLSA, null))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must be 64 hex digits");
    }

    @Test
    void emptySubjectListAndNonJsonAreRejected() {
        assertThatThrownBy(() -> Statement.of(List.of(), SLSA, null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("subject");
        assertThatThrownBy(() -> Statement.parse("not json")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void statementTravelsInASignedDsseEnvelope() {
        Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(new byte[32]);
        Statement statement = Statement.of(List.of(new Subject("x", Map.of("sha256", SHA))), SLSA,
                JsonMapper.builder().build().createObjectNode().put("k", "v"));

        Envelope envelope = EnvelopeSigner.sign(Statement.PAYLOAD_TYPE, statement.toJson(), key);

        assertThat(EnvelopeVerifier.trusting(List.of(key.publicKey())).verify(envelope, Statement.PAYLOAD_TYPE)
                .isVerified()).isTrue();
        assertThat(Statement.parse(envelope.payload())).isEqualTo(statement);
    }
}
