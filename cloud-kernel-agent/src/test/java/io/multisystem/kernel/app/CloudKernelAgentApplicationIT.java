package io.multisystem.kernel.app;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.multisystem.core.grpc.GrpcClientFactory;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.kernel.v1.CreateCgroupRequest;
import io.multisystem.kernel.v1.DeleteCgroupRequest;
import io.multisystem.kernel.v1.GetStatsRequest;
import io.multisystem.kernel.v1.GetStatsResponse;
import io.multisystem.kernel.v1.GetTopologyRequest;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.Limits;
import io.multisystem.kernel.v1.ListCgroupsRequest;
import io.multisystem.kernel.v1.ListCgroupsResponse;
import io.multisystem.kernel.v1.SetLimitsRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it",
                "multisystem.kernel.managed-roots=" + CloudKernelAgentApplicationIT.ROOT,
                "multisystem.kernel.scrape-interval=200ms"})
class CloudKernelAgentApplicationIT {
    static final String ROOT = "ms-kernel-it-root";

    @Autowired
    WebServerApplicationContext context;

    @AfterAll
    static void noGroupIsLeftBehind() throws Exception {
        // the agent removes what it created on shutdown; the test itself deletes its group explicitly as well
        for (String h : new String[] {"cpu", "memory", "pids", "unified"}) {
            Path dir = Path.of("/sys/fs/cgroup", h, ROOT, "it-job");
            if (Files.isDirectory(dir)) {
                Files.delete(dir);
            }
        }
    }

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health", "io.multisystem.kernel.v1.KernelAgentService");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"cloud-kernel-agent\"");
    }

    @Test
    void managesARealCgroupOverTheNetworkAndExportsItWithCadvisorNames() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = GrpcClientFactory.plaintext().open("127.0.0.1:" + probe.grpcPort());
        try {
            KernelAgentServiceGrpc.KernelAgentServiceBlockingStub stub = KernelAgentServiceGrpc.newBlockingStub(channel);
            ListCgroupsResponse layout = stub.listCgroups(ListCgroupsRequest.getDefaultInstance());
            assertThat(layout.getMode()).isIn("V1", "V2", "HYBRID");
            assertThat(layout.getManagedRootsList()).containsExactly(ROOT);
            assertThat(stub.getTopology(GetTopologyRequest.getDefaultInstance()).getNodesCount()).isPositive();
            assertThatThrownBy(() -> stub.createCgroup(CreateCgroupRequest.newBuilder().setPath("system.slice/x").build()))
                    .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("PERMISSION_DENIED");

            String group = ROOT + "/it-job";
            try {
                stub.createCgroup(CreateCgroupRequest.newBuilder().setPath(group).build());
            } catch (StatusRuntimeException e) {
                assumeTrue(!e.getStatus().getCode().name().equals("PERMISSION_DENIED"), () -> "cannot create cgroups: " + e.getMessage());
                throw e;
            }
            try {
                Limits applied = stub.setLimits(SetLimitsRequest.newBuilder().setPath(group)
                        .setLimits(Limits.newBuilder().setCpuQuotaMicros(50_000).setCpuPeriodMicros(100_000).setMemoryMaxBytes(64L << 20)).build());
                assertThat(applied.getCpuQuotaMicros()).isEqualTo(50_000);
                assertThat(applied.getMemoryMaxBytes()).isEqualTo(64L << 20);
                assertThatThrownBy(() -> stub.setLimits(SetLimitsRequest.newBuilder().setPath(group)
                        .setLimits(Limits.newBuilder().setCpuWeight(0)).build()))
                        .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("INVALID_ARGUMENT");

                GetStatsResponse stats = stub.getStats(GetStatsRequest.newBuilder().setPath(group).build());
                assertThat(stats.getCgroupsList()).singleElement().satisfies(s -> {
                    assertThat(s.getPath()).isEqualTo(group);
                    assertThat(s.getMemoryLimitBytes()).isEqualTo(64L << 20);
                });
                assertThat(stats.getSystemPressureCount()).isEqualTo(Files.exists(Path.of("/proc/pressure/cpu")) ? 3 : 0);

                String metrics = awaitMetric(probe, "container_memory_working_set_bytes{cgroup=\"" + group + "\"");
                assertThat(metrics).contains("container_cpu_usage_seconds_total{cgroup=\"" + group + "\"")
                        .containsPattern("kernel_agent_operations_total\\{[^}]*operation=\"set_limits\",outcome=\"ok\"")
                        .containsPattern("kernel_agent_operations_total\\{[^}]*operation=\"set_limits\",outcome=\"error\"")
                        .contains("kernel_agent_scrape_seconds_count");
                if (Files.exists(Path.of("/proc/pressure/cpu"))) {
                    assertThat(metrics).contains("node_pressure_cpu_waiting_seconds_total");
                }
            } finally {
                stub.deleteCgroup(DeleteCgroupRequest.newBuilder().setPath(ROOT).setRecursive(true).build());
            }
            assertThat(stub.listCgroups(ListCgroupsRequest.getDefaultInstance()).getCgroupsList()).isEmpty();
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static String awaitMetric(ServiceProbe probe, String needle) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String text = probe.httpGet("/actuator/prometheus");
        while (!text.contains(needle) && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(100);
            text = probe.httpGet("/actuator/prometheus");
        }
        assertThat(text).contains(needle);
        return text;
    }
}
