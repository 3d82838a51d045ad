package io.multisystem.attestation.authority;

import io.multisystem.attestation.keys.KeyId;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;

/** The SQL of the authority's tables (see {@code db/attestation/V1__authority_schema.sql}). Stateless. */
final class AuthorityTables {
    private AuthorityTables() {
    }

    /** A stored log leaf. */
    record Leaf(long index, String kind, byte[] entry, Instant loggedAt) {
    }

    /** A stored key: sealed private part may be null. */
    record KeyRow(KeyId keyId, byte[] publicKey, byte[] sealedPrivate, String purpose) {
    }

    static void insertLeaf(Connection c, long index, LogEntry entry, byte[] bytes) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO log_leaf (idx, kind, entry, logged_at) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, index);
            insert.setString(2, entry.kind());
            insert.setBytes(3, bytes);
            insert.setLong(4, entry.loggedAt().toEpochMilli());
            insert.executeUpdate();
        }
    }

    /**
     * Leaf and attestation rows of one transaction, sent as JDBC batches (one prepared statement each, reused for
     * every row) when {@link #flush} is called before the commit.
     */
    static final class WriteBatch implements AutoCloseable {
        private final Connection connection;
        private PreparedStatement leaves;
        private PreparedStatement attestations;

        WriteBatch(Connection connection) {
            this.connection = connection;
        }

        void leaf(long index, LogEntry entry, byte[] bytes) throws SQLException {
            if (leaves == null) {
                leaves = connection.prepareStatement(
                        "INSERT INTO log_leaf (idx, kind, entry, logged_at) VALUES (?, ?, ?, ?)");
            }
            leaves.setLong(1, index);
            leaves.setString(2, entry.kind());
            leaves.setBytes(3, bytes);
            leaves.setLong(4, entry.loggedAt().toEpochMilli());
            leaves.addBatch();
        }

        void attestation(AttestationRecord record, byte[] envelopeJson, String predicateType) throws SQLException {
            if (attestations == null) {
                attestations = connection.prepareStatement(INSERT_ATTESTATION);
            }
            bindAttestation(attestations, record, envelopeJson, predicateType);
            attestations.addBatch();
        }

        void flush() throws SQLException {
            if (leaves != null) {
                leaves.executeBatch();
            }
            if (attestations != null) {
                attestations.executeBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                if (leaves != null) {
                    leaves.close();
                }
            } finally {
                if (attestations != null) {
                    attestations.close();
                }
            }
        }
    }

    /** Which of {@code ids} are already stored attestations (one query per 500 ids). */
    static Set<String> existingAttestationIds(Connection c, List<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            StringBuilder sql = new StringBuilder("SELECT id FROM attestation WHERE id IN (");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            try (PreparedStatement select = c.prepareStatement(sql.append(')').toString())) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 1, chunk.get(i));
                }
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(row.getString(1));
                    }
                }
            }
        }
        return found;
    }

    static List<Leaf> leaves(Connection c, long from, long to, boolean skipAttestations) throws SQLException {
        List<Leaf> leaves = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT idx, kind, entry, logged_at FROM log_leaf"
                + " WHERE idx >= ? AND idx < ?" + (skipAttestations ? " AND kind <> 'attestation'" : "")
                + " ORDER BY idx")) {
            select.setLong(1, from);
            select.setLong(2, to);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    leaves.add(new Leaf(row.getLong(1), row.getString(2), row.getBytes(3),
                            Instant.ofEpochMilli(row.getLong(4))));
                }
            }
        }
        return leaves;
    }

    static void insertKey(Connection c, KeyId keyId, byte[] publicKey, byte[] sealedPrivate, String purpose,
            Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO signing_key"
                + " (key_id, public_key, sealed_private, purpose, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, keyId.value());
            insert.setBytes(2, publicKey);
            if (sealedPrivate == null) {
                insert.setNull(3, Types.BINARY);
            } else {
                insert.setBytes(3, sealedPrivate);
            }
            insert.setString(4, purpose);
            insert.setLong(5, now.toEpochMilli());
            insert.executeUpdate();
        }
    }

    static Optional<KeyRow> key(Connection c, KeyId keyId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT public_key, sealed_private, purpose FROM signing_key WHERE key_id = ?")) {
            select.setString(1, keyId.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new KeyRow(keyId, row.getBytes(1), row.getBytes(2), row.getString(3)))
                        : Optional.empty();
            }
        }
    }

    static Optional<KeyRow> keyByPurpose(Connection c, String purpose) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT key_id, public_key, sealed_private FROM signing_key"
                + " WHERE purpose = ? ORDER BY created_at, key_id")) {
            select.setString(1, purpose);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new KeyRow(KeyId.parse(row.getString(1)), row.getBytes(2),
                        row.getBytes(3), purpose)) : Optional.empty();
            }
        }
    }

    static void insertIssuer(Connection c, IssuerRecord issuer, byte[] envelopeJson) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO issuer"
                + " (key_id, parent_key_id, depth, grant_envelope, log_index, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, issuer.key().value());
            insert.setString(2, issuer.isRoot() ? null : issuer.grant().issuer().value());
            insert.setInt(3, issuer.depth());
            insert.setBytes(4, envelopeJson);
            insert.setLong(5, issuer.logIndex());
            insert.setLong(6, issuer.loggedAt().toEpochMilli());
            insert.executeUpdate();
        }
    }

    static void insertAttestation(Connection c, AttestationRecord record, byte[] envelopeJson, String predicateType)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_ATTESTATION)) {
            bindAttestation(insert, record, envelopeJson, predicateType);
            insert.executeUpdate();
        }
    }

    private static final String INSERT_ATTESTATION = "INSERT INTO attestation (id, status_index, envelope,"
            + " predicate_type, signers, not_after, log_index, logged_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private static void bindAttestation(PreparedStatement insert, AttestationRecord record, byte[] envelopeJson,
            String predicateType) throws SQLException {
        {
            insert.setString(1, record.id());
            insert.setLong(2, record.statusIndex());
            insert.setBytes(3, envelopeJson);
            insert.setString(4, predicateType);
            insert.setString(5, String.join(",", record.signers()));
            if (record.notAfter().isPresent()) {
                insert.setLong(6, record.notAfter().get().toEpochMilli());
            } else {
                insert.setNull(6, Types.BIGINT);
            }
            insert.setLong(7, record.logIndex());
            insert.setLong(8, record.loggedAt().toEpochMilli());
        }
    }

    static Optional<AttestationRecord> attestation(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT status_index, log_index, logged_at, not_after,"
                + " signers FROM attestation WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                long notAfter = row.getLong(4);
                Optional<Instant> expiry = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(notAfter));
                return Optional.of(new AttestationRecord(id, row.getLong(1), row.getLong(2),
                        Instant.ofEpochMilli(row.getLong(3)), expiry, Arrays.asList(row.getString(5).split(","))));
            }
        }
    }

    static Optional<byte[]> attestationEnvelope(Connection c, String id) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT envelope FROM attestation WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
            }
        }
    }

    /** Status indexes of attestations revoked directly. */
    static List<Long> revokedStatusIndexes(Connection c) throws SQLException {
        List<Long> indexes = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT a.status_index FROM attestation a"
                + " JOIN revocation r ON r.target_id = a.id WHERE r.target_kind = 'attestation'");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                indexes.add(row.getLong(1));
            }
        }
        return indexes;
    }

    /** Status indexes of attestations that {@code signer} signed at or after {@code from} (log time). */
    static List<Long> statusIndexesSignedBy(Connection c, KeyId signer, Instant from) throws SQLException {
        List<Long> indexes = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT status_index FROM attestation"
                + " WHERE signers LIKE ? AND logged_at >= ?")) {
            select.setString(1, "%" + signer.value() + "%");
            select.setLong(2, from.toEpochMilli());
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    indexes.add(row.getLong(1));
                }
            }
        }
        return indexes;
    }

    static void insertRevocation(Connection c, RevocationRecord revocation) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO revocation (seq, target_kind, target_id,"
                + " reason, effective_at, revoked_at, log_index) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, revocation.seq());
            insert.setString(2, revocation.target().jsonName());
            insert.setString(3, revocation.targetId());
            insert.setString(4, revocation.reason().rfcName());
            insert.setLong(5, revocation.effectiveAt().toEpochMilli());
            insert.setLong(6, revocation.revokedAt().toEpochMilli());
            insert.setLong(7, revocation.logIndex());
            insert.executeUpdate();
        }
    }

    /** Row counts of the state tables, for replay checks. */
    static long count(Connection c, String table) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet row = select.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** Every (id, status_index, log_index) of the attestation table, sorted by id, as text lines. */
    static List<String> attestationFingerprints(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id, status_index, log_index FROM attestation ORDER BY id");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                lines.add(row.getString(1) + " " + row.getLong(2) + " " + row.getLong(3));
            }
        }
        return lines;
    }

    static List<String> revocationFingerprints(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement("SELECT seq, target_kind, target_id, reason, effective_at,"
                + " log_index FROM revocation ORDER BY seq");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                lines.add(row.getLong(1) + " " + row.getString(2) + " " + row.getString(3) + " " + row.getString(4)
                        + " " + row.getLong(5) + " " + row.getLong(6));
            }
        }
        return lines;
    }

    static List<String> issuerFingerprints(Connection c) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(
                "SELECT key_id, parent_key_id, depth, log_index FROM issuer ORDER BY key_id");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                lines.add(row.getString(1) + " " + row.getString(2) + " " + row.getInt(3) + " " + row.getLong(4));
            }
        }
        return lines;
    }
}
