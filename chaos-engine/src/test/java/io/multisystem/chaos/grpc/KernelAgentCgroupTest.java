package io.multisystem.chaos.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.multisystem.chaos.experiment.ActiveFault;
import io.multisystem.chaos.experiment.CgroupLimits;
import io.multisystem.chaos.experiment.ChaosEngine;
import io.multisystem.chaos.experiment.ChaosErrors;
import io.multisystem.chaos.experiment.FaultJournal;
import io.multisystem.chaos.experiment.Provider;
import io.multisystem.chaos.experiment.RunListener;
import io.multisystem.chaos.v1.ChaosServiceGrpc;
import io.multisystem.chaos.v1.RunEvent;
import io.multisystem.chaos.v1.RunRequest;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.testing.FreePorts;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.kernel.v1.Cgroup;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.Limits;
import io.multisystem.kernel.v1.ListCgroupsRequest;
import io.multisystem.kernel.v1.ListCgroupsResponse;
import io.multisystem.kernel.v1.SetLimitsRequest;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * cgroup actions through cloud-kernel-agent: the engine talks to an in-process fake of {@code KernelAgentService}
 * that keeps limits per group with the agent's rules (managed root {@code multisystem.slice}, absent fields left
 * unchanged, limits read back in the answer, NOT_FOUND for unknown groups). Nothing touches the real cgroup tree.
 */
class KernelAgentCgroupTest {
    private static final String GROUP = "multisystem.slice/w1";

    /** The fake agent. */
    static final class FakeKernelAgent extends KernelAgentServiceGrpc.KernelAgentServiceImplBase {
        final Map<String, Limits> groups = new ConcurrentHashMap<>();
        final List<SetLimitsRequest> calls = new CopyOnWriteArrayList<>();

        @Override
        public void listCgroups(ListCgroupsRequest request, StreamObserver<ListCgroupsResponse> responses) {
            ListCgroupsResponse.Builder b = ListCgroupsResponse.newBuilder().setMode("V2")
                    .addManagedRoots("multisystem.slice");
            groups.keySet().forEach(path -> b.addCgroups(Cgroup.newBuilder().setPath(path).addHierarchies("v2")));
            responses.onNext(b.build());
            responses.onCompleted();
        }

        @Override
        public void setLimits(SetLimitsRequest request, StreamObserver<Limits> responses) {
            calls.add(request);
            if (!request.getPath().startsWith("multisystem.slice/")) {
                responses.onError(Status.PERMISSION_DENIED.withDescription("cgroup " + request.getPath()
                        + " is outside the managed roots [multisystem.slice]").asRuntimeException());
                return;
            }
            Limits current = groups.get(request.getPath());
            if (current == null) {
                responses.onError(Status.NOT_FOUND.withDescription("no cgroup " + request.getPath())
                        .asRuntimeException());
                return;
            }
            Limits merged = current.toBuilder().mergeFrom(request.getLimits()).build();
            groups.put(request.getPath(), merged);
            responses.onNext(merged);
            responses.onCompleted();
        }
    }

    @TempDir
    Path data;
    FakeKernelAgent agent;
    InProcessGrpc agentServer;
    KernelAgentClient client;
    Process child;
    Path proc;

    @BeforeEach
    void start() throws IOException {
        agent = new FakeKernelAgent();
        agent.groups.put(GROUP, Limits.newBuilder().setCpuQuotaMicros(-1).setCpuPeriodMicros(100_000)
                .setMemoryMaxBytes(-1).build());
        agentServer = InProcessGrpc.start(agent);
        client = KernelAgentClient.on("in-process", agentServer.channel(), Duration.ofSeconds(5));
        child = new ProcessBuilder("sleep", "300").start();
        proc = data.resolve("proc");
        inCgroup(child.pid(), GROUP);
    }

    @AfterEach
    void stop() {
        child.destroyForcibly();
        agentServer.close();
    }

    private void inCgroup(long pid, String group) throws IOException {
        Files.createDirectories(proc.resolve(String.valueOf(pid)));
        Files.writeString(proc.resolve(String.valueOf(pid)).resolve("cgroup"), "0::/" + group + "\n");
    }

