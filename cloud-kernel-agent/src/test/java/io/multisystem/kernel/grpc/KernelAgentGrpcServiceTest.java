package io.multisystem.kernel.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.agent.KernelAgentOptions;
import io.multisystem.kernel.testing.FixtureTree;
import io.multisystem.kernel.v1.AttachBlocklistRequest;
import io.multisystem.kernel.v1.GetStatsRequest;
import io.multisystem.kernel.v1.GetStatsResponse;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.Limits;
import io.multisystem.kernel.v1.ListCgroupsRequest;
import io.multisystem.kernel.v1.ListCgroupsResponse;
import io.multisystem.kernel.v1.SetLimitsRequest;
import io.multisystem.kernel.v1.UpdateBlocklistRequest;
import io.multisystem.kernel.v1.WatchPressureRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gRPC adapter in-process over a fixture cgroup v2 tree: mapping, status codes and ErrorInfo reasons. */
class KernelAgentGrpcServiceTest {
    @TempDir
    Path dir;
    private FixtureTree tree;
    private KernelAgent agent;
    private InProcessGrpc grpc;
    private SimpleMeterRegistry meters;
    private KernelAgentServiceGrpc.KernelAgentServiceBlockingStub stub;

    @BeforeEach
    void start() {
        tree = FixtureTree.v2(dir.resolve("cg"));
        new FixtureTree(dir.resolve("proc")).file("pressure/cpu", "some avg10=1.00 avg60=0.50 avg300=0.10 total=42\n");
        agent = new KernelAgent(KernelAgentOptions.live().withCgroupRoot(tree.root()).withProcRoot(dir.resolve("proc"))
                .withSysRoot(dir.resolve("sys")).withManagedRoots(List.of("multisystem.slice")), Clock.systemUTC());
        meters = new SimpleMeterRegistry();
        grpc = InProcessGrpc.start(new KernelAgentGrpcService(agent, meters));
        stub = KernelAgentServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() {
        grpc.close();
        agent.close();
    }

    @Test
    void listsTheLayoutAndGroups() {
        ListCgroupsResponse r = stub.listCgroups(ListCgroupsRequest.getDefaultInstance());

        assertThat(r.getMode()).isEqualTo("V2");
        assertThat(r.getControllersMap()).containsEntry("memory", "v2");
        assertThat(r.getCgroupsList()).extracting(c -> c.getPath() + ":" + c.getProcesses())
                .containsExactly("multisystem.slice:0", "multisystem.slice/tenant-a:2");
    }

    @Test
    void setLimitsMapsOptionalFieldsAndReportsValidationAsInvalidArgumentWithReason() {
        Limits applied = stub.setLimits(SetLimitsRequest.newBuilder().setPath("multisystem.slice/tenant-a")
                .setLimits(Limits.newBuilder().setCpuWeight(300).setMemoryMaxBytes(-1)).build());

        assertThat(applied.getCpuWeight()).isEqualTo(300);
        assertThat(applied.getMemoryMaxBytes()).isEqualTo(-1);
        assertThat(tree.read("multisystem.slice/tenant-a/cpu.weight")).isEqualTo("300");
        assertThatThrownBy(() -> stub.setLimits(SetLimitsRequest.newBuilder().setPath("multisystem.slice/tenant-a")
                .setLimits(Limits.newBuilder().setPidsMax(0)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(GrpcErrors.toPlatformException(e).code()).isEqualTo("VALIDATION_FAILED");
                });
        assertThatThrownBy(() -> stub.setLimits(SetLimitsRequest.newBuilder().setPath("other.slice/x")
                .setLimits(Limits.newBuilder().setPidsMax(5)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED));
        assertThat(meters.get("kernel.agent.operations").tag("operation", "set_limits").tag("outcome", "error").counter().count())
                .isEqualTo(2);
    }

    @Test
    void getStatsCarriesGroupAndSystemPressure() {
        GetStatsResponse r = stub.getStats(GetStatsRequest.newBuilder().setPath("multisystem.slice/tenant-a").build());

        assertThat(r.getCgroups(0).getMemoryWorkingSetBytes()).isEqualTo(73_400_320L);
        assertThat(r.getCgroups(0).getPressureList()).extracting(p -> p.getResource()).containsExactly("cpu", "memory", "io");
        assertThat(r.getSystemPressureList()).singleElement().satisfies(p -> assertThat(p.getSome().getTotalMicros()).isEqualTo(42));
    }

    @Test
    void badTriggersInterfacesAndMissingBlocklistsAreClientErrors() {
        assertThatThrownBy(() -> stub.watchPressure(WatchPressureRequest.newBuilder().setResource("cpu").setKind("some")
                .setStallMicros(1000).setWindowMicros(100).build()).hasNext())
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub.attachBlocklist(AttachBlocklistRequest.newBuilder().setInterface("../etc").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub.attachBlocklist(AttachBlocklistRequest.newBuilder().setInterface("lo").addPrefixes("300.1.1.1/8").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub.updateBlocklist(UpdateBlocklistRequest.newBuilder().setInterface("lo").addAdd("10.0.0.0/8").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }
}
