package io.multisystem.core.boot;

import org.springframework.context.ApplicationListener;
import org.springframework.grpc.server.lifecycle.GrpcServerStartedEvent;

import java.util.OptionalInt;

/** The port the network gRPC server actually listens on (useful with port 0), once it has started. Thread-safe. */
public final class GrpcServerPort implements ApplicationListener<GrpcServerStartedEvent> {
    private volatile int port = -1;

    @Override
    public void onApplicationEvent(GrpcServerStartedEvent event) {
        if (event.getPort() > 0) {
            port = event.getPort();
        }
    }

    public OptionalInt port() {
        return port > 0 ? OptionalInt.of(port) : OptionalInt.empty();
    }
}
