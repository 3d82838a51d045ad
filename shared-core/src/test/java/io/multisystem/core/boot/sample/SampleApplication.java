package io.multisystem.core.boot.sample;

import io.grpc.BindableService;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.error.Validation;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A minimal system for testing the platform wiring: it serves one RPC that always rejects its input. */
@SpringBootApplication
public class SampleApplication {
    public static final String SYSTEM = "sample-system";

    @Bean
    RejectingService rejectingService() {
        return new RejectingService();
    }

    /**
     * {@code sample.v1.Rejecting/Check} (health messages reused as payload). It throws from the handler rather than
     * calling onError, as domain code does, so the platform's exception handler must map it.
     */
    public static final class RejectingService implements BindableService {
        public static MethodDescriptor<HealthCheckRequest, HealthCheckResponse> checkMethod() {
            return HealthGrpc.getCheckMethod().toBuilder().setFullMethodName("sample.v1.Rejecting/Check").build();
        }

        @Override
        public ServerServiceDefinition bindService() {
            return ServerServiceDefinition.builder("sample.v1.Rejecting")
                    .addMethod(checkMethod(), ServerCalls.asyncUnaryCall(this::check))
                    .build();
        }

        private void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
            Validation.of(SYSTEM).reject("service", "is not a known service name").throwIfInvalid();
        }
    }
}
