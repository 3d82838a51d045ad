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
