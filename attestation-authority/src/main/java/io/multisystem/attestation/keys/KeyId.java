package io.multisystem.attestation.keys;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.InvalidInputException;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The identifier of a public key: lowercase hex SHA-256 of its X.509 SubjectPublicKeyInfo DER encoding (RFC 8410
 * for Ed25519), 64 characters. It names the key in DSSE signatures ({@code keyid}), delegations and revocations.
 * Immutable value type.
 *
 * @param value the 64 lowercase hex digits
 */
public record KeyId(String value) {
    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{64}");

    /**
     * @throws InvalidInputException {@code KEY_ID_INVALID} unless {@code value} is 64 lowercase hex digits
     */
    public KeyId {
        Objects.requireNonNull(value, "value");
        if (!FORMAT.matcher(value).matches()) {
            throw new InvalidInputException(AttestationComponent.NAME, "KEY_ID_INVALID",
                    "a key id is the lowercase hex SHA-256 of the key's SubjectPublicKeyInfo, 64 characters [0-9a-f]; got '"
                            + abbreviate(value) + "'");
        }
    }

    /** The key id of {@code key}. */
    public static KeyId of(Ed25519PublicKey key) {
        return new KeyId(Hashes.toHex(Hashes.sha256(key.toSpkiDer())));
    }

    /** Same as the constructor; reads better at call sites that parse input. */
    public static KeyId parse(String value) {
        return new KeyId(value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 77) + "...";
    }
}
