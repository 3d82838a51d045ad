package io.multisystem.chaos.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.multisystem.chaos.experiment.GrpcHealthChecker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code grpc-health} probe: one {@code grpc.health.v1.Health/Check} call over a plaintext channel opened for
 * the check. A call that fails (unreachable, deadline, UNIMPLEMENTED) yields the status code's name instead of a
 * serving status, so tolerances can match it; it never throws for a reachable-or-not target.
 */
public final class GrpcHealthProbe implements GrpcHealthChecker {
    @Override
    public String check(String target, String service, Duration timeout) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus().name();
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode().name();
        } finally {
            channel.shutdownNow();
            channel.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
