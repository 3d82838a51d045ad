package io.multisystem.kernel.cli;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.grpc.KernelAgentGrpcService;
import io.multisystem.kernel.grpc.KernelProtos;
import io.multisystem.kernel.psi.PressureTrigger;
import io.multisystem.kernel.psi.PressureWatch;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.PressureEvent;
import io.multisystem.kernel.v1.WatchPressureRequest;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * How a CLI command reaches the agent: in-process (a {@link KernelAgent} behind the same gRPC adapter the service uses,
 * so both paths produce the same messages and errors) or over the network with {@code --server}.
 */
abstract class KernelClient implements AutoCloseable {
    /** Calls one unary RPC, given as a method reference on the service or stub. */
    abstract <Q, R> R call(Q request, BiConsumer<Q, StreamObserver<R>> local,
                           java.util.function.BiFunction<KernelAgentServiceGrpc.KernelAgentServiceBlockingStub, Q, R> remote);

    /** Streams pressure events until {@code count} arrived (0 = until timeout) or the timeout passed; returns how many. */
    abstract int watch(WatchPressureRequest request, int count, Duration timeout, Consumer<PressureEvent> sink);

    abstract boolean remote();

    @Override
    public abstract void close();

    /** The in-process adapter, reachable only when not calling {@code --server}. */
    interface LocalAccess {
        KernelAgentGrpcService service();
    }

    static KernelClient open(CommonOptions common, AgentRoots roots) {
        if (common.server().isPresent()) {
            return new Remote(common.clientFactory().open(common.server().get().toString()));
        }
        return new Local(new KernelAgent(roots.options(), Clock.systemUTC()));
    }

    private static final class Local extends KernelClient implements LocalAccess {
        private final KernelAgent agent;
        private final KernelAgentGrpcService service;

        Local(KernelAgent agent) {
            this.agent = agent;
            this.service = new KernelAgentGrpcService(agent, new SimpleMeterRegistry());
        }

        @Override
        <Q, R> R call(Q request, BiConsumer<Q, StreamObserver<R>> local,
                      java.util.function.BiFunction<KernelAgentServiceGrpc.KernelAgentServiceBlockingStub, Q, R> remote) {
            Capture<R> capture = new Capture<>();
            local.accept(request, capture);
            return capture.get();
        }

        @Override
        public KernelAgentGrpcService service() {
            return service;
        }

        @Override
        int watch(WatchPressureRequest request, int count, Duration timeout, Consumer<PressureEvent> sink) {
            LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
            PressureTrigger trigger = new PressureTrigger(request.getResource(), request.getKind(),
                    Duration.ofNanos(request.getStallMicros() * 1000), Duration.ofNanos(request.getWindowMicros() * 1000));
            PressureWatch watch = agent.watchPressure(Optional.of(request.getCgroup()), trigger,
                    e -> queue.add(KernelProtos.event(e)), queue::add);
            int received = 0;
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                while (count == 0 || received < count) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    Object next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next instanceof PlatformException error) {
                        throw error;
                    }
                    if (next instanceof PressureEvent event) {
                        sink.accept(event);
                        received++;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                agent.stopWatch(watch);
            }
            return received;
        }

        @Override
        boolean remote() {
            return false;
        }

        @Override
        public void close() {
            agent.close();
        }
    }

    private static final class Remote extends KernelClient {
        private final ManagedChannel channel;
        private final KernelAgentServiceGrpc.KernelAgentServiceBlockingStub stub;

        Remote(ManagedChannel channel) {
            this.channel = channel;
            this.stub = KernelAgentServiceGrpc.newBlockingStub(channel);
        }

        @Override
        <Q, R> R call(Q request, BiConsumer<Q, StreamObserver<R>> local,
                      java.util.function.BiFunction<KernelAgentServiceGrpc.KernelAgentServiceBlockingStub, Q, R> remote) {
            return remote.apply(stub, request);
        }

        @Override
        int watch(WatchPressureRequest request, int count, Duration timeout, Consumer<PressureEvent> sink) {
            int received = 0;
            try (Context.CancellableContext context = Context.current().withCancellation()) {
                Context previous = context.attach();
                try {
                    Iterator<PressureEvent> events = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                            .watchPressure(request.toBuilder().setMaxEvents(count).build());
                    while (events.hasNext()) {
                        sink.accept(events.next());
                        received++;
                        if (count > 0 && received >= count) {
                            break;
                        }
                    }
                } catch (io.grpc.StatusRuntimeException e) {
                    if (e.getStatus().getCode() != io.grpc.Status.Code.DEADLINE_EXCEEDED) {
                        throw e;
                    }
                } finally {
                    context.detach(previous);
                }
            }
            return received;
        }

        @Override
        boolean remote() {
            return true;
        }

        @Override
        public void close() {
            channel.shutdownNow();
        }
    }

    /** A StreamObserver that keeps the single response or the error of a unary call made in-process. */
    private static final class Capture<R> implements StreamObserver<R> {
        private R value;
        private Throwable error;

        @Override
        public void onNext(R v) {
            value = v;
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
        }

        R get() {
            if (error != null) {
                throw GrpcErrors.toPlatformException(error);
            }
            if (value == null) {
                throw KernelErrors.precondition("NO_RESPONSE", "the agent returned no response");
            }
            return value;
        }
    }
}
