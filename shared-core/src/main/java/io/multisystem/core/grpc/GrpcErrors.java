package io.multisystem.core.grpc;

import com.google.protobuf.Any;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.multisystem.core.error.AlreadyExistsException;
import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PermissionDeniedException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.ResourceExhaustedException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnauthenticatedException;
import io.multisystem.core.error.UnavailableException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where platform errors become gRPC statuses and back.
 *
 * <p>A {@link PlatformException} becomes the status code of its {@link ErrorKind}, its message as the description,
 * and a {@code google.rpc.Status} in the trailers carrying {@code google.rpc.ErrorInfo} (reason = code, domain =
 * component, metadata = severity, fingerprint and the exception's details) and, for invalid input, a
 * {@code google.rpc.BadRequest} listing every field at fault. Any other throwable is a bug: it is logged with a
 * reference id and reported as INTERNAL with only that id, so no internals leak.
 *
 * <p>{@link #toPlatformException} rebuilds the platform exception on the client side, so a CLI calling a remote
 * service reports the same code and exit status as when it runs the engine in-process. Thread-safe.
 */
public final class GrpcErrors {
    /** ErrorInfo metadata key of the severity level. */
    public static final String SEVERITY = "severity";
    /** ErrorInfo metadata key of the fingerprint. */
    public static final String FINGERPRINT = "fingerprint";

    private static final Logger LOG = Logger.getLogger(GrpcErrors.class.getName());

    private GrpcErrors() {
    }

    /** The gRPC status code a kind is reported as. */
    public static Status.Code statusCodeOf(ErrorKind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> Status.Code.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.Code.NOT_FOUND;
            case ALREADY_EXISTS -> Status.Code.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> Status.Code.FAILED_PRECONDITION;
            case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
            case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
            case RESOURCE_EXHAUSTED -> Status.Code.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.Code.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> Status.Code.DEADLINE_EXCEEDED;
            case ABORTED -> Status.Code.ABORTED;
            case INTERNAL -> Status.Code.INTERNAL;
        };
    }

    /** Converts any throwable raised while serving a call into the status exception to send. */
    public static StatusException toStatusException(Throwable error) {
        if (error instanceof StatusException se) {
            return se;
        }
        if (error instanceof StatusRuntimeException sre) {
            return new StatusException(sre.getStatus(), sre.getTrailers());
        }
        if (error instanceof PlatformException pe) {
            return StatusProto.toStatusException(toRpcStatus(pe));
        }
        String reference = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "internal error, reference " + reference, error);
        PlatformException internal = new PlatformException(ErrorKind.INTERNAL, "platform", "INTERNAL_ERROR",
                Severity.FATAL, "internal error; report reference " + reference, Map.of("reference", reference), null);
        return StatusProto.toStatusException(toRpcStatus(internal));
    }

    /** The {@code google.rpc.Status} for a platform exception. */
    public static com.google.rpc.Status toRpcStatus(PlatformException error) {
        Map<String, String> metadata = new LinkedHashMap<>(error.details());
        metadata.put(SEVERITY, error.severity().name());
        metadata.put(FINGERPRINT, error.fingerprint());
        ErrorInfo info = ErrorInfo.newBuilder()
                .setReason(error.code())
                .setDomain(error.component())
                .putAllMetadata(metadata)
                .build();
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(statusCodeOf(error.kind()).value())
                .setMessage(error.getMessage())
                .addDetails(Any.pack(info));
        if (error instanceof InvalidInputException invalid && !invalid.violations().isEmpty()) {
            BadRequest.Builder badRequest = BadRequest.newBuilder();
            for (FieldViolation v : invalid.violations()) {
                badRequest.addFieldViolations(BadRequest.FieldViolation.newBuilder()
                        .setField(v.field()).setDescription(v.problem()));
            }
            status.addDetails(Any.pack(badRequest.build()));
        }
        return status.build();
    }

    /**
     * Rebuilds the platform exception a remote service sent. A status without ErrorInfo (e.g. from a proxy, or a
     * deadline hit on the client) becomes a platform exception with code {@code GRPC_<STATUS>} and component
     * {@code remote}.
     */
    public static PlatformException toPlatformException(Throwable error) {
        Status status = Status.fromThrowable(error);
        com.google.rpc.Status rpc = StatusProto.fromThrowable(error);
        ErrorInfo info = null;
        List<FieldViolation> violations = new ArrayList<>();
        if (rpc != null) {
            for (Any detail : rpc.getDetailsList()) {
                try {
                    if (detail.is(ErrorInfo.class)) {
                        info = detail.unpack(ErrorInfo.class);
                    } else if (detail.is(BadRequest.class)) {
                        for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
                            violations.add(new FieldViolation(v.getField(), v.getDescription()));
                        }
                    }
                } catch (com.google.protobuf.InvalidProtocolBufferException ignored) {
                    // a detail we cannot read adds nothing; the status code and message still stand
                }
            }
        }
        String message = status.getDescription() != null ? status.getDescription()
                : status.getCode() + (status.getCause() != null ? ": " + status.getCause().getMessage() : "");
        String component = info != null && !info.getDomain().isBlank() ? info.getDomain() : "remote";
        String code = info != null && !info.getReason().isBlank() ? info.getReason() : "GRPC_" + status.getCode().name();
        Map<String, String> details = new LinkedHashMap<>(info != null ? info.getMetadataMap() : Map.of());
        Severity severity = parseSeverity(details.remove(SEVERITY));
        details.remove(FINGERPRINT);
        ErrorKind kind = kindOf(status.getCode());
        return switch (kind) {
            case INVALID_ARGUMENT -> new InvalidInputException(component, code, message, violations, details, error);
            case NOT_FOUND -> new NotFoundException(component, code, severity, message, details, error);
            case ALREADY_EXISTS -> new AlreadyExistsException(component, code, severity, message, details, error);
            case FAILED_PRECONDITION ->
                    new FailedPreconditionException(component, code, severity, message, details, error);
            case PERMISSION_DENIED -> new PermissionDeniedException(component, code, severity, message, details, error);
            case UNAUTHENTICATED -> new UnauthenticatedException(component, code, severity, message, details, error);
            case RESOURCE_EXHAUSTED ->
                    new ResourceExhaustedException(component, code, severity, message, details, error);
            case UNAVAILABLE -> new UnavailableException(component, code, severity, message, details, error);
            default -> new PlatformException(kind, component, code, severity, message, details, error);
        };
    }

    /** The platform kind a gRPC status code stands for. */
    public static ErrorKind kindOf(Status.Code code) {
        return switch (code) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorKind.INVALID_ARGUMENT;
            case NOT_FOUND -> ErrorKind.NOT_FOUND;
            case ALREADY_EXISTS -> ErrorKind.ALREADY_EXISTS;
            case FAILED_PRECONDITION -> ErrorKind.FAILED_PRECONDITION;
            case PERMISSION_DENIED -> ErrorKind.PERMISSION_DENIED;
            case UNAUTHENTICATED -> ErrorKind.UNAUTHENTICATED;
            case RESOURCE_EXHAUSTED -> ErrorKind.RESOURCE_EXHAUSTED;
            case UNAVAILABLE, CANCELLED -> ErrorKind.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> ErrorKind.DEADLINE_EXCEEDED;
            case ABORTED -> ErrorKind.ABORTED;
            default -> ErrorKind.INTERNAL;
        };
    }

    private static Severity parseSeverity(String name) {
        if (name == null) {
            return Severity.OPERATIONAL;
        }
        try {
            return Severity.valueOf(name);
        } catch (IllegalArgumentException e) {
            return Severity.OPERATIONAL;
        }
    }

}
