package io.multisystem.core.crypto;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.Blake3Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;

import java.nio.ByteBuffer;

/**
 * A streaming hash: feed bytes with {@link #update}, read the result with {@link #digest()}.
 * Obtain one from {@link #sha256()} or {@link #blake3()}. After {@code digest()} the hasher is reset and can be
 * reused. Not thread-safe: use one per thread.
 */
public final class Hasher {
    private final Digest digest;

    private Hasher(Digest digest) {
        this.digest = digest;
    }

    /** SHA-256 (FIPS 180-4), 32-byte output. */
    public static Hasher sha256() {
        return new Hasher(new SHA256Digest());
    }

    /** BLAKE3 in hash mode, 32-byte default output (extended output through {@link #digest(int)}). */
    public static Hasher blake3() {
        return new Hasher(new Blake3Digest(256));
    }

    public Hasher update(byte[] bytes) {
        digest.update(bytes, 0, bytes.length);
        return this;
    }

    public Hasher update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
        return this;
    }

    public Hasher update(byte b) {
        digest.update(b);
        return this;
    }

    /** Consumes the remaining bytes of {@code buffer}. */
    public Hasher update(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            digest.update(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
        } else {
            byte[] chunk = new byte[Math.min(buffer.remaining(), 8192)];
            while (buffer.hasRemaining()) {
                int n = Math.min(chunk.length, buffer.remaining());
                buffer.get(chunk, 0, n);
                digest.update(chunk, 0, n);
            }
        }
        return this;
    }

    /** Output size in bytes of {@link #digest()}. */
    public int digestLength() {
        return digest.getDigestSize();
    }

    /** Finishes the hash, returns it and resets this hasher. */
    public byte[] digest() {
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /**
     * Finishes an extendable-output hash (BLAKE3) with {@code length} bytes of output and resets this hasher. The
     * first 32 bytes equal {@link #digest()}.
     *
     * @throws IllegalStateException if the algorithm has fixed-length output (SHA-256)
     * @throws IllegalArgumentException if {@code length} is not positive
     */
    public byte[] digest(int length) {
        if (length <= 0) {
            throw new IllegalArgumentException("output length must be positive, was " + length);
        }
        if (!(digest instanceof Blake3Digest xof)) {
            throw new IllegalStateException(digest.getAlgorithmName() + " has a fixed output length");
        }
        byte[] out = new byte[length];
        xof.doFinal(out, 0, length);
        return out;
    }
}
