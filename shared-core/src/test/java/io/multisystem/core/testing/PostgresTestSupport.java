package io.multisystem.core.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds a PostgreSQL server for tests, in the order the platform fixes: {@code TEST_PG_URL} (environment or system
 * property); a server answering on 127.0.0.1:5432 (user postgres, trust auth, database test); Testcontainers when a
 * Docker engine is reachable; otherwise the calling test is skipped with a message saying how to enable it.
 *
 * <p>Each call to {@link #freshDatabase()} creates a new, empty schema-isolated database URL so tests do not see each
 * other's tables.
 */
public final class PostgresTestSupport {
    public static final String URL_VARIABLE = "TEST_PG_URL";
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static volatile Optional<String> cached;

    private PostgresTestSupport() {
    }

    /**
     * A JDBC URL of a reachable server, or skips the calling test (JUnit assumption) saying how to provide one.
     */
    public static String requireServerUrl() {
        Optional<String> url = findServerUrl();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL tests skipped: no server. Set TEST_PG_URL (e.g. "
                + LOCAL_URL + "), start PostgreSQL on 127.0.0.1:5432, or make a Docker engine available. "
                + ".ci/run starts the local server.");
        return url.get();
    }

    /** A reachable server's JDBC URL, if any. */
    public static synchronized Optional<String> findServerUrl() {
        if (cached == null) {
            cached = locate();
        }
        return cached;
    }

    /**
     * A JDBC URL whose default schema is a new, empty schema, so each test starts clean. Skips the test if no server.
     */
    public static String freshDatabase() {
        String url = requireServerUrl();
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema on " + url + ": " + e.getMessage(), e);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static Optional<String> locate() {
        String configured = System.getenv(URL_VARIABLE);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(URL_VARIABLE);
        }
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        if (answers("127.0.0.1", 5432) && canConnect(LOCAL_URL)) {
            return Optional.of(LOCAL_URL);
        }
        if (dockerAvailable()) {
            return Optional.of(ContainerHolder.url());
        }
        return Optional.empty();
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean canConnect(String url) {
        try (Connection ignored = DriverManager.getConnection(url)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        String host = System.getenv("DOCKER_HOST");
        return (host != null && !host.isBlank()) || Files.exists(Path.of("/var/run/docker.sock"));
    }

    /** Loaded only when Docker is there, so Testcontainers classes are touched only then. */
    private static final class ContainerHolder {
        private static final org.testcontainers.postgresql.PostgreSQLContainer CONTAINER = start();

        static String url() {
            return CONTAINER.getJdbcUrl() + "&user=" + CONTAINER.getUsername() + "&password=" + CONTAINER.getPassword();
        }

        private static org.testcontainers.postgresql.PostgreSQLContainer start() {
            var container = new org.testcontainers.postgresql.PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return container;
        }
    }
}