    /** The cgroup file tree the direct path would write: it must stay untouched. */
    private Path untouchedCgroupRoot() {
        return data.resolve("no-cgroup-fs");
    }

    private ChaosEngine engine(String name, KernelAgentClient kernelAgent) {
        return ChaosEngine.builder(data.resolve(name)).cgroups(new CgroupLimits(proc, untouchedCgroupRoot()))
                .kernelAgent(kernelAgent).open();
    }

    private String experiment(String resource, String limit) {
        return """
                title: limits through the kernel agent
                method:
                  - {type: action, name: throttle, provider: {type: cgroup, resource: %s, limit: "%s", selector: {pid: %d}}}
                """.formatted(resource, limit, child.pid());
    }

    @Test
    void cpuLimitIsSetAndRestoredThroughTheAgent() throws Exception {
        List<Limits> during = new CopyOnWriteArrayList<>();
        try (ChaosEngine engine = engine("cpu", client)) {
            JsonNode journal = engine.run(experiment("cpu", "0.5"), e -> {
                if (e.type().equals("fault-injected")) {
                    during.add(agent.groups.get(GROUP));
                }
            });

            assertThat(journal.get("status").asString()).isEqualTo("completed");
            assertThat(journal.get("faults_reverted").get(0).get("output").asString())
                    .isEqualTo("limit restored to max 100000 through cloud-kernel-agent");
        }
        assertThat(during).hasSize(1);
        assertThat(during.get(0).getCpuQuotaMicros()).isEqualTo(50_000);
        assertThat(during.get(0).getCpuPeriodMicros()).isEqualTo(100_000);
        Limits after = agent.groups.get(GROUP);
        assertThat(after.getCpuQuotaMicros()).isEqualTo(-1);
        assertThat(after.getCpuPeriodMicros()).isEqualTo(100_000);
        // read (nothing set), apply, restore
        assertThat(agent.calls).extracting(c -> c.getLimits().hasCpuQuotaMicros()).containsExactly(false, true, true);
        assertThat(agent.calls).allSatisfy(c -> assertThat(c.getPath()).isEqualTo(GROUP));
        assertThat(untouchedCgroupRoot()).doesNotExist();
    }

    @Test
    void memoryLimitIsSetAndRestoredThroughTheAgent() throws Exception {
        agent.groups.put(GROUP, agent.groups.get(GROUP).toBuilder().setMemoryMaxBytes(512L << 20).build());
        List<Long> during = new CopyOnWriteArrayList<>();
        try (ChaosEngine engine = engine("mem", client)) {
            JsonNode journal = engine.run(experiment("memory", "64M"), e -> {
                if (e.type().equals("fault-injected")) {
                    during.add(agent.groups.get(GROUP).getMemoryMaxBytes());
                }
            });

            assertThat(journal.get("status").asString()).isEqualTo("completed");
        }
        assertThat(during).containsExactly(64L << 20);
        assertThat(agent.groups.get(GROUP).getMemoryMaxBytes()).isEqualTo(512L << 20);
    }

