package io.multisystem.core.grpc;

import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.multisystem.core.types.HealthStatus;

/** Maps the platform's {@link HealthStatus} to {@code grpc.health.v1} serving statuses and back. */
public final class HealthStatuses {
    private HealthStatuses() {
    }

    /** DEGRADED is reported as SERVING: the component still takes traffic. */
    public static ServingStatus toServingStatus(HealthStatus status) {
        return switch (status) {
            case SERVING, DEGRADED -> ServingStatus.SERVING;
            case NOT_SERVING -> ServingStatus.NOT_SERVING;
            case UNKNOWN -> ServingStatus.UNKNOWN;
        };
    }

    public static HealthStatus fromServingStatus(ServingStatus status) {
        return switch (status) {
            case SERVING -> HealthStatus.SERVING;
            case NOT_SERVING, SERVICE_UNKNOWN -> HealthStatus.NOT_SERVING;
            default -> HealthStatus.UNKNOWN;
        };
    }
}
