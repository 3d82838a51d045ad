package io.multisystem.attestation.keys;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.crypto.Hashes;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * shared-core's strict Ed25519 acceptance policy ({@link Ed25519#verify}) with the public key decoded once per key.
 *
 * <h2>Design note</h2>
 * {@link Ed25519#verify} decompresses the public key twice per call (once to validate it, once inside BouncyCastle's
 * verifier); decompression is a field exponentiation, a noticeable part of a verification. Issuer keys are few and
 * long-lived, so this class runs the key checks of the policy once per key ({@link Ed25519#isAcceptedPublicKey}:
 * 32 bytes, canonical point on the curve, not of small order) and keeps BouncyCastle's decoded
 * {@code PublicPoint}. Each call still applies every per-signature rule of the policy: 64 bytes, R canonical and
 * not of small order, S canonical ({@code S < L}), and the cofactorless equation, via BouncyCastle's
 * {@code verify(sig, PublicPoint, message)}, which performs the same signature checks as the byte-array variant.
 * A test runs the Wycheproof suite through both and requires identical answers. The cache holds at most
 * {@value #MAX_KEYS} keys (cleared when full). Thread-safe.
 */
public final class PreparedEd25519 {
    private static final int MAX_KEYS = 50_000;
    private static final byte[][] SMALL_ORDER_Y = {
            Hashes.fromHex("0100000000000000000000000000000000000000000000000000000000000000"),
            Hashes.fromHex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"),
            Hashes.fromHex("0000000000000000000000000000000000000000000000000000000000000000"),
            Hashes.fromHex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),
            Hashes.fromHex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"),
    };
    private static final Map<RawKey, Optional<org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint>> POINTS =
            new ConcurrentHashMap<>();

    private PreparedEd25519() {
    }

    private record RawKey(byte[] raw) {
        @Override
        public boolean equals(Object other) {
            return other instanceof RawKey that && Arrays.equals(raw, that.raw);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(raw);
        }
    }

    /** Same answer as {@link Ed25519#verify(Ed25519PublicKey, byte[], byte[])}. */
    public static boolean verify(Ed25519PublicKey key, byte[] message, byte[] signature) {
        return verify(key.raw(), message, signature);
    }

    /** Same answer as {@link Ed25519#verify(byte[], byte[], byte[])}. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey == null || message == null || signature == null) {
            throw new NullPointerException("publicKey, message and signature are required");
        }
        if (signature.length != Ed25519.SIGNATURE_LENGTH || publicKey.length != Ed25519PublicKey.LENGTH) {
            return false;
        }
        Optional<org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> point = point(publicKey);
        if (point.isEmpty() || isSmallOrderEncoding(signature)) {
            return false;
        }
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(signature, 0, point.get(), message, 0,
                message.length);
    }

    private static Optional<org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> point(byte[] publicKey) {
        RawKey key = new RawKey(publicKey);
        Optional<org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> cached = POINTS.get(key);
        if (cached != null) {
            return cached;
        }
        byte[] copy = publicKey.clone();
        Optional<org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint> decoded = Ed25519.isAcceptedPublicKey(copy)
                ? Optional.ofNullable(org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(copy, 0))
                : Optional.empty();
        if (POINTS.size() >= MAX_KEYS) {
            POINTS.clear();
        }
        POINTS.put(new RawKey(copy), decoded);
        return decoded;
    }

    /** Whether R (the first 32 bytes of the signature) encodes a point of small order. */
    private static boolean isSmallOrderEncoding(byte[] bytes) {
        for (byte[] candidate : SMALL_ORDER_Y) {
            int diff = 0;
            for (int i = 0; i < 31; i++) {
                diff |= candidate[i] ^ bytes[i];
            }
            diff |= candidate[31] ^ (bytes[31] & 0x7f);
            if (diff == 0) {
                return true;
            }
        }
        return false;
    }
}
