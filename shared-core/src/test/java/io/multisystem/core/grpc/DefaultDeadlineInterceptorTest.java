package io.multisystem.core.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.testing.InProcessGrpc;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DefaultDeadlineInterceptorTest {
    /** Never answers, like a hung peer. */
    static final class SilentService extends HealthGrpc.HealthImplBase {
        @Override
        public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
        }
    }

    @Test
    void callsWithoutADeadlineGetTheDefaultOneInsteadOfHangingForever() {
        try (InProcessGrpc grpc = InProcessGrpc.start(List.of(new SilentService()), List.of(),
                new DefaultDeadlineInterceptor(Duration.ofMillis(200)))) {
            long start = System.nanoTime();
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                    () -> HealthGrpc.newBlockingStub(grpc.channel()).check(HealthCheckRequest.getDefaultInstance()));

            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void callsThatSetTheirOwnDeadlineKeepIt() {
        try (InProcessGrpc grpc = InProcessGrpc.start(List.of(new SilentService()), List.of(),
                new DefaultDeadlineInterceptor(Duration.ofHours(1)))) {
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                    () -> HealthGrpc.newBlockingStub(grpc.channel()).withDeadlineAfter(100, TimeUnit.MILLISECONDS)
                            .check(HealthCheckRequest.getDefaultInstance()));

            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        }
    }

    @Test
    void aNonPositiveDefaultIsRejected() {
        assertThatThrownBy(() -> new DefaultDeadlineInterceptor(Duration.ZERO)).hasMessageContaining("positive");
    }
}
