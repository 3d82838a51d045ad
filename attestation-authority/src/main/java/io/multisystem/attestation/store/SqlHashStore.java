package io.multisystem.attestation.store;

import io.multisystem.attestation.log.HashStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * {@link HashStore} in the {@code log_node} table: one row per stored perfect-subtree hash, keyed by
 * {@code (level, idx)}, so every hash read of a proof is one primary-key lookup and an inclusion proof costs
 * O(log n) reads.
 *
 * <h2>Transactions</h2>
 * {@link #append} writes on the connection of the caller's {@link Database#inTransaction transaction}, so the log
 * nodes commit or roll back together with the state change they record. The size readers see ({@link #size()}) is
 * the committed size: the owner calls {@link #publish} after a commit, or {@link #reload} after a rollback or when
 * another instance may have appended. Writers are serialised by the owner (and across instances by the
 * {@code log_head} row lock); reads are thread-safe.
 *
 * <h2>Read cache</h2>
 * A stored node covers a complete subtree, so once every leaf under it is committed its hash never changes (appends
 * only add nodes; a rolled-back transaction only drops nodes above the committed size). Reads of such nodes are kept
 * in a bounded map ({@value #CACHE_LIMIT} nodes, cleared when full), so repeated proofs, which share their upper
 * nodes, mostly skip the database. Nodes above the committed size (staged by a running transaction) are never cached.
 */
public final class SqlHashStore implements HashStore {
    private static final int CACHE_LIMIT = 65_536;
    private final Database database;
    private final java.util.concurrent.ConcurrentHashMap<Long, byte[]> committedNodes =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long committed;
    private long staged;
    /** When set, appends are buffered and written by {@link #flush} as one JDBC batch. */
    private boolean deferred;
    private final java.util.List<Object[]> pendingRows = new java.util.ArrayList<>();

    public SqlHashStore(Database database) {
        this.database = database;
        reload();
    }

    /** Re-reads the committed size from the database, dropping any staged appends. */
    public synchronized void reload() {
        committed = database.read(connection -> LogHead.read(connection, false).treeSize());
        staged = committed;
        pendingRows.clear();
    }

    /**
     * Buffers appends until {@link #flush} instead of writing each one at once (the authority's group commit: all
     * node rows of a transaction go to the database in one JDBC batch just before the commit).
     */
    public synchronized void deferWrites(boolean defer) {
        this.deferred = defer;
    }

    /** Writes the buffered node rows on the running transaction's connection as one batch. */
    public synchronized void flush() {
        if (pendingRows.isEmpty()) {
            return;
        }
        Connection connection = database.transactionConnection();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO log_node (level, idx, hash) VALUES (?, ?, ?)")) {
            for (Object[] row : pendingRows) {
                insert.setInt(1, (Integer) row[0]);
                insert.setLong(2, (Long) row[1]);
                insert.setBytes(3, (byte[]) row[2]);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw Database.storageFailure(e);
        }
        pendingRows.clear();
    }

    /** Makes the staged appends visible to readers; call after the transaction that wrote them committed. */
    public synchronized void publish() {
        committed = staged;
    }

    /** The size including appends of the running, not yet committed, transaction. */
    public synchronized long stagedSize() {
        return staged;
    }

    @Override
    public long size() {
        return committed;
    }

    @Override
    public byte[] hash(int level, long index) {
        long bound = Math.max(committed, stagedSnapshot());
        if (level < 0 || level >= 62 || index < 0 || index >= (bound >>> level)) {
            throw new IndexOutOfBoundsException("no complete subtree at level " + level + ", index " + index
                    + " in a tree of size " + bound);
        }
        // (index + 1) << level leaves under the node: all committed means the node is immutable
        boolean immutable = index < (committed >>> level);
        long key = (index << 6) | level;
        if (immutable) {
            byte[] cached = committedNodes.get(key);
            if (cached != null) {
                return cached.clone();
            }
        }
        byte[] stored = readNode(level, index);
        if (immutable) {
            if (committedNodes.size() >= CACHE_LIMIT) {
                committedNodes.clear();
            }
            committedNodes.put(key, stored.clone());
        }
        return stored;
    }

    private byte[] readNode(int level, long index) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT hash FROM log_node WHERE level = ? AND idx = ?")) {
                select.setInt(1, level);
                select.setLong(2, index);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("log node (" + level + ", " + index
                                + ") is missing from the database: the log is corrupt");
                    }
                    return row.getBytes(1);
                }
            }
        });
    }

    private synchronized long stagedSnapshot() {
        return staged;
    }

    @Override
    public synchronized void append(byte[][] hashes) {
        long leaf = staged;
        int expected = 1 + Long.numberOfTrailingZeros(leaf + 1);
        if (hashes == null || hashes.length != expected) {
            throw new IllegalArgumentException("appending leaf " + leaf + " takes " + expected + " hashes");
        }
        if (deferred) {
            database.transactionConnection();
            for (int level = 0; level < hashes.length; level++) {
                if (hashes[level] == null || hashes[level].length != 32) {
                    throw new IllegalArgumentException("hash " + level + " is not 32 bytes");
                }
            }
            for (int level = 0; level < hashes.length; level++) {
                pendingRows.add(new Object[] {level, leaf >>> level, hashes[level].clone()});
            }
            staged = leaf + 1;
            return;
        }
        Connection connection = database.transactionConnection();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO log_node (level, idx, hash) VALUES (?, ?, ?)")) {
            for (int level = 0; level < hashes.length; level++) {
                if (hashes[level] == null || hashes[level].length != 32) {
                    throw new IllegalArgumentException("hash " + level + " is not 32 bytes");
                }
                insert.setInt(1, level);
                insert.setLong(2, leaf >>> level);
                insert.setBytes(3, hashes[level]);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw Database.storageFailure(e);
        }
        staged = leaf + 1;
    }
}
