package io.multisystem.core.error;

import io.multisystem.core.crypto.Hashes;

import java.nio.charset.StandardCharsets;

/**
 * The grouping key of an error in telemetry: lowercase hex of BLAKE3-256 over {@code component:code}.
 * Two errors share a fingerprint exactly when they share component and code, whatever their messages say.
 */
public final class ErrorFingerprint {
    private ErrorFingerprint() {
    }

    /** Fingerprint of an error with this component and code. Both must be non-null. */
    public static String of(String component, String code) {
        byte[] input = (component + ":" + code).getBytes(StandardCharsets.UTF_8);
        return Hashes.toHex(Hashes.blake3(input));
    }
}