    @Test
    void unreachableAgentRefusesTheRunWithFailedPreconditionAndChangesNothing() throws Exception {
        int closedPort = FreePorts.next();
        try (KernelAgentClient unreachable = KernelAgentClient.connect("127.0.0.1:" + closedPort,
                Duration.ofSeconds(3)); ChaosEngine engine = engine("down", unreachable)) {
            FailedPreconditionException e = catchThrowableOfType(FailedPreconditionException.class,
                    () -> engine.start(experiment("cpu", "0.5"), RunListener.NONE));

            assertThat(e).as("the run must be refused").isNotNull();
            assertThat(e.code()).isEqualTo(ChaosErrors.KERNEL_AGENT_UNAVAILABLE);
            assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort).contains("unreachable")
                    .contains("multisystem.chaos.experiments.kernel-agent");
            assertThat(engine.activeFaults()).isEmpty();

            FailedPreconditionException direct = catchThrowableOfType(FailedPreconditionException.class,
                    () -> unreachable.read(GROUP, Provider.CgroupResource.CPU));
            assertThat(direct.code()).isEqualTo(ChaosErrors.KERNEL_AGENT_UNAVAILABLE);
        }
        assertThat(agent.calls).isEmpty();
    }

    @Test
    void unreachableAgentIsFailedPreconditionOverTheChaosServiceApi() throws Exception {
        int closedPort = FreePorts.next();
        try (KernelAgentClient unreachable = KernelAgentClient.connect("127.0.0.1:" + closedPort,
                Duration.ofSeconds(3)); ChaosEngine engine = engine("api", unreachable);
             InProcessGrpc chaos = InProcessGrpc.start(List.of(new ChaosGrpcService(engine)),
                     List.of(ChaosGrpcServiceTest.ERRORS))) {
            Iterator<RunEvent> events = ChaosServiceGrpc.newBlockingStub(chaos.channel())
                    .withDeadlineAfter(30, java.util.concurrent.TimeUnit.SECONDS)
                    .run(RunRequest.newBuilder().setExperiment(experiment("cpu", "0.5")).build());
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> {
                List<RunEvent> all = new ArrayList<>();
                events.forEachRemaining(all::add);
            });

            assertThat(e).isNotNull();
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).contains("cloud-kernel-agent").contains("unreachable");
        }
    }

    @Test
    void agentRefusalFailsTheActionWithTheAgentsReason() throws Exception {
        inCgroup(child.pid(), "user.slice/w2");
        try (ChaosEngine engine = engine("refused", client)) {
            JsonNode journal = engine.run(experiment("cpu", "0.5"), RunListener.NONE);

            assertThat(journal.get("status").asString()).isEqualTo("failed");
            assertThat(journal.get("run").get(0).get("exception").asString())
                    .contains("refused").contains("outside the managed roots");
            assertThat(engine.activeFaults()).isEmpty();
        }
    }

    @Test
    void aLimitLeftByACrashedEngineIsRestoredThroughTheAgentOnRestart() throws Exception {
        Path dir = data.resolve("crashed");
        agent.groups.put(GROUP, agent.groups.get(GROUP).toBuilder().setCpuQuotaMicros(20_000).build());
        ActiveFault fault = new ActiveFault("f-1", "run-1", "cgroup-cpu", "process:" + child.pid(),
                Map.of("via", "kernel-agent", "agent", "in-process", "group", GROUP, "previous", "max 100000"),
                Instant.now());
        try (FaultJournal journal = FaultJournal.open(dir)) {
            journal.recordInjecting(fault);
        } // the engine "crashed" with the limit in place

        try (ChaosEngine restarted = ChaosEngine.builder(dir).cgroups(new CgroupLimits(proc, untouchedCgroupRoot()))
                .kernelAgent(client).open()) {
            assertThat(restarted.recovered()).extracting(ActiveFault::id).containsExactly("f-1");
            assertThat(restarted.activeFaults()).isEmpty();
        }
        assertThat(agent.groups.get(GROUP).getCpuQuotaMicros()).isEqualTo(-1);
    }

    @Test
    void aGroupThatIsGoneCountsAsReverted() throws Exception {
        Path dir = data.resolve("gone");
        ActiveFault fault = new ActiveFault("f-2", "run-2", "cgroup-memory", "process:" + child.pid(),
                Map.of("via", "kernel-agent", "agent", "in-process", "group", "multisystem.slice/deleted",
                        "previous", "max"), Instant.now());
        try (FaultJournal journal = FaultJournal.open(dir)) {
            journal.recordInjecting(fault);
        }

        try (ChaosEngine restarted = ChaosEngine.builder(dir).kernelAgent(client).open()) {
            assertThat(restarted.recovered()).extracting(ActiveFault::id).containsExactly("f-2");
        }
    }

    @Test
    void clientRejectsAMalformedAddress() {
        assertThat(catchThrowableOfType(IllegalArgumentException.class,
                () -> KernelAgentClient.connect("no port here", Duration.ofSeconds(1))))
                .hasMessageContaining("multisystem.chaos.experiments.kernel-agent must be host:port");
    }
}
