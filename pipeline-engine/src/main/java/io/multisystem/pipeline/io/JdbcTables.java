package io.multisystem.pipeline.io;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL (any JDBC database with standard types) tables and queries as a source and a sink.
 *
 * <p>Type mapping: integer types ↔ LONG ({@code bigint}), floating and numeric ↔ DOUBLE ({@code double precision}),
 * {@code boolean} ↔ BOOLEAN, {@code timestamp[tz]}/{@code date} ↔ TIMESTAMP (epoch milliseconds; written as
 * {@code timestamptz}), everything else ↔ STRING ({@code text}). The source streams with a fetch size of 1,000 rows
 * inside a read-only transaction (PostgreSQL only streams with auto-commit off). The sink inserts in batches inside
 * one transaction committed at {@link Sink#close()}, so a failed run leaves the table as it was.
 */
public final class JdbcTables {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final int BATCH = 1000;

    /** Where and as whom to connect. */
    public record Connection(String url, String user, String password) {
        java.sql.Connection open() throws SQLException {
            Properties p = new Properties();
            if (user != null) {
                p.setProperty("user", user);
            }
            if (password != null) {
                p.setProperty("password", password);
            }
            return DriverManager.getConnection(url, p);
        }
    }

    private JdbcTables() {
    }

    /**
     * Checks that {@code name} is a plain (optionally schema-qualified) SQL identifier.
     *
     * @throws InvalidInputException (code {@code TABLE_NAME_INVALID})
     */
    public static String requireTableName(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches()) {
            throw new InvalidInputException(Errors.COMPONENT, "TABLE_NAME_INVALID", "table name '" + name
                    + "' must be an identifier like orders or public.orders; use a query for anything else");
        }
        return name;
    }

    /** The SQL a source runs for a table. */
    public static String selectAll(String table) {
        return "SELECT * FROM " + requireTableName(table);
    }

    /**
     * The row schema of a query's result, from the driver's metadata (the query runs with {@code LIMIT 0}).
     *
     * @throws UnavailableException (code {@code DATABASE_UNAVAILABLE}) when the server cannot be reached
     * @throws InvalidInputException (code {@code SQL_INVALID}) when the server rejects the query
     */
    public static Schema describe(Connection connection, String sql) {
        try (java.sql.Connection c = connection.open()) {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT * FROM (" + sql + ") AS q LIMIT 0")) {
                return schemaOf(rs.getMetaData());
            } catch (SQLException e) {
                throw new InvalidInputException(Errors.COMPONENT, "SQL_INVALID", "the database rejected `" + sql
                        + "`: " + e.getMessage());
            }
        } catch (SQLException e) {
            throw unavailable(connection, e);
        }
    }

    /** Rows of {@code sql}; columns are matched to the schema by name (case-insensitive). */
    public static Source source(Connection connection, String sql, Schema schema) {
        return new Source() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowIterator open() {
                java.sql.Connection c;
                PreparedStatement statement;
                ResultSet rs;
                int[] column = new int[schema.size()];
                try {
                    c = connection.open();
                } catch (SQLException e) {
                    throw unavailable(connection, e);
                }
                try {
                    c.setAutoCommit(false);
                    c.setReadOnly(true);
                    statement = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                    statement.setFetchSize(BATCH);
                    rs = statement.executeQuery();
                    ResultSetMetaData md = rs.getMetaData();
                    for (int i = 0; i < schema.size(); i++) {
                        column[i] = -1;
                        for (int j = 1; j <= md.getColumnCount(); j++) {
                            if (md.getColumnLabel(j).equalsIgnoreCase(schema.fields().get(i).name())) {
                                column[i] = j;
                            }
                        }
                        if (column[i] < 0) {
                            throw new InvalidInputException(Errors.COMPONENT, "SQL_INVALID", "the result of `" + sql
                                    + "` has no column '" + schema.fields().get(i).name() + "'");
                        }
                    }
                } catch (SQLException e) {
                    closeQuietly(c);
                    throw new InvalidInputException(Errors.COMPONENT, "SQL_INVALID", "the database rejected `" + sql
                            + "`: " + e.getMessage());
                } catch (RuntimeException e) {
                    closeQuietly(c);
                    throw e;
                }
                return new RowIterator() {
                    private Boolean pending;

                    @Override
                    public boolean hasNext() {
                        if (pending == null) {
                            try {
                                pending = rs.next();
                            } catch (SQLException e) {
                                throw unavailable(connection, e);
                            }
                        }
                        return pending;
                    }

                    @Override
                    public Row next() {
                        if (!hasNext()) {
                            throw new java.util.NoSuchElementException();
                        }
                        pending = null;
                        Object[] values = new Object[schema.size()];
                        try {
                            for (int i = 0; i < values.length; i++) {
                                values[i] = read(rs, column[i], schema.fields().get(i).type());
                            }
                        } catch (SQLException e) {
                            throw unavailable(connection, e);
                        }
                        return Row.of(schema, values);
                    }

                    @Override
                    public void close() {
                        closeQuietly(c);
                    }
                };
            }
        };
    }

    /**
     * Inserts rows into {@code table} in one transaction, committed on close.
     *
     * @param create   create the table (columns from the row schema) when it does not exist
     * @param truncate empty the table first (in the same transaction)
     */
    public static Sink sink(Connection connection, String table, boolean create, boolean truncate) {
        requireTableName(table);
        return new Sink() {
            private java.sql.Connection c;
            private PreparedStatement insert;
            private Schema schema;
            private int pending;
            private boolean failed;

            @Override
            public void open(Schema rowSchema) {
                schema = rowSchema;
                try {
                    c = connection.open();
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        if (create) {
                            s.execute(createTableSql(table, rowSchema));
                        }
                        if (truncate) {
                            s.execute("DELETE FROM " + table);
                        }
                    }
                    insert = c.prepareStatement(insertSql(table, rowSchema));
                } catch (SQLException e) {
                    failed = true;
                    throw unavailable(connection, e);
                }
            }

            @Override
            public void write(Row row) {
                try {
                    bind(insert, row);
                    insert.addBatch();
                    if (++pending >= BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                } catch (SQLException e) {
                    failed = true;
                    throw unavailable(connection, e);
                }
            }

            @Override
            public void close() {
                if (c == null) {
                    return;
                }
                try {
                    if (!failed && !Thread.currentThread().isInterrupted()) {
                        if (pending > 0) {
                            insert.executeBatch();
                        }
                        c.commit();
                    } else {
                        c.rollback();
                    }
                } catch (SQLException e) {
                    throw unavailable(connection, e);
                } finally {
                    closeQuietly(c);
                }
            }
        };
    }

    /** The table holding the last committed checkpoint of each pipeline writing exactly-once to this database. */
    public static final String CHECKPOINT_TABLE = "pipeline_checkpoints";

    /**
     * Exactly-once insertion: one transaction stays open between checkpoints, and each checkpoint's record (id and
     * state, in {@value #CHECKPOINT_TABLE} under {@code pipelineName}) is written in that same transaction before it
     * commits. Rows and checkpoint therefore become visible together or not at all; after a crash the server has
     * rolled back the open transaction and {@link TransactionalSink#recover()} reads the last committed checkpoint.
     */
    public static TransactionalSink exactlyOnceSink(Connection connection, String table, boolean create,
            String pipelineName) {
        requireTableName(table);
        return new TransactionalSink() {
            private java.sql.Connection c;
            private PreparedStatement insert;
            private int pending;

            @Override
            public java.util.Optional<Committed> recover() {
                try {
                    c = connection.open();
                    c.setAutoCommit(false);
                    try (Statement s = c.createStatement()) {
                        s.execute("CREATE TABLE IF NOT EXISTS " + CHECKPOINT_TABLE
                                + " (pipeline text PRIMARY KEY, checkpoint_id bigint NOT NULL, state bytea NOT NULL)");
                    }
                    c.commit();
                    try (PreparedStatement q = c.prepareStatement("SELECT checkpoint_id, state FROM "
                            + CHECKPOINT_TABLE + " WHERE pipeline = ?")) {
                        q.setString(1, pipelineName);
                        try (ResultSet rs = q.executeQuery()) {
                            java.util.Optional<Committed> out = rs.next()
                                    ? java.util.Optional.of(new Committed(rs.getLong(1), rs.getBytes(2)))
                                    : java.util.Optional.empty();
                            c.commit();
                            return out;
                        }
                    }
                } catch (SQLException e) {
                    throw unavailable(connection, e);
                }
            }

            @Override
            public void open(Schema rowSchema) {
                try {
                    if (c == null) {
                        c = connection.open();
                        c.setAutoCommit(false);
                    }
                    if (create) {
                        try (Statement s = c.createStatement()) {
                            s.execute(createTableSql(table, rowSchema));
                        }
                    }
                    insert = c.prepareStatement(insertSql(table, rowSchema));
                } catch (SQLException e) {
                    throw unavailable(connection, e);
                }
            }

            @Override
            public void write(Row row) {
                try {
                    bind(insert, row);
                    insert.addBatch();
                    if (++pending >= BATCH) {
                        insert.executeBatch();
                        pending = 0;
                    }
                } catch (SQLException e) {
                    throw unavailable(connection, e);
                }
            }

            @Override
            public void commitCheckpoint(long checkpointId, byte[] state) {
                try {
                    if (pending > 0) {
                        insert.executeBatch();
                        pending = 0;
                    }
                    try (PreparedStatement up = c.prepareStatement("INSERT INTO " + CHECKPOINT_TABLE
                            + " (pipeline, checkpoint_id, state) VALUES (?, ?, ?) ON CONFLICT (pipeline) DO UPDATE"
                            + " SET checkpoint_id = EXCLUDED.checkpoint_id, state = EXCLUDED.state")) {
                        up.setString(1, pipelineName);
                        up.setLong(2, checkpointId);
                        up.setBytes(3, state);
                        up.executeUpdate();
                    }
                    c.commit();
                } catch (SQLException e) {
                    throw unavailable(connection, e);
                }
            }

            @Override
            public void close() {
                if (c == null) {
                    return;
                }
                try {
                    c.rollback(); // rows after the last checkpoint are not committed
                } catch (SQLException e) {
                    throw unavailable(connection, e);
                } finally {
                    closeQuietly(c);
                    c = null;
                }
            }
        };
    }

    /** {@code CREATE TABLE IF NOT EXISTS} with the mapped column types. */
    public static String createTableSql(String table, Schema schema) {
        return "CREATE TABLE IF NOT EXISTS " + requireTableName(table) + " (" + schema.fields().stream()
                .map(f -> quoteIdentifier(f.name()) + " " + sqlType(f.type())).collect(Collectors.joining(", ")) + ")";
    }

    static String insertSql(String table, Schema schema) {
        return "INSERT INTO " + table + " (" + schema.names().stream().map(JdbcTables::quoteIdentifier)
                .collect(Collectors.joining(", ")) + ") VALUES (" + schema.names().stream().map(n -> "?")
                .collect(Collectors.joining(", ")) + ")";
    }

    /** Binds a row's values to parameters 1..n of a statement. */
    public static void bind(PreparedStatement statement, Row row) throws SQLException {
        Schema schema = row.schema();
        for (int i = 0; i < schema.size(); i++) {
            Object v = row.get(i);
            FieldType t = schema.fields().get(i).type();
            if (v == null) {
                statement.setNull(i + 1, switch (t) {
                    case STRING -> Types.VARCHAR;
                    case LONG -> Types.BIGINT;
                    case DOUBLE -> Types.DOUBLE;
                    case BOOLEAN -> Types.BOOLEAN;
                    case TIMESTAMP -> Types.TIMESTAMP_WITH_TIMEZONE;
                });
            } else if (t == FieldType.TIMESTAMP) {
                statement.setObject(i + 1, java.time.OffsetDateTime.ofInstant(
                        java.time.Instant.ofEpochMilli((Long) v), java.time.ZoneOffset.UTC));
            } else {
                statement.setObject(i + 1, v);
            }
        }
    }

    static String quoteIdentifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static String sqlType(FieldType t) {
        return switch (t) {
            case STRING -> "text";
            case LONG -> "bigint";
            case DOUBLE -> "double precision";
            case BOOLEAN -> "boolean";
            case TIMESTAMP -> "timestamptz";
        };
    }

    private static Schema schemaOf(ResultSetMetaData md) throws SQLException {
        List<Schema.Field> fields = new ArrayList<>();
        for (int j = 1; j <= md.getColumnCount(); j++) {
            FieldType type = switch (md.getColumnType(j)) {
                case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT -> FieldType.LONG;
                case Types.DOUBLE, Types.FLOAT, Types.REAL, Types.NUMERIC, Types.DECIMAL -> FieldType.DOUBLE;
                case Types.BOOLEAN, Types.BIT -> FieldType.BOOLEAN;
                case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> FieldType.TIMESTAMP;
                default -> FieldType.STRING;
            };
            fields.add(new Schema.Field(md.getColumnLabel(j), type));
        }
        return Schema.of(fields);
    }

    private static Object read(ResultSet rs, int column, FieldType type) throws SQLException {
        Object v = switch (type) {
            case STRING -> rs.getString(column);
            case LONG -> rs.getLong(column);
            case DOUBLE -> rs.getDouble(column);
            case BOOLEAN -> rs.getBoolean(column);
            case TIMESTAMP -> {
                Timestamp ts = rs.getTimestamp(column);
                yield ts == null ? null : ts.getTime();
            }
        };
        return rs.wasNull() ? null : v;
    }

    private static void closeQuietly(java.sql.Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing after the work is done or failed; nothing to recover
        }
    }

    private static UnavailableException unavailable(Connection connection, SQLException e) {
        return new UnavailableException(Errors.COMPONENT, "DATABASE_UNAVAILABLE", Severity.DEGRADED,
                "database " + connection.url() + " failed: " + e.getMessage()
                        + "; check the server is running and the URL, user and password", Map.of(), e);
    }
}
