package io.multisystem.ledger.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.testing.FreePorts;
import io.multisystem.ledger.access.ApiKeyStore;
import io.multisystem.ledger.engine.EngineOptions;
import io.multisystem.ledger.engine.LedgerEngine;
import io.multisystem.ledger.raft.LedgerNode;
import io.multisystem.ledger.raft.NodeConfig;
import io.multisystem.ledger.state.Policy;
import io.multisystem.ledger.v1.Event;
import io.multisystem.ledger.v1.LedgerServiceGrpc;
import io.multisystem.ledger.v1.ReportEventsResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Domain API keys on ReportEvents, in-process gRPC over a real one-node ledger. */
class ApiKeyGrpcTest {
    @TempDir
    Path dir;
    LedgerNode node;
    Server server;
    ManagedChannel channel;
    ApiKeyStore keys;

    @BeforeEach
    void start() throws Exception {
        node = LedgerNode.start(NodeConfig.single("n1", "127.0.0.1:" + FreePorts.next(1)[0], dir.resolve("node"),
                Policy.defaults(), Clock.systemUTC()).withElectionTimeout(Duration.ofMillis(150)));
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!node.isLeader()) {
            assertThat(System.nanoTime()).as("leader within 20 s").isLessThan(deadline);
            Thread.sleep(10);
        }
        keys = new ApiKeyStore(dir.resolve("api-keys"), Clock.systemUTC());
        LedgerEngine engine = new LedgerEngine(node, EngineOptions.defaults(), Clock.systemUTC());
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerInterceptors.intercept(new LedgerGrpcService(engine, null), new ApiKeyInterceptor(keys)))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        node.close();
    }

    ReportEventsResponse report(String key, String... domains) throws Exception {
        var stub = LedgerServiceGrpc.newStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
        if (key != null) {
            Metadata md = new Metadata();
            md.put(ApiKeyInterceptor.API_KEY, key);
            stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
        }
        CompletableFuture<ReportEventsResponse> done = new CompletableFuture<>();
        StreamObserver<Event> out = stub.reportEvents(new StreamObserver<>() {
            @Override
            public void onNext(ReportEventsResponse v) {
                done.complete(v);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        int i = 0;
        for (String d : domains) {
            out.onNext(Event.newBuilder().setId(d + "-" + System.nanoTime() + "-" + i++).setDomain(d)
                    .setSource("192.0.2.1").setKind("k").setTime(Timestamp.newBuilder()
                            .setSeconds(Instant.now().getEpochSecond())).build());
        }
        out.onCompleted();
        try {
            return done.get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void withoutAnyKeyConfiguredReportingNeedsNoKey() throws Exception {
        assertThat(report(null, "web").getAccepted()).isEqualTo(1);
    }

    @Test
    void aDomainKeyReportsAsItsOwnDomainOnly() throws Exception {
        String web = keys.create("web", "").key();
        assertThat(report(web, "web", "web").getAccepted()).isEqualTo(2);

        assertThatThrownBy(() -> report(web, "web", "mail")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
            assertThat(e.getStatus().getDescription()).contains("belongs to domain 'web'").contains("not of 'mail'");
        });
    }

    @Test
    void missingUnknownAndRevokedKeysAreUnauthenticatedAndIngestNothing() throws Exception {
        ApiKeyStore.Created web = keys.create("web", "");
        long height = node.state().height();
        assertThatThrownBy(() -> report(null, "web")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).contains("x-api-key").contains("keys create");
        });
        assertThatThrownBy(() -> report("abl_000000000000_" + "A".repeat(43), "web"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).contains("not recognised");
                });
        keys.revoke(web.record().id());
        assertThatThrownBy(() -> report(web.key(), "web")).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.getStatus().getDescription()).contains("revoked");
        });
        assertThat(node.state().height()).isEqualTo(height);
        assertThat(List.of(keys.list().get(0).active())).containsExactly(false);
    }
}
