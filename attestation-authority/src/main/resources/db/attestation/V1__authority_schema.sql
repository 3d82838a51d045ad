-- attestation-authority schema. The same script runs on PostgreSQL and on the embedded H2 database (opened in
-- PostgreSQL compatibility mode), so it keeps to types both understand: BIGINT, INTEGER, VARCHAR, BYTEA.

-- One row: the log's committed size and the number of revocations. Writers lock it (SELECT ... FOR UPDATE), which
-- serialises appends across every instance sharing the database; readers poll it to notice other instances' writes.
CREATE TABLE log_head (
    id             INTEGER PRIMARY KEY,
    tree_size      BIGINT  NOT NULL,
    revocations    BIGINT  NOT NULL,
    attestations   BIGINT  NOT NULL
);
INSERT INTO log_head (id, tree_size, revocations, attestations) VALUES (1, 0, 0, 0);

-- Every log entry (the audit trail): its index, kind, canonical JSON bytes, and the log time it was appended.
CREATE TABLE log_leaf (
    idx        BIGINT      PRIMARY KEY,
    kind       VARCHAR(32) NOT NULL,
    entry      BYTEA       NOT NULL,
    logged_at  BIGINT      NOT NULL
);

-- Hashes of complete (perfect) subtrees: level 0 = leaf hashes. Never updated once written.
CREATE TABLE log_node (
    level  INTEGER NOT NULL,
    idx    BIGINT  NOT NULL,
    hash   BYTEA   NOT NULL,
    PRIMARY KEY (level, idx)
);

-- Ed25519 keys. Private keys only as AES-256-GCM ciphertext under the key-encryption key; NULL for public-only keys.
CREATE TABLE signing_key (
    key_id          VARCHAR(64)  PRIMARY KEY,
    public_key      BYTEA        NOT NULL,
    sealed_private  BYTEA,
    purpose         VARCHAR(16)  NOT NULL,
    created_at      BIGINT       NOT NULL
);

-- Roots (self-signed grants) and delegated issuers (grants signed by their parent), as signed DSSE envelopes.
CREATE TABLE issuer (
    key_id         VARCHAR(64)  PRIMARY KEY,
    parent_key_id  VARCHAR(64),
    depth          INTEGER      NOT NULL,
    grant_envelope BYTEA        NOT NULL,
    log_index      BIGINT       NOT NULL,
    created_at     BIGINT       NOT NULL
);

-- Issued attestations; status_index is the bit of the revocation status list.
CREATE TABLE attestation (
    id             VARCHAR(64)  PRIMARY KEY,
    status_index   BIGINT       NOT NULL UNIQUE,
    envelope       BYTEA        NOT NULL,
    predicate_type VARCHAR(512) NOT NULL,
    signers        VARCHAR(1400) NOT NULL,
    not_after      BIGINT,
    log_index      BIGINT       NOT NULL,
    logged_at      BIGINT       NOT NULL
);

-- Revocations of attestations and keys, in order (seq). RFC 5280 reason code; effective_at = "compromised at".
CREATE TABLE revocation (
    seq          BIGINT      PRIMARY KEY,
    target_kind  VARCHAR(16) NOT NULL,
    target_id    VARCHAR(64) NOT NULL,
    reason       VARCHAR(32) NOT NULL,
    effective_at BIGINT      NOT NULL,
    revoked_at   BIGINT      NOT NULL,
    log_index    BIGINT      NOT NULL
);
CREATE INDEX revocation_target ON revocation (target_id);
