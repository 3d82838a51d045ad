package io.multisystem.core.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

import java.util.Objects;
import java.util.Set;

/**
 * Requires {@code authorization: Bearer <token>} on every call, except to always-open services (health and
 * reflection by default) so that probes and tooling keep working.
 *
 * <p>As gRPC defines the codes: no token, a malformed header or an unknown token gives UNAUTHENTICATED; a known token
 * calling a method it is not granted gives PERMISSION_DENIED. The call is closed before any handler runs, so a
 * rejected call changes nothing. Thread-safe.
 */
public final class TokenAuthInterceptor implements ServerInterceptor {
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** Services reachable without a token. */
    public static final Set<String> DEFAULT_OPEN_SERVICES =
            Set.of("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                    "grpc.reflection.v1alpha.ServerReflection");

    private static final String BEARER = "Bearer ";

    private final AccessTokens tokens;
    private final Set<String> openServices;

    public TokenAuthInterceptor(AccessTokens tokens) {
        this(tokens, DEFAULT_OPEN_SERVICES);
    }

    public TokenAuthInterceptor(AccessTokens tokens, Set<String> openServices) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.openServices = Set.copyOf(openServices);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String service = call.getMethodDescriptor().getServiceName();
        if (service != null && openServices.contains(service)) {
            return next.startCall(call, headers);
        }
        String header = headers.get(AUTHORIZATION);
        if (header == null) {
            return reject(call, Status.UNAUTHENTICATED.withDescription(
                    "missing 'authorization: Bearer <token>' metadata; this service requires a token"));
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return reject(call, Status.UNAUTHENTICATED.withDescription(
                    "authorization metadata must be 'Bearer <token>'"));
        }
        String token = header.substring(BEARER.length()).strip();
        return switch (tokens.check(token, call.getMethodDescriptor().getFullMethodName())) {
            case ALLOWED -> next.startCall(call, headers);
            case UNKNOWN_TOKEN -> reject(call, Status.UNAUTHENTICATED.withDescription("token not recognised"));
            case METHOD_NOT_ALLOWED -> reject(call, Status.PERMISSION_DENIED.withDescription(
                    "token may not call " + call.getMethodDescriptor().getFullMethodName()));
        };
    }

    private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
