package io.multisystem.core.testing;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.boot.GrpcServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls a running service over the loopback network the way an operator or a probe would: gRPC health, gRPC
 * reflection, and HTTP GETs on the actuator.
 */
public final class ServiceProbe {
    private final String host;
    private final int grpcPort;
    private final int httpPort;

    public ServiceProbe(String host, int grpcPort, int httpPort) {
        this.host = host;
        this.grpcPort = grpcPort;
        this.httpPort = httpPort;
    }

    /** A probe for a service booted in this JVM by a Spring Boot test. */
    public static ServiceProbe of(WebServerApplicationContext context) {
        int grpc = context.getBean(GrpcServerPort.class).port()
                .orElseThrow(() -> new IllegalStateException("the gRPC server has not started"));
        return new ServiceProbe("127.0.0.1", grpc, context.getWebServer().getPort());
    }

    public int grpcPort() {
        return grpcPort;
    }

    /** The overall serving status from {@code grpc.health.v1.Health/Check}. */
    public String grpcHealth() {
        ManagedChannel channel = channel();
        try {
            return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()).getStatus().name();
        } finally {
            channel.shutdownNow();
        }
    }

    /** The services the server lists through reflection. */
    public List<String> grpcServices() throws InterruptedException, ExecutionException, TimeoutException {
        ManagedChannel channel = channel();
        try {
            CompletableFuture<List<String>> result = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                    .withDeadlineAfter(10, TimeUnit.SECONDS)
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse response) {
                            List<String> names = new ArrayList<>();
                            for (ServiceResponse service : response.getListServicesResponse().getServiceList()) {
                                names.add(service.getName());
                            }
                            result.complete(names);
                        }

                        @Override
                        public void onError(Throwable t) {
                            result.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            result.complete(List.of());
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
            List<String> services = result.get(10, TimeUnit.SECONDS);
            requests.onCompleted();
            return services;
        } finally {
            channel.shutdownNow();
        }
    }

    /** The body of an HTTP GET on the service's HTTP port; fails unless the status is 2xx. */
    public String httpGet(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://" + host + ":" + httpPort + path))
                        .timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress(host, grpcPort).usePlaintext().build();
    }
}
