package io.multisystem.attestation.store;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.keys.KeyEncryptionKey;
import io.multisystem.core.error.InvalidInputException;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the authority keeps its state and how it finds its key-encryption key; shared by the service and the
 * command line.
 *
 * @param kind    embedded (H2 file under {@code dataDir}) or postgres ({@code jdbcUrl})
 * @param jdbcUrl the PostgreSQL JDBC URL (postgres only)
 * @param dataDir the data directory
 * @param kekFile a file holding the KEK (base64 or hex of 32 bytes)
 * @param kekEnv  the environment variable holding the KEK, used when no file is given
 */
public record StoreSettings(Kind kind, String jdbcUrl, Path dataDir, Optional<Path> kekFile, String kekEnv) {
    /** Default name of the environment variable holding the KEK. */
    public static final String DEFAULT_KEK_ENV = "MULTISYSTEM_ATTESTATION_KEK";

    /** Storage engine. */
    public enum Kind { EMBEDDED, POSTGRES }

    public StoreSettings {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(kekFile, "kekFile");
        kekEnv = kekEnv == null || kekEnv.isBlank() ? DEFAULT_KEK_ENV : kekEnv;
    }

    /** Opens (and migrates) the configured database. */
    public Database openDatabase() {
        if (kind == Kind.POSTGRES) {
            if (jdbcUrl == null || jdbcUrl.isBlank()) {
                throw new InvalidInputException(AttestationComponent.NAME, "STORE_URL_INVALID",
                        "store=postgres needs a JDBC URL (multisystem.attestation.jdbc-url or --jdbc-url)");
            }
            return Database.postgres(jdbcUrl);
        }
        return Database.embedded(dataDir);
    }

    /**
     * The KEK: from {@code kekFile} if set, else from the environment variable, else (embedded only) from
     * {@code <dataDir>/kek}, created on first use.
     *
     * @throws InvalidInputException {@code KEK_MISSING} for PostgreSQL without a configured KEK
     */
    public KeyEncryptionKey loadKek(Function<String, String> environment) {
        if (kekFile.isPresent()) {
            return KeyEncryptionKey.fromFile(kekFile.get());
        }
        String fromEnv = environment.apply(kekEnv);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return KeyEncryptionKey.parse(fromEnv, "environment variable " + kekEnv);
        }
        if (kind == Kind.POSTGRES) {
            throw new InvalidInputException(AttestationComponent.NAME, "KEK_MISSING", "with PostgreSQL the key-"
                    + "encryption key must be configured: set multisystem.attestation.kek-file or the environment"
                    + " variable " + kekEnv + " (32 bytes, base64)");
        }
        return KeyEncryptionKey.fromFileOrCreate(dataDir.resolve("kek"));
    }
}
