package io.multisystem.core.cli;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.grpc.GrpcClientFactory;
import io.multisystem.core.grpc.ServerAddress;
import io.multisystem.platform.v1.GetInfoRequest;
import io.multisystem.platform.v1.PlatformServiceGrpc;
import io.multisystem.platform.v1.SystemInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code <system> health host:port...}: asks each service over {@code grpc.health.v1.Health/Check}, and with
 * {@code --info} also {@code PlatformService/GetInfo}. Exits 0 when every target is SERVING, 3 otherwise. Works against
 * any system, so one launcher can check the whole platform.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Check the gRPC health of running services (exit 0 when all are SERVING, 3 otherwise).")
public final class HealthCommand implements Callable<Integer> {
    @Parameters(paramLabel = "host:port", arity = "0..*",
            description = "Services to check (default: the --server of this command).")
    List<String> targets = new ArrayList<>();

    @Option(names = "--info", description = "Also fetch system name, version and uptime (PlatformService/GetInfo).")
    boolean info;

    @Option(names = "--timeout", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Per-target deadline (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofSeconds(2);

    @Mixin
    CommonOptions common;

    /** One target's answer. Fields absent from the text form when unknown. */
    public record TargetHealth(String target, String status, String system, String version, Long uptimeSeconds,
                               Long pid, String error) {
    }

    @Override
    public Integer call() {
        List<String> all = new ArrayList<>(targets);
        common.server().ifPresent(address -> all.add(address.toString()));
        if (all.isEmpty()) {
            throw new InvalidInputException("cli", "USAGE",
                    "name at least one service as host:port, e.g. health 127.0.0.1:9103");
        }
        GrpcClientFactory clients = common.clientFactory().withDefaultDeadline(timeout);
        List<TargetHealth> results = new ArrayList<>();
        for (String target : all) {
            results.add(check(clients, ServerAddress.parse(target)));
        }
        boolean allServing = results.stream().allMatch(r -> "SERVING".equals(r.status()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("healthy", allServing);
        json.put("targets", results);
        common.console().result(json, () -> render(results));
        return allServing ? ExitCode.SUCCESS.code() : ExitCode.UNAVAILABLE.code();
    }

    private TargetHealth check(GrpcClientFactory clients, ServerAddress address) {
        ManagedChannel channel = clients.open(address.toString());
        try {
            String status = HealthGrpc.newBlockingStub(channel)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus().name();
            if (!info) {
                return new TargetHealth(address.toString(), status, null, null, null, null, null);
            }
            SystemInfo system = PlatformServiceGrpc.newBlockingStub(channel).getInfo(GetInfoRequest.getDefaultInstance());
            return new TargetHealth(address.toString(), status, system.getSystem(), system.getVersion(),
                    system.getUptime().getSeconds(), system.getPid(), null);
        } catch (StatusRuntimeException e) {
            String status = e.getStatus().getCode() == Status.Code.UNAVAILABLE
                    || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED ? "UNREACHABLE" : "ERROR";
            String why = e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
                    : ": " + e.getStatus().getDescription());
            return new TargetHealth(address.toString(), status, null, null, null, null, why);
        } finally {
            channel.shutdownNow();
            try {
                channel.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String render(List<TargetHealth> results) {
        StringBuilder out = new StringBuilder(String.format("%-22s %-12s %-22s %-16s %8s %s%n",
                "TARGET", "STATUS", "SYSTEM", "VERSION", "UPTIME", "DETAIL"));
        for (TargetHealth r : results) {
            out.append(String.format("%-22s %-12s %-22s %-16s %8s %s%n", r.target(), r.status(),
                    r.system() == null ? "-" : r.system(), r.version() == null ? "-" : r.version(),
                    r.uptimeSeconds() == null ? "-" : r.uptimeSeconds() + "s",
                    r.error() == null ? "" : r.error()));
        }
        return out.toString().stripTrailing();
    }
}
