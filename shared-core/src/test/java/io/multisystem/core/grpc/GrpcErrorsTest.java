package io.multisystem.core.grpc;

import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Validation;
import io.multisystem.core.testing.InProcessGrpc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GrpcErrorsTest {

    /** A service whose only method fails with whatever the test sets. */
    static final class FailingService extends HealthGrpc.HealthImplBase {
        private final RuntimeException failure;

        FailingService(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> responses) {
            responses.onError(GrpcErrors.toStatusException(failure));
        }
    }

    @Test
    void invalidInputTravelsAsInvalidArgumentWithErrorInfoAndEveryFieldViolation() throws Exception {
        RuntimeException failure = catchThrowableOfType(InvalidInputException.class, () -> Validation.of("lattice-engine")
                .reject("objects", "must not be empty").reject("attributes[3]", "duplicate name 'x'").throwIfInvalid());
        StatusRuntimeException received = call(failure);

        assertThat(received.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        com.google.rpc.Status rpc = StatusProto.fromThrowable(received);
        ErrorInfo info = rpc.getDetails(0).unpack(ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("VALIDATION_FAILED");
        assertThat(info.getDomain()).isEqualTo("lattice-engine");
        assertThat(info.getMetadataMap()).containsKeys("severity", "fingerprint");
        BadRequest badRequest = rpc.getDetails(1).unpack(BadRequest.class);
        assertThat(badRequest.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
                .containsExactly("objects", "attributes[3]");
    }

    @Test
    void clientRebuildsTheSamePlatformExceptionTheServerRaised() {
        NotFoundException original = new NotFoundException("lattice-engine", "CONTEXT_NOT_FOUND", "no context 'zoo'");
        PlatformException rebuilt = GrpcErrors.toPlatformException(call(original));

        assertThat(rebuilt).isInstanceOf(NotFoundException.class);
        assertThat(rebuilt.code()).isEqualTo("CONTEXT_NOT_FOUND");
        assertThat(rebuilt.component()).isEqualTo("lattice-engine");
        assertThat(rebuilt.getMessage()).isEqualTo("no context 'zoo'");
        assertThat(rebuilt.fingerprint()).isEqualTo(original.fingerprint());
    }

    @Test
    void unexpectedExceptionsBecomeInternalWithAReferenceAndNoInternals() {
        StatusRuntimeException received = call(new IllegalStateException("secret table name t_users"));

        assertThat(received.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
        assertThat(received.getStatus().getDescription()).startsWith("internal error; report reference ")
                .doesNotContain("t_users");
    }

    @Test
    void statusWithoutDetailsStillMapsToAPlatformKind() {
        PlatformException rebuilt = GrpcErrors.toPlatformException(Status.UNAVAILABLE.withDescription("down")
                .asRuntimeException());

        assertThat(rebuilt.kind()).isEqualTo(ErrorKind.UNAVAILABLE);
        assertThat(rebuilt.code()).isEqualTo("GRPC_UNAVAILABLE");
    }

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void everyKindRoundTripsThroughItsStatusCode(ErrorKind kind) {
        assertThat(GrpcErrors.kindOf(GrpcErrors.statusCodeOf(kind))).isEqualTo(kind);
    }

    @Test
    void existingStatusExceptionsPassThroughUnchanged() {
        StatusException given = Status.ABORTED.withDescription("retry").asException();
        assertThat(GrpcErrors.toStatusException(given)).isSameAs(given);
    }

    private static StatusRuntimeException call(RuntimeException failure) {
        try (InProcessGrpc grpc = InProcessGrpc.start(new FailingService(failure))) {
            return catchThrowableOfType(StatusRuntimeException.class,
                    () -> HealthGrpc.newBlockingStub(grpc.channel()).check(HealthCheckRequest.getDefaultInstance()));
        }
    }
}
