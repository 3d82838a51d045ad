package io.multisystem.core.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresTestSupportTest {

    @Test
    void freshDatabasesAreEmptyIsolatedSchemasOnARealServer() throws Exception {
        String first = PostgresTestSupport.freshDatabase();
        String second = PostgresTestSupport.freshDatabase();

        try (Connection a = DriverManager.getConnection(first); Statement sa = a.createStatement()) {
            sa.execute("CREATE TABLE marker (id int primary key)");
            sa.execute("INSERT INTO marker VALUES (1)");
            try (ResultSet version = sa.executeQuery("SHOW server_version")) {
                assertThat(version.next()).isTrue();
            }
        }
        try (Connection b = DriverManager.getConnection(second); Statement sb = b.createStatement();
             ResultSet tables = sb.executeQuery(
                     "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()")) {
            tables.next();
            assertThat(tables.getInt(1)).isZero();
        }
    }
}
