package io.multisystem.lattice.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.lattice.mining.MiningOptions;
import io.multisystem.lattice.v1.AncestorsRequest;
import io.multisystem.lattice.v1.CommonSubsumersRequest;
import io.multisystem.lattice.v1.CommonSubsumersResponse;
import io.multisystem.lattice.v1.ContextChange;
import io.multisystem.lattice.v1.ContextInfo;
import io.multisystem.lattice.v1.ExportFormat;
import io.multisystem.lattice.v1.ExportRequest;
import io.multisystem.lattice.v1.ExportResponse;
import io.multisystem.lattice.v1.Fact;
import io.multisystem.lattice.v1.ImplicationsRequest;
import io.multisystem.lattice.v1.ImplicationsResponse;
import io.multisystem.lattice.v1.InferRequest;
import io.multisystem.lattice.v1.InferResponse;
import io.multisystem.lattice.v1.LatticeRequest;
import io.multisystem.lattice.v1.LatticeResponse;
import io.multisystem.lattice.v1.LatticeServiceGrpc;
import io.multisystem.lattice.v1.LoadContextRequest;
import io.multisystem.lattice.v1.LoadTaxonomyRequest;
import io.multisystem.lattice.v1.QueryRequest;
import io.multisystem.lattice.v1.Term;
import io.multisystem.lattice.v1.UpdateKind;
import io.multisystem.lattice.v1.UpdateRequest;
import io.multisystem.lattice.workspace.LatticeWorkspace;
import io.multisystem.lattice.workspace.LatticeWorkspaceTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatticeGrpcServiceTest {
    static final String ANIMALS = "dog mammal\ncat mammal\nmammal animal\ntail dog part_of\nanimal organism\n";

    @TempDir
    Path dir;
    InProcessGrpc grpc;
    LatticeServiceGrpc.LatticeServiceBlockingStub stub;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        LatticeWorkspace ws = LatticeWorkspace.open(dir, MiningOptions.defaults().withParallelism(1)
                .withMaxConcepts(50));
        grpc = InProcessGrpc.start(new LatticeGrpcService(ws, meters));
        stub = LatticeServiceGrpc.newBlockingStub(grpc.channel());
        stub.loadContext(LoadContextRequest.newBuilder().setName("water")
                .setContent(LatticeWorkspaceTest.LIVE_IN_WATER).build());
        stub.loadTaxonomy(LoadTaxonomyRequest.newBuilder().setName("animals").setContent(ANIMALS).build());
    }

    @AfterEach
    void stop() {
        grpc.close();
    }

    static final String PEOPLE = "person,sex,age\nann,f,17\nbob,m,30\ncid,m,70\ndee,f,45\n";

    @Test
    void loadContextScalesAManyValuedCsv() {
        ContextInfo info = stub.loadContext(LoadContextRequest.newBuilder().setName("people").setContent(PEOPLE)
                .addScales(io.multisystem.lattice.v1.ScaleDefinition.newBuilder().setAttribute("age")
                        .setKind(io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_INTERORDINAL)
                        .addPoints(18).addPoints(65))
                .build());
        assertThat(info.getScaledAttributesList())
                .containsExactly("sex=f", "sex=m", "age<=18", "age<=65", "age>=18", "age>=65");
        assertThat(info.getObjects()).isEqualTo(4);
        assertThat(info.getIncidences()).isEqualTo(4 + 1 + 3 + 3 + 1);
        // bob and dee share the interordinal interval [18, 65]: one concept with exactly them
        LatticeResponse lattice = stub.lattice(LatticeRequest.newBuilder().setContext("people").build());
        assertThat(lattice.getConceptsList()).anyMatch(c -> c.getExtentList().equals(java.util.List.of(1, 3))
                && c.getIntentNamesList().equals(java.util.List.of("age<=65", "age>=18")));
    }

    @Test
    void biordinalAndNominalScalesThroughTheApi() {
        ContextInfo info = stub.loadContext(LoadContextRequest.newBuilder().setName("people").setContent(PEOPLE)
                .setFormat(io.multisystem.lattice.v1.ContextFormat.CONTEXT_FORMAT_CSV)
                .addScales(io.multisystem.lattice.v1.ScaleDefinition.newBuilder().setAttribute("age")
                        .setKind(io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_BIORDINAL)
                        .addPoints(20).addUpperPoints(60))
                .addScales(io.multisystem.lattice.v1.ScaleDefinition.newBuilder().setAttribute("sex")
                        .setKind(io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_NOMINAL).addValues("m")
                        .addValues("f"))
                .build());
        assertThat(info.getScaledAttributesList()).containsExactly("sex=m", "sex=f", "age<=20", "age>=60");
    }

    @Test
    void badScalesAreInvalidArgumentAndStoreNothing() {
        for (LoadContextRequest bad : java.util.List.of(
                scaleRequest(io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_ORDINAL, "age", 65, 18),
                scaleRequest(io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_UNSPECIFIED, "age", 18),
                scaleRequest(io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_INTERVAL, "weight", 0, 100),
                scaleRequest(io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_ORDINAL, "sex", 1),
                scaleRequest(io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_ORDINAL, "age", 18).toBuilder()
                        .setFormat(io.multisystem.lattice.v1.ContextFormat.CONTEXT_FORMAT_CXT).build())) {
            assertThatThrownBy(() -> stub.loadContext(bad)).isInstanceOf(StatusRuntimeException.class)
                    .satisfies(e -> {
                        Status status = ((StatusRuntimeException) e).getStatus();
                        assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(status.getDescription()).isNotBlank();
                    });
        }
        assertThatThrownBy(() -> stub.loadContext(scaleRequest(
                io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_ORDINAL, "age", 65, 18)))
                .hasMessageContaining("strictly increasing");
        assertThatThrownBy(() -> stub.lattice(LatticeRequest.newBuilder().setContext("people").build()))
                .isInstanceOf(StatusRuntimeException.class)
                .satisfies(e -> assertThat(((StatusRuntimeException) e).getStatus().getCode())
                        .isEqualTo(Status.Code.NOT_FOUND));
    }

    private static LoadContextRequest scaleRequest(io.multisystem.lattice.v1.ScaleKind kind, String attribute,
                                                   double... points) {
        io.multisystem.lattice.v1.ScaleDefinition.Builder d = io.multisystem.lattice.v1.ScaleDefinition.newBuilder()
                .setAttribute(attribute).setKind(kind);
        for (double p : points) {
            d.addPoints(p);
        }
        return LoadContextRequest.newBuilder().setName("people").setContent(PEOPLE).addScales(d).build();
    }

    @Test
    void latticeReturnsConceptsAndCoverEdges() {
        LatticeResponse lattice = stub.lattice(LatticeRequest.newBuilder().setContext("water").build());
        assertThat(lattice.getConceptsCount()).isEqualTo(6);
        assertThat(lattice.getCovers(0).getLower()).isNotEqualTo(lattice.getCovers(0).getUpper());
        assertThat(lattice.getConcepts(0).getSupport()).isEqualTo(4);
    }

    @Test
    void updateAddsAnObjectAndReportsTheNewConceptCount() {
        stub.lattice(LatticeRequest.newBuilder().setContext("water").build());
        ContextInfo info = stub.update(UpdateRequest.newBuilder().setContext("water")
                .addChanges(ContextChange.newBuilder().setKind(UpdateKind.UPDATE_KIND_ADD_OBJECT).setName("whale")
                        .addRelated("needs water").addRelated("lives in water").addRelated("can move")).build());
        assertThat(info.getObjects()).isEqualTo(5);
        assertThat(info.getIncremental()).isTrue();
        assertThat(info.getConcepts()).isEqualTo(stub.lattice(LatticeRequest.newBuilder().setContext("water")
                .build()).getConceptsCount());
    }

    @Test
    void implicationsIncludeTheCanonicalBasis() {
        ImplicationsResponse r = stub.implications(ImplicationsRequest.newBuilder().setContext("water")
                .setMinConfidence(0.5).build());
        assertThat(r.getImplicationsList()).anyMatch(i -> i.getPremiseList().isEmpty()
                && i.getConclusionList().contains("needs water"));
        assertThat(r.getAssociationRulesList()).allMatch(a -> a.getConfidence() >= 0.5);
    }

    @Test
    void ancestorsAndCommonSubsumersOfTerms() {
        assertThat(stub.ancestors(AncestorsRequest.newBuilder().setTaxonomy("animals").setTerm("tail").build())
                .getTermsList()).extracting(Term::getId).containsExactly("organism", "animal", "mammal", "dog");
        CommonSubsumersResponse r = stub.commonSubsumers(CommonSubsumersRequest.newBuilder().setTaxonomy("animals")
                .addTerms("dog").addTerms("cat").build());
        assertThat(r.getLeastList()).extracting(Term::getId).containsExactly("mammal");
        assertThat(r.getLowest().getId()).isEqualTo("mammal");
    }

    @Test
    void inferenceExplainsAnInferredPartOf() {
        InferResponse r = stub.infer(InferRequest.newBuilder().setTaxonomy("animals")
                .addExplain(Fact.newBuilder().setRelation("part_of").setChild("tail").setParent("animal")).build());
        assertThat(r.getInferred()).isPositive();
        assertThat(r.getExplanations(0).getHolds()).isTrue();
        assertThat(r.getExplanations(0).getProofList()).anyMatch(l -> l.contains("part_of(tail, dog)  [edge]"));
        assertThat(meters.find("lattice.facts.inferred").counter().count()).isPositive();
    }

    @Test
    void queryAndExportWork() {
        assertThat(stub.query(QueryRequest.newBuilder().setQuery("lcs of dog and cat in animals").build())
                .getRows(0).getCells(0)).isEqualTo("mammal");
        ExportResponse svg = stub.export(ExportRequest.newBuilder().setContext("water")
                .setFormat(ExportFormat.EXPORT_FORMAT_SVG).build());
        assertThat(svg.getContent()).startsWith("<svg");
        assertThat(svg.getNodes()).isEqualTo(6);
        ExportResponse dot = stub.export(ExportRequest.newBuilder().setTaxonomy("animals").addTerms("tail").build());
        assertThat(dot.getContent()).contains("label=\"part_of\"");
    }

    @Test
    void malformedCxtIsInvalidArgumentNamingTheLine() {
        assertThatThrownBy(() -> stub.loadContext(LoadContextRequest.newBuilder().setName("bad")
                .setContent("B\n\n2\n1\n\na\nb\nm\nX\nQ\n").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("line 10");
                });
        assertThatThrownBy(() -> stub.lattice(LatticeRequest.newBuilder().setContext("bad").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void cyclicTaxonomyIsInvalidArgumentWithTheCycleAndTheOldOneStays() {
        assertThatThrownBy(() -> stub.loadTaxonomy(LoadTaxonomyRequest.newBuilder().setName("animals")
                .setContent("a b\nb a\n").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("cycle").contains("a is_a b");
                });
        assertThat(stub.ancestors(AncestorsRequest.newBuilder().setTaxonomy("animals").setTerm("dog").build())
                .getTermsCount()).isEqualTo(3);
    }

    @Test
    void latticeOverTheConceptBudgetIsRefusedButCountingStillWorks() {
        StringBuilder cxt = new StringBuilder("B\n\n8\n8\n\n");
        for (int i = 0; i < 8; i++) {
            cxt.append("g").append(i).append('\n');
        }
        for (int i = 0; i < 8; i++) {
            cxt.append("m").append(i).append('\n');
        }
        for (int i = 0; i < 8; i++) {
            cxt.append("XXXXXXXX", 0, 8).setCharAt(cxt.length() - 8 + i, '.');
            cxt.append('\n');
        }
        stub.loadContext(LoadContextRequest.newBuilder().setName("boolean").setContent(cxt.toString()).build());
        assertThatThrownBy(() -> stub.lattice(LatticeRequest.newBuilder().setContext("boolean").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(stub.concepts(io.multisystem.lattice.v1.ConceptsRequest.newBuilder().setContext("boolean")
                .setCountOnly(true).build()).next().getTotal()).isEqualTo(256);
    }
}
