package io.multisystem.core.grpc;

import io.grpc.CallCredentials;
import io.grpc.Metadata;
import io.grpc.Status;

import java.util.Objects;
import java.util.concurrent.Executor;

/** Sends {@code authorization: Bearer <token>} with every call. Thread-safe. */
public final class BearerTokenCredentials extends CallCredentials {
    private final String token;

    public BearerTokenCredentials(String token) {
        this.token = Objects.requireNonNull(token, "token");
    }

    @Override
    public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
        try {
            Metadata headers = new Metadata();
            headers.put(TokenAuthInterceptor.AUTHORIZATION, "Bearer " + token);
            applier.apply(headers);
        } catch (RuntimeException e) {
            applier.fail(Status.UNAUTHENTICATED.withDescription("cannot attach token").withCause(e));
        }
    }
}
