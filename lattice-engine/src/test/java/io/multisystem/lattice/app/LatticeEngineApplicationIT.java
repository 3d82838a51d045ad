package io.multisystem.lattice.app;

import io.grpc.ManagedChannel;
import io.multisystem.core.grpc.GrpcClientFactory;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.v1.ConceptsChunk;
import io.multisystem.lattice.v1.ContextChange;
import io.multisystem.lattice.v1.ConceptsRequest;
import io.multisystem.lattice.v1.ContextFormat;
import io.multisystem.lattice.v1.ContextInfo;
import io.multisystem.lattice.v1.LatticeRequest;
import io.multisystem.lattice.v1.LatticeServiceGrpc;
import io.multisystem.lattice.v1.LoadContextRequest;
import io.multisystem.lattice.v1.QueryRequest;
import io.multisystem.lattice.v1.QueryResponse;
import io.multisystem.lattice.v1.ScaleDefinition;
import io.multisystem.lattice.v1.ScaleKind;
import io.multisystem.lattice.v1.UpdateKind;
import io.multisystem.lattice.v1.UpdateRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.nio.file.Files;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it"})
class LatticeEngineApplicationIT {
    @Autowired
    WebServerApplicationContext context;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health", "io.multisystem.lattice.v1.LatticeService");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"lattice-engine\"");
    }

    @Test
    void minesBobRossOverTheNetworkAndExposesTheEnginesMetrics() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = GrpcClientFactory.plaintext().open("127.0.0.1:" + probe.grpcPort());
        try {
            LatticeServiceGrpc.LatticeServiceBlockingStub stub = LatticeServiceGrpc.newBlockingStub(channel);
            ContextInfo info = stub.loadContext(LoadContextRequest.newBuilder().setName("bob-ross")
                    .setFormat(ContextFormat.CONTEXT_FORMAT_CXT)
                    .setContent(Files.readString(SharedData.resolve("fca/bob-ross.cxt"))).build());
            assertThat(info.getObjects()).isPositive();

            Iterator<ConceptsChunk> chunks = stub.concepts(ConceptsRequest.newBuilder().setContext("bob-ross")
                    .setCountOnly(true).build());
            assertThat(chunks.next().getTotal()).isEqualTo(3_463);

            long streamed = 0;
            ConceptsChunk last = null;
            for (Iterator<ConceptsChunk> it = stub.concepts(ConceptsRequest.newBuilder().setContext("bob-ross")
                    .setChunkSize(500).build()); it.hasNext(); ) {
                last = it.next();
                streamed += last.getConceptsCount();
            }
            assertThat(streamed).isEqualTo(3_463);
            assertThat(last.getLast()).isTrue();

            QueryResponse q = stub.query(QueryRequest.newBuilder()
                    .setQuery("concepts in bob-ross where support >= 200").build());
            assertThat(q.getRowsCount()).isPositive();

            // a many-valued context scaled on load, then updated incrementally
            ContextInfo people = stub.loadContext(LoadContextRequest.newBuilder().setName("people")
                    .setContent("person,sex,age\nann,f,17\nbob,m,30\ncid,m,70\n")
                    .addScales(ScaleDefinition.newBuilder().setAttribute("age")
                            .setKind(ScaleKind.SCALE_KIND_INTERORDINAL).addPoints(18).addPoints(65)).build());
            assertThat(people.getScaledAttributesList())
                    .containsExactly("sex=f", "sex=m", "age<=18", "age<=65", "age>=18", "age>=65");
            stub.lattice(LatticeRequest.newBuilder().setContext("people").build());
            ContextInfo updated = stub.update(UpdateRequest.newBuilder().setContext("people")
                    .addChanges(ContextChange.newBuilder().setKind(UpdateKind.UPDATE_KIND_ADD_OBJECT).setName("dee")
                            .addRelated("sex=f").addRelated("age<=65").addRelated("age>=18")).build());
            assertThat(updated.getIncremental()).isTrue();
            assertThat(updated.getConcepts()).isEqualTo(stub.lattice(LatticeRequest.newBuilder()
                    .setContext("people").build()).getConceptsCount());
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        String metrics = probe.httpGet("/actuator/prometheus");
        assertThat(metrics).contains("lattice_rpc_seconds_count{").contains("method=\"Concepts\"")
                .contains("lattice_concepts_emitted_total").contains("lattice_queries_seconds_count{");
    }
}
