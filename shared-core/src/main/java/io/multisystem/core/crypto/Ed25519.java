package io.multisystem.core.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Ed25519 signatures (RFC 8032, pure variant, no context) with one strict acceptance policy for every system.
 *
 * <h2>Acceptance policy of {@link #verify}</h2>
 * A signature is accepted only when all of these hold; otherwise {@code verify} returns {@code false} (it never
 * throws for hostile input):
 * <ol>
 *   <li>the signature is exactly 64 bytes and the public key exactly 32 bytes;</li>
 *   <li>S (the second half) is canonical: {@code S < L}, the group order (rejects the classic malleability);</li>
 *   <li>R and A are canonical point encodings: their y coordinate is below p = 2^255 - 19, and a point with x = 0 is
 *       not encoded with the sign bit set;</li>
 *   <li>the public key A is not of small order (order 1, 2, 4 or 8: the identity, (0, -1), the two points with y = 0
 *       and the four of order 8). Such keys verify signatures on every message, so they are rejected outright;</li>
 *   <li>R is not of small order either (as libsodium does), so a signature cannot be forged for a small-order key
 *       component;</li>
 *   <li>the cofactorless equation {@code [S]B = R + [k]A} holds, with {@code k = SHA-512(R || A || M) mod L}.</li>
 * </ol>
 * Keys of mixed order (a torsion component added to a valid key) are accepted, as RFC 8032 allows; they cannot be
 * produced by {@link #generateKeyPair()}. The policy matches BouncyCastle's verifier plus checks 1 and 5; it passes
 * every case of the Wycheproof Ed25519 suite and the RFC 8032 section 7.1 vectors.
 *
 * <p>Signing is deterministic: the same key and message give the same signature. All methods are thread-safe.
 */
public final class Ed25519 {
    public static final int SIGNATURE_LENGTH = 64;

    /** Encodings of the small-order points' y coordinate (sign bit cleared), little-endian as in RFC 8032. */
    private static final byte[][] SMALL_ORDER_Y = {
            Hashes.fromHex("0100000000000000000000000000000000000000000000000000000000000000"),
            Hashes.fromHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            Hashes.fromHex("0000000000000000000000000000000000000000000000000000000000000000"),
            Hashes.fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
            Hashes.fromHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    };

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ed25519() {
    }

    /** A new key pair from the platform's {@link SecureRandom}. */
    public static Ed25519PrivateKey generateKeyPair() {
        byte[] seed = new byte[Ed25519PrivateKey.SEED_LENGTH];
        RANDOM.nextBytes(seed);
        try {
            return Ed25519PrivateKey.fromSeed(seed);
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }

    /** The 64-byte signature of {@code message}. */
    public static byte[] sign(Ed25519PrivateKey key, byte[] message) {
        byte[] signature = new byte[SIGNATURE_LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.sign(key.seedView(), 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /**
     * Whether {@code signature} is a valid signature of {@code message} by {@code key} under the strict policy in the
     * class comment. Never throws for malformed signatures or keys; a {@code null} argument is a programming error.
     */
    public static boolean verify(Ed25519PublicKey key, byte[] message, byte[] signature) {
        return verify(key.raw(), message, signature);
    }

    /** {@link #verify(Ed25519PublicKey, byte[], byte[])} on a raw key of any length (wrong lengths fail). */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || message == null || signature == null) {
            throw new NullPointerException("publicKey, message and signature are required");
        }
        if (signature.length != SIGNATURE_LENGTH || publicKey.length != Ed25519PublicKey.LENGTH) {
            return false;
        }
        if (!isAcceptedPublicKey(publicKey) || isSmallOrderEncoding(signature, 0)) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    /**
     * Whether {@code publicKey} passes the key checks of the policy: 32 bytes, a canonical encoding of a point on the
     * curve, not of small order.
     */
    public static boolean isAcceptedPublicKey(byte[] publicKey) {
        if (publicKey == null || publicKey.length != Ed25519PublicKey.LENGTH || isSmallOrderEncoding(publicKey, 0)) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartial(publicKey, 0);
    }

    private static boolean isSmallOrderEncoding(byte[] bytes, int offset) {
        for (byte[] candidate : SMALL_ORDER_Y) {
            int diff = 0;
            for (int i = 0; i < 31; i++) {
                diff |= candidate[i] ^ bytes[offset + i];
            }
            diff |= candidate[31] ^ (bytes[offset + 31] & 0x7f);
            if (diff == 0) {
                return true;
            }
        }
        return false;
    }
}
