package io.multisystem.core.grpc;

import io.grpc.CallCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import io.multisystem.core.boot.PlatformInfoService;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.testing.FakeClock;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.platform.v1.GetInfoRequest;
import io.multisystem.platform.v1.PlatformServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TokenAuthInterceptorTest {
    private static final String OPERATOR = "operator-token-0123456789";
    private static final String AUDITOR = "auditor-token-0123456789";

    private InProcessGrpc grpc;

    @BeforeEach
    void startServer() {
        AccessTokens tokens = AccessTokens.parse("""
                # full access
                %s
                %s  grpc.health.v1.Health/*  io.multisystem.other.v1.*
                """.formatted(OPERATOR, AUDITOR), "test");
        HealthStatusManager health = new HealthStatusManager();
        grpc = InProcessGrpc.start(
                List.of(health.getHealthService(),
                        new PlatformInfoService("chaos-engine", "i-1", "/tmp/x", FakeClock.atEpochOfTests())),
                List.of(new TokenAuthInterceptor(tokens)));
    }

    @AfterEach
    void stopServer() {
        grpc.close();
    }

    @Test
    void callWithoutTokenIsUnauthenticated() {
        assertThat(codeOf(null)).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void unknownTokenIsUnauthenticated() {
        assertThat(codeOf("wrong-token-0123456789")).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void knownTokenOutsideItsGrantedMethodsIsPermissionDenied() {
        assertThat(codeOf(AUDITOR)).isEqualTo(Status.Code.PERMISSION_DENIED);
    }

    @Test
    void knownTokenWithoutRestrictionsMayCall() {
        var info = PlatformServiceGrpc.newBlockingStub(grpc.channel()).withCallCredentials(bearer(OPERATOR))
                .getInfo(GetInfoRequest.getDefaultInstance());
        assertThat(info.getSystem()).isEqualTo("chaos-engine");
    }

    @Test
    void healthStaysOpenWithoutAToken() {
        var status = HealthGrpc.newBlockingStub(grpc.channel()).check(HealthCheckRequest.getDefaultInstance());
        assertThat(status.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    }

    @Test
    void tokenFilesWithShortTokensOrNoTokensAreRejected(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("tokens");
        Files.writeString(file, "short\n");
        assertThatThrownBy(() -> AccessTokens.readFile(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 16");
        Files.writeString(file, "# only a comment\n");
        assertThatThrownBy(() -> AccessTokens.readFile(file)).hasMessageContaining("no token");
        assertThatThrownBy(() -> AccessTokens.readFile(dir.resolve("missing"))).hasMessageContaining("cannot read");
    }

    private Status.Code codeOf(String token) {
        var stub = PlatformServiceGrpc.newBlockingStub(grpc.channel());
        if (token != null) {
            stub = stub.withCallCredentials(bearer(token));
        }
        var finalStub = stub;
        return catchThrowableOfType(StatusRuntimeException.class,
                () -> finalStub.getInfo(GetInfoRequest.getDefaultInstance())).getStatus().getCode();
    }

    private static CallCredentials bearer(String token) {
        return new BearerTokenCredentials(token);
    }
}
