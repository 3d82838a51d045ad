package io.multisystem.symbolic.cli;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.symbolic.engine.SymbolicEngine;
import io.multisystem.symbolic.grpc.SymbolicGrpcService;
import io.multisystem.symbolic.grpc.SymbolicMetrics;
import io.multisystem.symbolic.v1.SymbolicServiceGrpc;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How a command reaches the engine: in-process (the service implementation called directly on this thread, no
 * network) or, with {@code --server}, over gRPC. Both return the same proto responses, so commands render one shape.
 */
final class SymbolicClient implements AutoCloseable {
    private final SymbolicGrpcService local;
    private final ManagedChannel channel;
    private final SymbolicServiceGrpc.SymbolicServiceBlockingStub stub;

    private SymbolicClient(SymbolicGrpcService local, ManagedChannel channel) {
        this.local = local;
        this.channel = channel;
        this.stub = channel == null ? null : SymbolicServiceGrpc.newBlockingStub(channel);
    }

    static SymbolicClient of(CommonOptions common) {
        if (common.server().isPresent()) {
            return new SymbolicClient(null, common.clientFactory().open(common.server().get().toString()));
        }
        return new SymbolicClient(new SymbolicGrpcService(new SymbolicEngine(), SymbolicMetrics.detached()), null);
    }

    /** Calls one RPC: {@code remote} on the stub, or {@code inProcess} on the local service. */
    <Q, R> R call(Q request, Function<SymbolicServiceGrpc.SymbolicServiceBlockingStub, Function<Q, R>> remote,
                  Function<SymbolicGrpcService, BiConsumer<Q, StreamObserver<R>>> inProcess) {
        if (stub != null) {
            return remote.apply(stub).apply(request);
        }
        AtomicReference<R> result = new AtomicReference<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        inProcess.apply(local).accept(request, new StreamObserver<>() {
            @Override
            public void onNext(R value) {
                result.set(value);
            }

            @Override
            public void onError(Throwable t) {
                error.set(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        if (error.get() != null) {
            Throwable t = error.get();
            throw t instanceof RuntimeException re ? re : new IllegalStateException(t);
        }
        return result.get();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }
}
