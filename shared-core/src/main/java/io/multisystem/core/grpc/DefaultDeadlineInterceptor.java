package io.multisystem.core.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives every client call without a deadline a default one, so no call can hang forever on a dead peer. Calls that
 * set their own deadline keep it. Thread-safe.
 */
public final class DefaultDeadlineInterceptor implements ClientInterceptor {
    private final long nanos;

    public DefaultDeadlineInterceptor(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("default deadline must be positive, was " + deadline);
        }
        this.nanos = deadline.toNanos();
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        CallOptions effective = options.getDeadline() == null ? options.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS)
                : options;
        return next.newCall(method, effective);
    }
}
