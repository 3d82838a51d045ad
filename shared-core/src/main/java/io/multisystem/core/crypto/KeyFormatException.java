package io.multisystem.core.crypto;

import io.multisystem.core.error.InvalidInputException;

import java.util.List;
import java.util.Map;

/** Key material could not be read: wrong format, wrong algorithm or wrong length. The message says which. */
public final class KeyFormatException extends InvalidInputException {
    public static final String CODE = "KEY_FORMAT_INVALID";

    public KeyFormatException(String message, Throwable cause) {
        super("shared-core", CODE, message, List.of(), Map.of(), cause);
    }
}
