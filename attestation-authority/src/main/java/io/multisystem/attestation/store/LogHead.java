package io.multisystem.attestation.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The single {@code log_head} row: committed log size and counters. Reading it {@code FOR UPDATE} inside a
 * transaction is the cross-instance write lock.
 *
 * @param treeSize     committed number of log leaves
 * @param revocations  number of revocations (next revocation sequence number)
 * @param attestations number of attestations (next status-list index)
 */
public record LogHead(long treeSize, long revocations, long attestations) {
    /** Reads the row; {@code forUpdate} locks it until the transaction ends. */
    public static LogHead read(Connection connection, boolean forUpdate) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT tree_size, revocations, attestations FROM log_head WHERE id = 1"
                        + (forUpdate ? " FOR UPDATE" : ""));
             ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("the log_head row is missing; the schema was not migrated");
            }
            return new LogHead(row.getLong(1), row.getLong(2), row.getLong(3));
        }
    }

    /** Writes this head back (inside the transaction that locked it). */
    public void write(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE log_head SET tree_size = ?, revocations = ?, attestations = ? WHERE id = 1")) {
            update.setLong(1, treeSize);
            update.setLong(2, revocations);
            update.setLong(3, attestations);
            update.executeUpdate();
        }
    }
}
