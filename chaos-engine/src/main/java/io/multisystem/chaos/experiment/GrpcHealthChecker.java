package io.multisystem.chaos.experiment;

import java.time.Duration;

/**
 * Calls {@code grpc.health.v1.Health/Check}. The engine is free of gRPC types, so the implementation is plugged in by
 * the service and CLI wiring ({@code chaos.grpc}).
 */
@FunctionalInterface
public interface GrpcHealthChecker {
    /** The serving status name ({@code SERVING}, {@code NOT_SERVING}, ...). Throws if the call fails. */
    String check(String target, String service, Duration timeout) throws Exception;

    /** A checker for wirings without gRPC; every check fails with a message saying so. */
    GrpcHealthChecker UNAVAILABLE = (target, service, timeout) -> {
        throw new IllegalStateException("gRPC health probes are not available in this wiring");
    };
}
