package io.multisystem.core.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Root of every error the platform raises on purpose. Each carries data a caller can act on:
 * <ul>
 *   <li>{@link #code()}: stable UPPER_SNAKE identifier, part of the API contract (e.g. {@code SIGNATURE_INVALID});</li>
 *   <li>{@link #component()}: the system or subsystem that raised it (e.g. {@code attestation-authority});</li>
 *   <li>{@link #kind()}: how transports report it (gRPC status, CLI exit code);</li>
 *   <li>{@link #severity()}: how bad it is for the component;</li>
 *   <li>{@link #getMessage()}: one sentence saying what to fix;</li>
 *   <li>{@link #fingerprint()}: BLAKE3 of {@code component:code} for grouping;</li>
 *   <li>{@link #details()}: extra key/value facts (e.g. the suggested leader, the offending line).</li>
 * </ul>
 * Subclasses fix the kind; instances are immutable.
 */
public class PlatformException extends RuntimeException {
    private static final Pattern CODE_FORMAT = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

    private final ErrorKind kind;
    private final String code;
    private final String component;
    private final Severity severity;
    private final Map<String, String> details;

    public PlatformException(ErrorKind kind, String component, String code, Severity severity, String message,
                             Map<String, String> details, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.component = requireText(component, "component");
        this.code = requireCode(code);
        this.severity = Objects.requireNonNull(severity, "severity");
        this.details = details == null || details.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public PlatformException(ErrorKind kind, String component, String code, Severity severity, String message) {
        this(kind, component, code, severity, message, Map.of(), null);
    }

    public ErrorKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String component() {
        return component;
    }

    public Severity severity() {
        return severity;
    }

    /** Extra facts about the failure; never null, unmodifiable, in insertion order. */
    public Map<String, String> details() {
        return details;
    }

    /** Lowercase hex BLAKE3-256 of {@code component:code}. */
    public String fingerprint() {
        return ErrorFingerprint.of(component, code);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static String requireCode(String code) {
        if (code == null || !CODE_FORMAT.matcher(code).matches()) {
            throw new IllegalArgumentException("error code must be UPPER_SNAKE_CASE, was " + code);
        }
        return code;
    }
}
