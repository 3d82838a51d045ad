package io.multisystem.attestation.authority;

import io.multisystem.attestation.store.Database;
import io.multisystem.core.testing.FakeClock;
import io.multisystem.core.testing.PostgresTestSupport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.multisystem.attestation.authority.AuthorityFixture.BUILD;
import static io.multisystem.attestation.authority.AuthorityFixture.KEK;
import static io.multisystem.attestation.authority.AuthorityFixture.request;
import static io.multisystem.attestation.authority.AuthorityFixture.statement;
import static org.assertj.core.api.Assertions.assertThat;

class PostgresAuthorityTest extends AuthorityContract {
    String url;

    @Override
    Database openDatabase() {
        url = PostgresTestSupport.freshDatabase();
        return Database.postgres(url);
    }

    @Override
    Database reopenDatabase() {
        return Database.postgres(url);
    }

    @Test
    void revocationOnOneInstanceTakesEffectOnAnotherWithinOneSecond() {
        AuthorityFixture.Chain chain = AuthorityFixture.depth3(authority);
        IssuedAttestation issued = authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key()));
        try (Database sharedDatabase = Database.postgres(url);
             Authority other = Authority.open(sharedDatabase, KEK,
                     AuthorityOptions.defaults().withPollInterval(Duration.ofMillis(100)),
                     new FakeClock(Instant.parse("2026-06-01T12:00:00Z")))) {
            assertThat(other.verify(issued.envelope(), VerifyPolicy.defaults()).valid()).isTrue();

            authority.revoke(RevocationTarget.ATTESTATION, issued.record().id(), RevocationReason.KEY_COMPROMISE,
                    Optional.empty());
            long revokedAtNanos = System.nanoTime();

            long deadline = revokedAtNanos + Duration.ofSeconds(1).toNanos();
            boolean seen = false;
            while (!seen && System.nanoTime() < deadline) {
                seen = other.verify(issued.envelope(), VerifyPolicy.defaults()).reasons()
                        .equals(List.of(VerdictReason.REVOKED));
                Thread.onSpinWait();
            }
            assertThat(seen).as("the other instance sees the revocation within 1 s").isTrue();
            // and that instance's own writes land after catching up with this one's
            IssuedAttestation fromOther = other.issue(request(statement("pkg:oci/other", BUILD), chain.ci().key()));
            authority.refresh();
            assertThat(authority.verify(fromOther.envelope(), VerifyPolicy.defaults().withProof()).valid()).isTrue();
        }
    }
}
