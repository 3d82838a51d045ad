package io.multisystem.core.crypto;

import javax.security.auth.Destroyable;
import java.util.Arrays;

/**
 * An Ed25519 private key: the 32-byte RFC 8032 seed, with its public key. {@link #close()} (or {@link #destroy()})
 * overwrites the seed with zeros; every use after that throws {@link IllegalStateException}. Thread-safe for concurrent
 * signing; destroying while another thread signs is the caller's race to avoid. {@link #toString()} never shows the
 * seed.
 */
public final class Ed25519PrivateKey implements Destroyable, AutoCloseable {
    public static final int SEED_LENGTH = 32;

    private final byte[] seed;
    private final Ed25519PublicKey publicKey;
    private volatile boolean destroyed;

    private Ed25519PrivateKey(byte[] seed) {
        this.seed = seed;
        byte[] pk = new byte[Ed25519PublicKey.LENGTH];
        org.bouncycastle.math.ec.rfc8032.Ed25519.generatePublicKey(seed, 0, pk, 0);
        this.publicKey = Ed25519PublicKey.fromRaw(pk);
    }

    /**
     * A key from its 32-byte seed. The seed is copied; the caller may zero its own array afterwards.
     *
     * @throws IllegalArgumentException if the seed is not 32 bytes
     */
    public static Ed25519PrivateKey fromSeed(byte[] seed) {
        if (seed == null || seed.length != SEED_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed is " + SEED_LENGTH + " bytes, got "
                    + (seed == null ? "none" : seed.length));
        }
        return new Ed25519PrivateKey(seed.clone());
    }

    public Ed25519PublicKey publicKey() {
        return publicKey;
    }

    /** A copy of the seed; the caller owns it and should zero it when done. */
    public byte[] seed() {
        checkAlive();
        return seed.clone();
    }

    byte[] seedView() {
        checkAlive();
        return seed;
    }

    /** The PKCS#8 PrivateKeyInfo DER encoding (RFC 8410); the caller should zero it when done. */
    public byte[] toPkcs8Der() {
        return KeyEncodings.seedToPkcs8(seedView());
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(seed, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    private void checkAlive() {
        if (destroyed) {
            throw new IllegalStateException("this Ed25519 private key has been destroyed");
        }
    }

    @Override
    public String toString() {
        return "Ed25519PrivateKey[public=" + Hashes.toHex(publicKey.raw()) + (destroyed ? ", destroyed" : "") + "]";
    }
}
