package io.multisystem.chaos.proxy;

import io.multisystem.core.error.AlreadyExistsException;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;

import java.util.List;
import java.util.Map;

/**
 * The error codes the fault proxy raises (component {@value #COMPONENT}). Codes are part of the API contract: the
 * Toxiproxy HTTP adapter maps each to Toxiproxy's status code and message, the gRPC adapter to a gRPC status.
 */
public final class ProxyErrors {
    /** The component name every proxy error carries. */
    public static final String COMPONENT = "chaos-engine";

    /** No proxy has the given name. */
    public static final String PROXY_NOT_FOUND = "PROXY_NOT_FOUND";
    /** A proxy with the given name exists already. */
    public static final String PROXY_ALREADY_EXISTS = "PROXY_ALREADY_EXISTS";
    /** The proxy has no toxic with the given name. */
    public static final String TOXIC_NOT_FOUND = "TOXIC_NOT_FOUND";
    /** The proxy has a toxic with the given name already. */
    public static final String TOXIC_ALREADY_EXISTS = "TOXIC_ALREADY_EXISTS";
    /** The toxic type is not one of {@link ToxicType}. */
    public static final String INVALID_TOXIC_TYPE = "INVALID_TOXIC_TYPE";
    /** The stream is neither {@code upstream} nor {@code downstream}. */
    public static final String INVALID_STREAM = "INVALID_STREAM";
    /** A required field is missing; {@code details().get("field")} names it. */
    public static final String MISSING_FIELD = "MISSING_FIELD";
    /** A field has a value of the wrong shape or range (attributes, toxicity, addresses, expiry). */
    public static final String INVALID_FIELD = "INVALID_FIELD";
    /** The request body is not the JSON the endpoint expects (raised by transports, listed here for mapping). */
    public static final String BAD_REQUEST_BODY = "BAD_REQUEST_BODY";
    /** The proxy could not listen on its address (port taken, address not local, permission). */
    public static final String LISTEN_FAILED = "LISTEN_FAILED";
    /** The engine has been closed. */
    public static final String ENGINE_CLOSED = "ENGINE_CLOSED";

    private ProxyErrors() {
    }

    static NotFoundException proxyNotFound(String name) {
        return new NotFoundException(COMPONENT, PROXY_NOT_FOUND, "proxy not found: no proxy is named '" + name
                + "'; list the proxies to see their names");
    }

    static AlreadyExistsException proxyAlreadyExists(String name) {
        return new AlreadyExistsException(COMPONENT, PROXY_ALREADY_EXISTS, "proxy already exists: a proxy named '"
                + name + "' exists; pick another name or update that proxy");
    }

    static NotFoundException toxicNotFound(String proxy, String toxic) {
        return new NotFoundException(COMPONENT, TOXIC_NOT_FOUND, "toxic not found: proxy '" + proxy
                + "' has no toxic named '" + toxic + "'; list its toxics to see their names");
    }

    static AlreadyExistsException toxicAlreadyExists(String proxy, String toxic) {
        return new AlreadyExistsException(COMPONENT, TOXIC_ALREADY_EXISTS, "toxic already exists: proxy '" + proxy
                + "' has a toxic named '" + toxic + "'; give the new toxic another name or update that one");
    }

    static InvalidInputException invalidToxicType(String type) {
        return new InvalidInputException(COMPONENT, INVALID_TOXIC_TYPE, "invalid toxic type '" + type
                + "'; use one of " + wireNames());
    }

    static InvalidInputException invalidStream(String stream) {
        return new InvalidInputException(COMPONENT, INVALID_STREAM, "stream '" + stream
                + "' was invalid, can be either upstream or downstream");
    }

    static InvalidInputException missingField(String field) {
        return new InvalidInputException(COMPONENT, MISSING_FIELD, "missing required field: " + field,
                List.of(new FieldViolation(field, "is required")), Map.of("field", field), null);
    }

    static InvalidInputException invalidField(String field, String problem) {
        return InvalidInputException.ofViolations(COMPONENT, INVALID_FIELD, List.of(new FieldViolation(field, problem)));
    }

    static PlatformException listenFailed(String address, String reason, Throwable cause) {
        return new FailedPreconditionException(COMPONENT, LISTEN_FAILED, Severity.OPERATIONAL,
                "listen tcp " + address + ": " + reason + "; choose a free port (or port 0) on a local address",
                Map.of("listen", address, "reason", reason), cause);
    }

    static PlatformException engineClosed() {
        return new FailedPreconditionException(COMPONENT, ENGINE_CLOSED, Severity.OPERATIONAL,
                "the fault proxy engine is closed; start a new one", Map.of(), null);
    }

    private static String wireNames() {
        StringBuilder names = new StringBuilder();
        for (ToxicType type : ToxicType.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(type.wireName());
        }
        return names.toString();
    }
}
