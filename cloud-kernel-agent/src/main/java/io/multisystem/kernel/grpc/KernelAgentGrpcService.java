package io.multisystem.kernel.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.cgroup.CgroupStats;
import io.multisystem.kernel.psi.Pressure;
import io.multisystem.kernel.psi.PressureTrigger;
import io.multisystem.kernel.psi.PressureWatch;
import io.multisystem.kernel.v1.AttachBlocklistRequest;
import io.multisystem.kernel.v1.BlocklistAttachment;
import io.multisystem.kernel.v1.BlocklistStats;
import io.multisystem.kernel.v1.Cgroup;
import io.multisystem.kernel.v1.CreateCgroupRequest;
import io.multisystem.kernel.v1.DeleteCgroupRequest;
import io.multisystem.kernel.v1.DeleteCgroupResponse;
import io.multisystem.kernel.v1.DetachBlocklistRequest;
import io.multisystem.kernel.v1.DetachBlocklistResponse;
import io.multisystem.kernel.v1.GetBlocklistStatsRequest;
import io.multisystem.kernel.v1.GetStatsRequest;
import io.multisystem.kernel.v1.GetStatsResponse;
import io.multisystem.kernel.v1.GetTopologyRequest;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.Limits;
import io.multisystem.kernel.v1.ListCgroupsRequest;
import io.multisystem.kernel.v1.ListCgroupsResponse;
import io.multisystem.kernel.v1.MoveProcessRequest;
import io.multisystem.kernel.v1.MoveProcessResponse;
import io.multisystem.kernel.v1.PressureEvent;
import io.multisystem.kernel.v1.SetLimitsRequest;
import io.multisystem.kernel.v1.Topology;
import io.multisystem.kernel.v1.UpdateBlocklistRequest;
import io.multisystem.kernel.v1.UpdateBlocklistResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code io.multisystem.kernel.v1.KernelAgentService} over a {@link KernelAgent}. Each RPC counts into
 * {@code kernel_agent_operations_total{operation,outcome}}; GetStats is timed ({@code kernel_agent_scrape_seconds}).
 * Domain errors become statuses with ErrorInfo (GrpcErrors), so the adapter behaves the same in-process and in Spring.
 * WatchPressure registers a kernel trigger per call and unregisters it when the client cancels or max_events is reached.
 */
public final class KernelAgentGrpcService extends KernelAgentServiceGrpc.KernelAgentServiceImplBase {
    private final KernelAgent agent;
    private final MeterRegistry meters;
    private final Timer scrape;

    public KernelAgentGrpcService(KernelAgent agent, MeterRegistry meters) {
        this.agent = agent;
        this.meters = meters;
        this.scrape = Timer.builder("kernel.agent.scrape").description("Time to read the statistics of the requested cgroups")
                .register(meters);
    }

    private <T> void unary(String operation, StreamObserver<T> responses, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (PlatformException e) {
            count(operation, "error");
            responses.onError(GrpcErrors.toStatusException(e));
            return;
        }
        count(operation, "ok");
        responses.onNext(result);
        responses.onCompleted();
    }

    private void count(String operation, String outcome) {
        Counter.builder("kernel.agent.operations").description("Kernel agent operations by outcome")
                .tag("operation", operation).tag("outcome", outcome).register(meters).increment();
    }

    @Override
    public void listCgroups(ListCgroupsRequest request, StreamObserver<ListCgroupsResponse> responses) {
        unary("list_cgroups", responses, () -> {
            ListCgroupsResponse.Builder b = ListCgroupsResponse.newBuilder()
                    .setMode(agent.layout().mode().name())
                    .putAllControllers(agent.layout().controllers());
            agent.options().managedRoots().forEach(r -> b.addManagedRoots(r.value()));
            agent.listCgroups().forEach(c -> b.addCgroups(KernelProtos.cgroup(c)));
            return b.build();
        });
    }

    @Override
    public void createCgroup(CreateCgroupRequest request, StreamObserver<Cgroup> responses) {
        unary("create_cgroup", responses, () -> KernelProtos.cgroup(agent.createCgroup(request.getPath())));
    }

    @Override
    public void deleteCgroup(DeleteCgroupRequest request, StreamObserver<DeleteCgroupResponse> responses) {
        unary("delete_cgroup", responses, () -> {
            agent.deleteCgroup(request.getPath(), request.getRecursive());
            return DeleteCgroupResponse.getDefaultInstance();
        });
    }

    @Override
    public void setLimits(SetLimitsRequest request, StreamObserver<Limits> responses) {
        unary("set_limits", responses, () -> KernelProtos.limits(agent.setLimits(request.getPath(), KernelProtos.limits(request.getLimits()))));
    }

