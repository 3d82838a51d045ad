package io.multisystem.core.crypto;

import java.util.HexFormat;

/** One-shot hashing and hex encoding. For large or streamed input use {@link Hasher}. Thread-safe. */
public final class Hashes {
    private static final HexFormat HEX = HexFormat.of();

    private Hashes() {
    }

    /** SHA-256 of {@code data}: 32 bytes. */
    public static byte[] sha256(byte[] data) {
        return Hasher.sha256().update(data).digest();
    }

    /** BLAKE3-256 of {@code data}: 32 bytes. */
    public static byte[] blake3(byte[] data) {
        return Hasher.blake3().update(data).digest();
    }

    /** Lowercase hex of {@code bytes}. */
    public static String toHex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    /**
     * Bytes of a hex string (either case).
     *
     * @throws IllegalArgumentException if the string has odd length or a non-hex character
     */
    public static byte[] fromHex(String hex) {
        return HEX.parseHex(hex);
    }
}
