package io.multisystem.ledger.app;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.ledger.access.ApiKeyStore;
import io.multisystem.ledger.v1.AddDecisionRequest;
import io.multisystem.ledger.v1.DecisionChange;
import io.multisystem.ledger.v1.Event;
import io.multisystem.ledger.v1.LedgerServiceGrpc;
import io.multisystem.ledger.v1.ListDecisionsRequest;
import io.multisystem.ledger.v1.ProveDecisionRequest;
import io.multisystem.ledger.v1.ReportEventsResponse;
import io.multisystem.ledger.v1.VerifyLedgerRequest;
import io.multisystem.ledger.v1.WatchDecisionsRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it-${random.uuid}",
                "multisystem.ledger.raft-port=0", "multisystem.ledger.max-retry=3",
                "multisystem.ledger.bouncer-keys=b684f013da3bc9c3369191a639ab1f6bc29c81ada84254dcf75a5fa76564d36e"})
class AutoblockerLedgerApplicationIT {
    @Autowired
    WebServerApplicationContext context;
    @Autowired
    ApiKeyStore keys;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health", "io.multisystem.ledger.v1.LedgerService");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"autoblocker-ledger\"");
    }

    @Test
    void reportedEventsBecomeAWatchedBanThatIsProvableAndServedToCrowdsecBouncers() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", probe.grpcPort()).usePlaintext().build();
        try {
            Iterator<DecisionChange> watch = LedgerServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .watchDecisions(WatchDecisionsRequest.newBuilder().setSinceVersion(0).build());
            CompletableFuture<ReportEventsResponse> done = new CompletableFuture<>();
            StreamObserver<Event> events = LedgerServiceGrpc.newStub(channel).reportEvents(new StreamObserver<>() {
                @Override
                public void onNext(ReportEventsResponse value) {
                    done.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                }
            });
            Instant now = Instant.now();
            for (int i = 0; i < 3; i++) {
                events.onNext(Event.newBuilder().setId("ev-" + i).setDomain("web").setSource("198.51.100.7")
                        .setKind("http-auth-failure").setTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond() + i))
                        .build());
            }
            events.onNext(Event.newBuilder().setId("ev-0").setDomain("web").setSource("198.51.100.7")
                    .setKind("http-auth-failure").setTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond())).build());
            events.onNext(Event.newBuilder().setId("bad").setDomain("web").setSource("999.1.1.1")
                    .setKind("x").setTime(Timestamp.newBuilder().setSeconds(now.getEpochSecond())).build());
            events.onCompleted();
            ReportEventsResponse response = done.get(30, TimeUnit.SECONDS);
            assertThat(response.getAccepted()).isEqualTo(3);
            assertThat(response.getDuplicates()).isEqualTo(1);
            assertThat(response.getRejected()).isEqualTo(1);
            assertThat(response.getErrorsList()).anyMatch(e -> e.contains("999.1.1.1"));
            assertThat(response.getDecisionsList()).singleElement()
                    .satisfies(d -> assertThat(d.getValue()).isEqualTo("198.51.100.7"));

            DecisionChange change = watch.next();
            assertThat(change.getDecision().getValue()).isEqualTo("198.51.100.7");
            assertThat(change.getDeleted()).isFalse();

            var stub = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            assertThat(stub.listDecisions(ListDecisionsRequest.newBuilder().setDomain("web").build()).getDecisionsList())
                    .extracting(d -> d.getValue()).contains("198.51.100.7");
            var proof = stub.proveDecision(ProveDecisionRequest.newBuilder().setId(change.getDecision().getId()).build());
            assertThat(proof.getValid()).isTrue();
            assertThat(stub.verifyLedger(VerifyLedgerRequest.getDefaultInstance()).getOk()).isTrue();
            assertThatThrownBy(() -> stub.addDecision(AddDecisionRequest.newBuilder().setScope("Ip")
                    .setValue("127.0.0.1").setType("ban").build()))
                    .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("INVALID_ARGUMENT")
                    .hasMessageContaining("allowlisted");

            HttpResponse<String> lapi = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + context.getWebServer().getPort() + "/v1/decisions/stream?startup=true"))
                    .header("X-Api-Key", "bouncer-secret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(lapi.statusCode()).isEqualTo(200);
            assertThat(lapi.body()).contains("\"value\":\"198.51.100.7\"").contains("\"scope\":\"Ip\"");
            HttpResponse<String> forbidden = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + context.getWebServer().getPort() + "/v1/decisions/stream"))
                    .header("X-Api-Key", "wrong").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(probe.httpGet("/actuator/prometheus")).contains("ledger_events_total")
                    .contains("ledger_decisions_committed_total");
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void domainApiKeysGateReportingOverTheNetworkAndScopeTheLapiStream() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", probe.grpcPort()).usePlaintext().build();
        ApiKeyStore.Created mail = keys.create("mail", "it");
        try {
            java.util.function.Function<String, CompletableFuture<ReportEventsResponse>> report = key -> {
                CompletableFuture<ReportEventsResponse> done = new CompletableFuture<>();
                var stub = LedgerServiceGrpc.newStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                if (key != null) {
                    io.grpc.Metadata md = new io.grpc.Metadata();
                    md.put(io.multisystem.ledger.grpc.ApiKeyInterceptor.API_KEY, key);
                    stub = stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
                }
                StreamObserver<Event> out = stub.reportEvents(new StreamObserver<>() {
                    @Override
                    public void onNext(ReportEventsResponse value) {
                        done.complete(value);
                    }

                    @Override
                    public void onError(Throwable t) {
                        done.completeExceptionally(t);
                    }

                    @Override
                    public void onCompleted() {
                    }
                });
                out.onNext(Event.newBuilder().setId("k-" + System.nanoTime()).setDomain("mail").setSource("192.0.2.200")
                        .setKind("smtp-auth").setTime(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond()))
                        .build());
                out.onCompleted();
                return done;
            };
            assertThat(report.apply(mail.key()).get(30, TimeUnit.SECONDS).getAccepted()).isEqualTo(1);
            assertThatThrownBy(() -> report.apply(null).get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("UNAUTHENTICATED").hasMessageContaining("x-api-key");

            var stub = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            stub.addDecision(AddDecisionRequest.newBuilder().setScope("Ip").setValue("192.0.2.201").setType("ban")
                    .setAppliesTo("mail").setRequestId("it-mail-only").build());
            stub.addDecision(AddDecisionRequest.newBuilder().setScope("Ip").setValue("192.0.2.202").setType("ban")
                    .setAppliesTo("web").setRequestId("it-web-only").build());
            String url = "http://127.0.0.1:" + context.getWebServer().getPort() + "/v1/decisions/stream?startup=true";
            HttpResponse<String> lapi = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-Api-Key", mail.key()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(lapi.statusCode()).isEqualTo(200);
            assertThat(lapi.body()).contains("192.0.2.201").doesNotContain("192.0.2.202");

            keys.revoke(mail.record().id());
            HttpResponse<String> revoked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-Api-Key", mail.key()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).isEqualTo(403);
            assertThat(revoked.body()).contains("revoked");
            assertThatThrownBy(() -> report.apply(mail.key()).get(30, TimeUnit.SECONDS))
                    .hasMessageContaining("UNAUTHENTICATED").hasMessageContaining("revoked");
        } finally {
            // leave the service as the other tests expect it: no keys, no decisions of this test
            var stub = LedgerServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            for (String ip : new String[] {"192.0.2.201", "192.0.2.202"}) {
                try {
                    stub.deleteDecision(io.multisystem.ledger.v1.DeleteDecisionRequest.newBuilder().setScope("Ip")
                            .setValue(ip).build());
                } catch (StatusRuntimeException ignored) {
                    // not created
                }
            }
            channel.shutdownNow();
            java.nio.file.Files.deleteIfExists(keys.file());
        }
    }
}