    @Override
    public void moveProcess(MoveProcessRequest request, StreamObserver<MoveProcessResponse> responses) {
        unary("move_process", responses, () -> {
            agent.moveProcess(request.getPath(), request.getPid());
            return MoveProcessResponse.getDefaultInstance();
        });
    }

    @Override
    public void getStats(GetStatsRequest request, StreamObserver<GetStatsResponse> responses) {
        unary("get_stats", responses, () -> scrape.record(() -> {
            GetStatsResponse.Builder b = GetStatsResponse.newBuilder();
            List<CgroupStats> stats = request.getPath().isEmpty() ? agent.statsAll() : List.of(agent.stats(request.getPath()));
            boolean groupPressure = agent.layout().unified().isPresent();
            for (CgroupStats s : stats) {
                List<Pressure> pressure = new ArrayList<>();
                if (groupPressure) {
                    try {
                        pressure.addAll(agent.cgroupPressure(s.cgroup()).values());
                    } catch (PlatformException e) {
                        // no pressure files for this group (PSI off in the cgroup2 mount): stats stand alone
                    }
                }
                b.addCgroups(KernelProtos.stats(s, pressure));
            }
            try {
                for (Map.Entry<String, Pressure> e : agent.systemPressure().entrySet()) {
                    b.addSystemPressure(KernelProtos.pressure(e.getValue()));
                }
            } catch (PlatformException e) {
                // PSI unavailable system-wide: the response simply carries none
            }
            return b.build();
        }));
    }

    @Override
    public void watchPressure(io.multisystem.kernel.v1.WatchPressureRequest request, StreamObserver<PressureEvent> responses) {
        ServerCallStreamObserver<PressureEvent> server = (ServerCallStreamObserver<PressureEvent>) responses;
        PressureWatch watch;
        Object lock = new Object();
        AtomicInteger sent = new AtomicInteger();
        PressureWatch[] self = new PressureWatch[1];
        try {
            PressureTrigger trigger = new PressureTrigger(request.getResource(), request.getKind().isEmpty() ? "some" : request.getKind(),
                    Duration.ofNanos(request.getStallMicros() * 1000), Duration.ofNanos(request.getWindowMicros() * 1000));
            watch = agent.watchPressure(Optional.of(request.getCgroup()), trigger, event -> {
                synchronized (lock) {
                    if (server.isCancelled() || (request.getMaxEvents() > 0 && sent.get() >= request.getMaxEvents())) {
                        return;
                    }
                    count("pressure_event", "ok");
                    server.onNext(KernelProtos.event(event));
                    if (request.getMaxEvents() > 0 && sent.incrementAndGet() >= request.getMaxEvents()) {
                        server.onCompleted();
                        new Thread(() -> stop(self)).start();
                    }
                }
            }, error -> {
                synchronized (lock) {
                    if (!server.isCancelled()) {
                        server.onError(GrpcErrors.toStatusException(error));
                    }
                }
            });
        } catch (PlatformException e) {
            count("watch_pressure", "error");
            responses.onError(GrpcErrors.toStatusException(e));
            return;
        }
        count("watch_pressure", "ok");
        self[0] = watch;
        server.setOnCancelHandler(() -> stop(self));
    }

    private void stop(PressureWatch[] self) {
        if (self[0] != null) {
            agent.stopWatch(self[0]);
        }
    }

    @Override
    public void attachBlocklist(AttachBlocklistRequest request, StreamObserver<BlocklistAttachment> responses) {
        unary("attach_blocklist", responses, () -> KernelProtos.attachment(agent.attachBlocklist(request.getInterface(),
                KernelProtos.mode(request.getMode()), request.getPrefixesList())));
    }

    @Override
    public void detachBlocklist(DetachBlocklistRequest request, StreamObserver<DetachBlocklistResponse> responses) {
        unary("detach_blocklist", responses, () -> {
            agent.detachBlocklist(request.getInterface());
            return DetachBlocklistResponse.getDefaultInstance();
        });
    }

    @Override
    public void updateBlocklist(UpdateBlocklistRequest request, StreamObserver<UpdateBlocklistResponse> responses) {
        unary("update_blocklist", responses, () -> {
            KernelAgent.BlocklistUpdate u = agent.updateBlocklist(request.getInterface(), request.getAddList(), request.getRemoveList());
            return UpdateBlocklistResponse.newBuilder().setAdded(u.added()).setRemoved(u.removed()).setSize(u.size()).build();
        });
    }

    @Override
    public void getBlocklistStats(GetBlocklistStatsRequest request, StreamObserver<BlocklistStats> responses) {
        unary("get_blocklist_stats", responses, () -> KernelProtos.blocklistStats(agent.blocklistStats(request.getInterface())));
    }

    @Override
    public void getTopology(GetTopologyRequest request, StreamObserver<Topology> responses) {
        unary("get_topology", responses, () -> KernelProtos.topology(agent.topology()));
    }
}
