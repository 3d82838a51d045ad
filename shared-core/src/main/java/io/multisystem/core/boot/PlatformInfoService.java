package io.multisystem.core.boot;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.cli.PlatformVersion;
import io.multisystem.platform.v1.GetInfoRequest;
import io.multisystem.platform.v1.PlatformServiceGrpc;
import io.multisystem.platform.v1.SystemInfo;

import java.time.Clock;
import java.time.Instant;

/** {@code io.multisystem.platform.v1.PlatformService}: what this process is, served by every system. */
public final class PlatformInfoService extends PlatformServiceGrpc.PlatformServiceImplBase {
    private final String system;
    private final String instance;
    private final String dataDirectory;
    private final Clock clock;
    private final Instant startedAt;

    public PlatformInfoService(String system, String instance, String dataDirectory, Clock clock) {
        this.system = system;
        this.instance = instance;
        this.dataDirectory = dataDirectory;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    @Override
    public void getInfo(GetInfoRequest request, StreamObserver<SystemInfo> responses) {
        java.time.Duration uptime = java.time.Duration.between(startedAt, clock.instant());
        responses.onNext(SystemInfo.newBuilder()
                .setSystem(system)
                .setVersion(PlatformVersion.current())
                .setInstance(instance)
                .setStartedAt(Timestamp.newBuilder().setSeconds(startedAt.getEpochSecond()).setNanos(startedAt.getNano()))
                .setUptime(Duration.newBuilder().setSeconds(uptime.getSeconds()).setNanos(uptime.getNano()))
                .setDataDirectory(dataDirectory)
                .setJavaVersion(System.getProperty("java.version"))
                .setPid(ProcessHandle.current().pid())
                .build());
        responses.onCompleted();
    }
}
