package io.multisystem.core.error;

import java.util.Map;

/** A limit or quota was hit. Reported as {@link ErrorKind#RESOURCE_EXHAUSTED}. */
public class ResourceExhaustedException extends PlatformException {
    public ResourceExhaustedException(String component, String code, String message) {
        this(component, code, Severity.OPERATIONAL, message, Map.of(), null);
    }

    public ResourceExhaustedException(String component, String code, Severity severity, String message, Map<String, String> details,
            Throwable cause) {
        super(ErrorKind.RESOURCE_EXHAUSTED, component, code, severity, message, details, cause);
    }
}
