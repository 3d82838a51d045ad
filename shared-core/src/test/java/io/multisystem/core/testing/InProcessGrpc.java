package io.multisystem.core.testing;

import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.ClientInterceptor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An in-process gRPC server and a channel to it, for testing gRPC adapters without a network. Close it after the test.
 *
 * <pre>{@code
 * try (InProcessGrpc grpc = InProcessGrpc.start(List.of(service), List.of(interceptor))) {
 *     var stub = MyServiceGrpc.newBlockingStub(grpc.channel());
 * }
 * }</pre>
 */
public final class InProcessGrpc implements AutoCloseable {
    private final Server server;
    private final ManagedChannel channel;

    private InProcessGrpc(Server server, ManagedChannel channel) {
        this.server = server;
        this.channel = channel;
    }

    public static InProcessGrpc start(BindableService... services) {
        return start(List.of(services), List.of());
    }

    /** Starts the services behind the interceptors (the first interceptor in the list runs first). */
    public static InProcessGrpc start(List<BindableService> services, List<ServerInterceptor> interceptors,
            ClientInterceptor... clientInterceptors) {
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        List<ServerInterceptor> reversed = new java.util.ArrayList<>(interceptors);
        java.util.Collections.reverse(reversed);
        for (BindableService service : services) {
            builder.addService(ServerInterceptors.intercept(service, reversed));
        }
        try {
            Server server = builder.build().start();
            ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor()
                    .intercept(clientInterceptors).build();
            return new InProcessGrpc(server, channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
