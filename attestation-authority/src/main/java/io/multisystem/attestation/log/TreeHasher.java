package io.multisystem.attestation.log;

import io.multisystem.core.crypto.Hasher;

import java.util.Objects;

/**
 * The RFC 6962 / RFC 9162 (section 2.1.1) tree hash with SHA-256: a leaf hashes as {@code SHA-256(0x00 || data)}, an
 * interior node as {@code SHA-256(0x01 || left || right)}, and the empty tree as {@code SHA-256("")}. The two prefixes
 * keep leaves and nodes in separate domains, so no leaf can be passed off as a node (second-preimage defence).
 *
 * <p>Stateless and thread-safe: every call uses its own digest.
 */
public final class TreeHasher {
    /** Length in bytes of every hash this class returns. */
    public static final int HASH_LENGTH = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;
    private static final byte[] EMPTY_ROOT = Hasher.sha256().digest();

    private TreeHasher() {
    }

    /** The root hash of the empty tree, {@code SHA-256("")} (a copy). */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** {@code SHA-256(0x00 || data)}. */
    public static byte[] hashLeaf(byte[] data) {
        Objects.requireNonNull(data, "data");
        return Hasher.sha256().update(LEAF_PREFIX).update(data).digest();
    }

    /**
     * {@code SHA-256(0x01 || left || right)}.
     *
     * @throws IllegalArgumentException if either child is not {@value #HASH_LENGTH} bytes
     */
    public static byte[] hashChildren(byte[] left, byte[] right) {
        requireHash(left, "left");
        requireHash(right, "right");
        return Hasher.sha256().update(NODE_PREFIX).update(left).update(right).digest();
    }

    static byte[] requireHash(byte[] hash, String what) {
        Objects.requireNonNull(hash, what);
        if (hash.length != HASH_LENGTH) {
            throw new IllegalArgumentException(what + " must be a " + HASH_LENGTH + "-byte SHA-256 hash, was "
                    + hash.length + " bytes");
        }
        return hash;
    }
}
