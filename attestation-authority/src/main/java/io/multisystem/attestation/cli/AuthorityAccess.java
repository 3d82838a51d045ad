package io.multisystem.attestation.cli;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.authority.Authority;
import io.multisystem.attestation.authority.AuthorityOptions;
import io.multisystem.attestation.store.Database;
import io.multisystem.attestation.store.StoreSettings;
import io.multisystem.core.error.InvalidInputException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Options of the in-process authority (where its database and KEK are), and file helpers shared by the verbs. */
final class AuthorityAccess {
    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "In-process data directory (default: $MULTISYSTEM_HOME/attestation-authority, "
                    + "$MULTISYSTEM_HOME defaulting to ~/.multisystem).")
    Path dataDir;

    @Option(names = "--store", paramLabel = "embedded|postgres", defaultValue = "EMBEDDED",
            converter = KindConverter.class, description = "In-process store (default embedded).")
    StoreSettings.Kind store = StoreSettings.Kind.EMBEDDED;

    @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL JDBC URL for --store postgres.")
    String jdbcUrl;

    @Option(names = "--kek-file", paramLabel = "FILE",
            description = "Key-encryption key file (default: $MULTISYSTEM_ATTESTATION_KEK, else <data-dir>/kek).")
    Path kekFile;

    static final class KindConverter implements picocli.CommandLine.ITypeConverter<StoreSettings.Kind> {
        @Override
        public StoreSettings.Kind convert(String value) {
            return StoreSettings.Kind.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
        }
    }

    Path dataDirectory() {
        if (dataDir != null) {
            return dataDir;
        }
        String home = System.getenv("MULTISYSTEM_HOME");
        Path base = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".multisystem")
                : Path.of(home);
        return base.resolve("attestation-authority");
    }

    /** An in-process authority on the configured store; close it. */
    InProcess open() {
        quietLibraryLogs();
        Path directory = dataDirectory();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "DATA_DIR_INVALID",
                    "cannot create the data directory " + directory + ": " + e.getMessage());
        }
        StoreSettings settings = new StoreSettings(store, jdbcUrl, directory, Optional.ofNullable(kekFile), null);
        Database database = settings.openDatabase();
        try {
            Authority authority = Authority.open(database, settings.loadKek(System::getenv),
                    AuthorityOptions.defaults().withPollInterval(Duration.ZERO), Clock.systemUTC());
            return new InProcess(authority, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Library INFO/WARN lines (pool start, schema checks) would mix into stdout, which carries results. */
    private static void quietLibraryLogs() {
        for (String name : new String[] {"com.zaxxer.hikari", "org.flywaydb", "h2database"}) {
            org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(name);
            if (logger instanceof ch.qos.logback.classic.Logger logback) {
                logback.setLevel(ch.qos.logback.classic.Level.ERROR);
            }
        }
    }

    record InProcess(Authority authority, Database database) implements AutoCloseable {
        @Override
        public void close() {
            authority.close();
            database.close();
        }
    }

    static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "FILE_UNREADABLE",
                    "cannot read the " + what + " file " + file + ": " + e.getMessage());
        }
    }

    static void write(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "FILE_UNWRITABLE",
                    "cannot write " + file + ": " + e.getMessage());
        }
    }

    /** {@link #write} for a private key: owner-only from creation, replaced atomically. */
    static void writeSecret(Path file, String content) {
        try {
            io.multisystem.core.crypto.SecretFiles.writeOwnerOnly(file, content);
        } catch (IOException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "FILE_UNWRITABLE",
                    "cannot write " + file + ": " + e.getMessage());
        }
    }

    static Instant instant(String text, String option) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(AttestationComponent.NAME, "TIMESTAMP_INVALID",
                    option + " must be an RFC 3339 UTC time such as 2026-01-01T00:00:00Z, got '" + text + "'");
        }
    }
}
