package io.multisystem.pipeline.definition;

import io.multisystem.core.testing.PostgresTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** PostgreSQL as a source (table and query) and a sink; skipped when no server is reachable (TEST_PG_URL or :5432). */
class PostgresPipelineTest {
    @Test
    void readsATableJoinsAQueryAndWritesATableInOneTransaction(@TempDir Path dir) throws Exception {
        String url = PostgresTestSupport.freshDatabase();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id bigint, customer int, amount numeric(10,2), at timestamptz)");
            s.execute("INSERT INTO orders VALUES (1, 10, 5.50, '2024-01-01T00:00:00Z'), (2, 20, 7.25, NULL),"
                    + " (3, 10, 1.00, '2024-01-01T00:00:01Z')");
            s.execute("CREATE TABLE customers (cid int, name text)");
            s.execute("INSERT INTO customers VALUES (10, 'Ada'), (20, 'Bob')");
        }
        String yaml = """
                sources:
                  orders: {type: postgres, url: "%1$s", table: orders}
                  customers: {type: postgres, url: "%1$s", query: "select cid, upper(name) as name from customers"}
                input: orders
                transforms:
                  - {type: join, with: customers, leftKey: customer, rightKey: cid}
                  - {type: map, fields: {big: "amount > 5", at_ms: "coalesce(at, to_timestamp(0))"}}
                sink: {type: postgres, url: "%1$s", table: enriched}
                """.formatted(url);

        CompiledPipeline compiled = PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir));
        compiled.run();

        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, amount, big, extract(epoch from at_ms)::bigint"
                     + " FROM enriched ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getLong(1) + "," + rs.getString(2) + "," + rs.getDouble(3) + "," + rs.getBoolean(4) + ","
                        + rs.getLong(5));
            }
        }
        assertThat(rows).containsExactly("1,ADA,5.5,true,1704067200", "2,BOB,7.25,true,0",
                "3,ADA,1.0,false,1704067201");
    }

    @Test
    void lookupJoinLoadsItsTableFromAQuery(@TempDir Path dir) throws Exception {
        String url = PostgresTestSupport.freshDatabase();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (cid int, name text, active boolean)");
            s.execute("INSERT INTO customers VALUES (10, 'Ada', true), (20, 'Bob', false), (30, 'Cy', true)");
        }
        PipelineDefinitionTest.write(dir, "orders.jsonl", """
                {"id": 1, "customer": 10}
                {"id": 2, "customer": 20}
                {"id": 3, "customer": 30}
                """);
        String yaml = """
                sources:
                  orders: {type: jsonl, path: orders.jsonl, schema: {id: long, customer: long}}
                  active: {type: postgres, url: "%1$s", query: "select cid, name from customers where active"}
                input: orders
                transforms:
                  - {type: lookupJoin, with: active, key: customer, tableKey: cid, onMiss: deadLetter,
                     deadLetter: {type: csv, path: inactive.csv}}
                sink: {type: csv, path: out.csv}
                """.formatted(url);
        PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, dir)).run();
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("out.csv")))
                .containsExactly("id,customer,cid,name", "1,10,10,Ada", "3,30,30,Cy");
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("inactive.csv")))
                .containsExactly("id,customer,error", "2,20,no row in lookup table 'active' with cid = 20");
    }
}
