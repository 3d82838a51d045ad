package io.multisystem.attestation.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;

/**
 * The authority's SQL database: a pooled {@link DataSource} whose schema is migrated by Flyway on open (the same
 * scripts under {@code db/attestation} for both engines), plus transactions.
 *
 * <p>Two engines: the embedded default, an H2 file database under the data directory opened in PostgreSQL
 * compatibility mode, and PostgreSQL. {@link #inTransaction} runs work on one connection with auto-commit off and
 * commits only if the work returns normally; the connection is bound to the calling thread meanwhile, so stores that
 * take part in the transaction ({@link SqlHashStore}) write on it. Thread-safe.
 */
public final class Database implements AutoCloseable {
    /** Which engine a database runs on. */
    public enum Engine { EMBEDDED, POSTGRES }

    /** Work done inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final HikariDataSource dataSource;
    private final Engine engine;
    private final String url;
    private final ThreadLocal<Connection> current = new ThreadLocal<>();

    private Database(HikariDataSource dataSource, Engine engine, String url) {
        this.dataSource = dataSource;
        this.engine = engine;
        this.url = url;
    }

    /** The embedded H2 file database {@code attestation.mv.db} in {@code directory} (created if needed). */
    public static Database embedded(Path directory) {
        Path file = directory.toAbsolutePath().resolve("attestation");
        return open(Engine.EMBEDDED, "jdbc:h2:file:" + file
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000", 8);
    }

    /** A PostgreSQL database by JDBC URL (user and password may be URL parameters). */
    public static Database postgres(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new InvalidInputException(AttestationComponent.NAME, "STORE_URL_INVALID",
                    "a PostgreSQL JDBC URL starts with jdbc:postgresql://host:port/database, got '" + jdbcUrl + "'");
        }
        return open(Engine.POSTGRES, jdbcUrl, 8);
    }

    private static Database open(Engine engine, String url, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("attestation-" + engine.name().toLowerCase());
        config.setInitializationFailTimeout(5_000);
        config.setConnectionTimeout(10_000);
        if (engine == Engine.POSTGRES) {
            // JDBC batches (log leaves, Merkle nodes, attestation rows of a group commit) become multi-row INSERTs.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw unavailable("cannot open the " + engine.name().toLowerCase() + " database at " + redact(url) + ": "
                    + rootMessage(e), e);
        }
        try {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/attestation")
                    .loggers("slf4j").load().migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw unavailable("cannot migrate the database schema at " + redact(url) + ": " + rootMessage(e), e);
        }
        return new Database(dataSource, engine, url);
    }

    public Engine engine() {
        return engine;
    }

    /** The JDBC URL without credentials, for display. */
    public String displayUrl() {
        return redact(url);
    }

    /**
     * Runs {@code work} in one transaction and commits it; rolls back if it throws. Nested calls on the same thread
     * join the outer transaction.
     */
    public <T> T inTransaction(Work<T> work) {
        Connection outer = current.get();
        if (outer != null) {
            try {
                return work.run(outer);
            } catch (SQLException e) {
                throw storageFailure(e);
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            current.set(connection);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw storageFailure(e);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                current.remove();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    /** Runs read-only {@code work} on a pooled connection in auto-commit mode (or on the thread's transaction). */
    public <T> T read(Work<T> work) {
        Connection outer = current.get();
        try {
            if (outer != null) {
                return work.run(outer);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        } catch (SQLException e) {
            throw storageFailure(e);
        }
    }

    /** The connection of the transaction running on this thread. */
    Connection transactionConnection() {
        Connection connection = current.get();
        if (connection == null) {
            throw new IllegalStateException("log appends must run inside Database.inTransaction");
        }
        return connection;
    }

    @Override
    public void close() {
        if (engine == Engine.EMBEDDED) {
            try (Connection connection = dataSource.getConnection();
                 java.sql.Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            } catch (SQLException ignored) {
                // closing anyway; H2 recovers from its journal
            }
        }
        dataSource.close();
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what the caller needs to see
        }
    }

    static PlatformException storageFailure(SQLException e) {
        return unavailable("the attestation database failed: " + e.getMessage() + " (SQLState " + e.getSQLState()
                + ")", e);
    }

    private static PlatformException unavailable(String message, Throwable cause) {
        return new UnavailableException(AttestationComponent.NAME, "STORE_UNAVAILABLE", Severity.DEGRADED, message,
                Map.of(), cause);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
