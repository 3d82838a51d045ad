package io.multisystem.attestation.authority;

import io.multisystem.attestation.store.Database;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class EmbeddedAuthorityTest extends AuthorityContract {
    @TempDir
    Path directory;

    @Override
    Database openDatabase() {
        return Database.embedded(directory);
    }

    @Override
    Database reopenDatabase() {
        return Database.embedded(directory);
    }
}
