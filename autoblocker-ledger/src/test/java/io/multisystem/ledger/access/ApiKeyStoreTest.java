package io.multisystem.ledger.access;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyStoreTest {
    @TempDir
    Path dir;

    @Test
    void aCreatedKeyIsStoredOnlyAsItsHashAndAuthenticatesAsItsDomain() throws Exception {
        ApiKeyStore store = new ApiKeyStore(dir.resolve("api-keys"), Clock.systemUTC());
        assertThat(store.enforcing()).isFalse();
        ApiKeyStore.Created c = store.create("web-eu", "frontend fleet");

        assertThat(c.key()).matches("abl_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        String file = Files.readString(dir.resolve("api-keys"));
        assertThat(file).doesNotContain(c.key()).doesNotContain(c.key().substring(18)).contains(c.record().sha256());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("api-keys"))))
                .isEqualTo("rw-------");
        assertThat(store.enforcing()).isTrue();
        assertThat(store.check(c.key())).isInstanceOfSatisfying(ApiKeyStore.Valid.class,
                v -> assertThat(v.record().domain()).isEqualTo("web-eu"));
        String tampered = c.key().substring(0, c.key().length() - 1) + (c.key().endsWith("A") ? "B" : "A");
        assertThat(store.check(tampered)).isInstanceOf(ApiKeyStore.Unknown.class);
        assertThat(store.check("bouncer-secret")).isInstanceOf(ApiKeyStore.Unknown.class);
        assertThat(store.check(null)).isInstanceOf(ApiKeyStore.Unknown.class);
    }

    @Test
    void revocationIsSeenByAnotherReaderOfTheSameFileAndKeepsTheStoreEnforcing() {
        ApiKeyStore server = new ApiKeyStore(dir.resolve("api-keys"), Clock.systemUTC());
        ApiKeyStore cli = new ApiKeyStore(dir.resolve("api-keys"), Clock.systemUTC());
        ApiKeyStore.Created a = cli.create("mail", "");
        ApiKeyStore.Created b = cli.create("mail", "second");
        assertThat(server.check(a.key())).isInstanceOf(ApiKeyStore.Valid.class);

        cli.revoke(a.record().id());
        assertThat(server.check(a.key())).isInstanceOfSatisfying(ApiKeyStore.Revoked.class,
                r -> assertThat(r.record().revoked()).isNotNull());
        assertThat(server.check(b.key())).isInstanceOf(ApiKeyStore.Valid.class);
        assertThat(cli.revokeDomain("mail")).extracting(ApiKeyStore.KeyRecord::id).containsExactly(b.record().id());
        assertThat(server.check(b.key())).isInstanceOf(ApiKeyStore.Revoked.class);
        assertThat(server.enforcing()).as("revoking every key must not disable authentication").isTrue();
    }

    @Test
    void badRequestsAreRefusedWithoutChangingTheFile() throws Exception {
        ApiKeyStore store = new ApiKeyStore(dir.resolve("api-keys"), Clock.systemUTC());
        ApiKeyStore.Created c = store.create("ssh", "");
        String before = Files.readString(dir.resolve("api-keys"));
        assertThatThrownBy(() -> store.create("Not A Domain", "")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("domain");
        assertThatThrownBy(() -> store.revoke("000000000000")).isInstanceOf(NotFoundException.class);
        store.revoke(c.record().id());
        String after = Files.readString(dir.resolve("api-keys"));
        assertThat(after).isNotEqualTo(before);
        assertThatThrownBy(() -> store.revoke(c.record().id())).isInstanceOf(FailedPreconditionException.class)
                .hasMessageContaining("already revoked");
        assertThat(Files.readString(dir.resolve("api-keys"))).isEqualTo(after);
    }
}
