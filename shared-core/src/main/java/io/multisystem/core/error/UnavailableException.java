package io.multisystem.core.error;

import java.util.Map;

/** A dependency is missing or cannot be reached; retrying later may succeed. Reported as {@link ErrorKind#UNAVAILABLE}. */
public class UnavailableException extends PlatformException {
    public UnavailableException(String component, String code, String message) {
        this(component, code, Severity.DEGRADED, message, Map.of(), null);
    }

    public UnavailableException(String component, String code, Severity severity, String message, Map<String, String> details,
            Throwable cause) {
        super(ErrorKind.UNAVAILABLE, component, code, severity, message, details, cause);
    }
}
