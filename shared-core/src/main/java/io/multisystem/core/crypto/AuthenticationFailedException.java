package io.multisystem.core.crypto;

import io.multisystem.core.error.InvalidInputException;

import java.util.List;
import java.util.Map;

/** Ciphertext failed authentication: it was altered, or the key or associated data is wrong. */
public final class AuthenticationFailedException extends InvalidInputException {
    public static final String CODE = "DECRYPTION_FAILED";

    public AuthenticationFailedException(String message) {
        super("shared-core", CODE, message, List.of(), Map.of(), null);
    }
}
