package io.multisystem.attestation.authority;

import io.multisystem.attestation.delegation.Scope;
import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.intoto.Subject;
import io.multisystem.attestation.keys.KeyEncryptionKey;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.store.Database;
import io.multisystem.core.crypto.Hashes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builders shared by the authority tests: scopes, statements, a depth-3 chain. */
final class AuthorityFixture {
    static final KeyEncryptionKey KEK = KeyEncryptionKey.of(new byte[32]);
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant END = Instant.parse("2030-01-01T00:00:00Z");
    static final String BUILD = "https://slsa.dev/provenance/v1";

    private AuthorityFixture() {
    }

    static Authority open(Database database, Clock clock) {
        return Authority.open(database, KEK, AuthorityOptions.defaults().withPollInterval(Duration.ZERO), clock);
    }

    static Scope scope(List<String> predicates, List<String> subjects, int pathLength) {
        return Scope.of(predicates, subjects, START, END, pathLength);
    }

    static Statement statement(String name, String predicateType) {
        String digest = Hashes.toHex(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)));
        return Statement.of(List.of(new Subject(name, Map.of("sha256", digest))), predicateType, null);
    }

    static IssueRequest request(Statement statement, KeyId... signers) {
        return new IssueRequest(statement, List.of(signers), Optional.empty());
    }

    /** root (any predicate, any subject) -> team (slsa, pkg:*) -> ci (slsa, pkg:oci/*): the leaf signs. */
    record Chain(IssuerRecord root, IssuerRecord team, IssuerRecord ci) {
    }

    static Chain depth3(Authority authority) {
        IssuerRecord root = authority.registerRoot(KeySource.generate(), scope(List.of("*"), List.of("*"), 5));
        IssuerRecord team = authority.delegate(root.key(), KeySource.generate(),
                scope(List.of("https://slsa.dev/*"), List.of("pkg:*"), 2));
        IssuerRecord ci = authority.delegate(team.key(), KeySource.generate(),
                scope(List.of(BUILD), List.of("pkg:oci/*"), 0));
        return new Chain(root, team, ci);
    }
}
