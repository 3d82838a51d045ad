package io.multisystem.core.boot;

import com.google.rpc.ErrorInfo;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCalls;
import io.multisystem.core.boot.sample.SampleApplication;
import io.multisystem.core.grpc.GrpcClientFactory;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.platform.v1.GetInfoRequest;
import io.multisystem.platform.v1.PlatformServiceGrpc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Boots a sample system with tokens on random ports and calls it over the loopback network. */
class PlatformApplicationIT {
    private static final String TOKEN = "it-token-0123456789abcdef";

    @TempDir
    static Path home;
    private static ConfigurableApplicationContext context;
    private static ServiceProbe probe;

    @BeforeAll
    static void boot() throws Exception {
        Path tokens = Files.writeString(home.resolve("tokens"), TOKEN + "\n");
        context = PlatformApplication.start(SampleApplication.class, SampleApplication.SYSTEM, List.of(
                "--spring.grpc.server.port=0", "--server.port=0", "--multisystem.home=" + home,
                "--multisystem.security.tokens-file=" + tokens, "--multisystem.instance=it-1"));
        probe = ServiceProbe.of((WebServerApplicationContext) context);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @Test
    void healthAndReflectionStayOpenWhileTokensAreRequired() throws Exception {
        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health", "io.multisystem.platform.v1.PlatformService");
    }

    @Test
    void platformServiceNeedsTheTokenAndThenDescribesTheProcess() {
        ManagedChannel anonymous = GrpcClientFactory.plaintext().open("127.0.0.1:" + probe.grpcPort());
        ManagedChannel authorised = GrpcClientFactory.plaintext().withToken(TOKEN).open("127.0.0.1:" + probe.grpcPort());
        try {
            StatusRuntimeException refused = catchThrowableOfType(StatusRuntimeException.class,
                    () -> PlatformServiceGrpc.newBlockingStub(anonymous).getInfo(GetInfoRequest.getDefaultInstance()));
            assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);

            var info = PlatformServiceGrpc.newBlockingStub(authorised).getInfo(GetInfoRequest.getDefaultInstance());
            assertThat(info.getSystem()).isEqualTo(SampleApplication.SYSTEM);
            assertThat(info.getInstance()).isEqualTo("it-1");
            assertThat(info.getDataDirectory()).isEqualTo(home.resolve(SampleApplication.SYSTEM).toString());
            assertThat(info.getVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        } finally {
            anonymous.shutdownNow();
            authorised.shutdownNow();
        }
    }

    @Test
    void exceptionsThrownByHandlersReachTheClientAsInvalidArgumentWithErrorInfo() throws Exception {
        ManagedChannel channel = GrpcClientFactory.plaintext().withToken(TOKEN).open("127.0.0.1:" + probe.grpcPort());
        try {
            StatusRuntimeException error = catchThrowableOfType(StatusRuntimeException.class,
                    () -> ClientCalls.blockingUnaryCall(channel, SampleApplication.RejectingService.checkMethod(),
                            io.grpc.CallOptions.DEFAULT, HealthCheckRequest.getDefaultInstance()));

            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            ErrorInfo info = StatusProto.fromThrowable(error).getDetails(0).unpack(ErrorInfo.class);
            assertThat(info.getReason()).isEqualTo("VALIDATION_FAILED");
            assertThat(info.getDomain()).isEqualTo(SampleApplication.SYSTEM);
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void prometheusMetricsCarryTheSystemAndInstanceTags() throws Exception {
        String metrics = probe.httpGet("/actuator/prometheus");
        assertThat(metrics).contains("system=\"" + SampleApplication.SYSTEM + "\"").contains("instance=\"it-1\"");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
    }
}
