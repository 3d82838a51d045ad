package io.multisystem.lattice.grpc;

import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.lattice.algebra.AssociationRule;
import io.multisystem.lattice.algebra.AssociationRules;
import io.multisystem.lattice.algebra.Implication;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.ConceptualScaling;
import io.multisystem.lattice.context.ScaleDefinition;
import io.multisystem.lattice.context.CsvFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.context.JsonFormat;
import io.multisystem.lattice.export.Diagram;
import io.multisystem.lattice.export.DiagramWriter;
import io.multisystem.lattice.incremental.ContextUpdate;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.query.QueryResult;
import io.multisystem.lattice.taxonomy.GeneOntologyDatabase;
import io.multisystem.lattice.taxonomy.HornReasoner;
import io.multisystem.lattice.taxonomy.HornRule;
import io.multisystem.lattice.taxonomy.Taxonomy;
import io.multisystem.lattice.taxonomy.TaxonomyFormats;
import io.multisystem.lattice.v1.AncestorsRequest;
import io.multisystem.lattice.v1.CommonSubsumersRequest;
import io.multisystem.lattice.v1.CommonSubsumersResponse;
import io.multisystem.lattice.v1.Concept;
import io.multisystem.lattice.v1.ConceptsChunk;
import io.multisystem.lattice.v1.ConceptsRequest;
import io.multisystem.lattice.v1.ContextChange;
import io.multisystem.lattice.v1.ContextInfo;
import io.multisystem.lattice.v1.Cover;
import io.multisystem.lattice.v1.Explanation;
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
import io.multisystem.lattice.v1.QueryResponse;
import io.multisystem.lattice.v1.Row;
import io.multisystem.lattice.v1.Rule;
import io.multisystem.lattice.v1.TaxonomyInfo;
import io.multisystem.lattice.v1.Term;
import io.multisystem.lattice.v1.TermsResponse;
import io.multisystem.lattice.v1.UpdateRequest;
import io.multisystem.lattice.workspace.LatticeWorkspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code io.multisystem.lattice.v1.LatticeService}: translates requests to {@link LatticeWorkspace} calls and domain
 * results to messages. Errors are domain {@code PlatformException}s mapped by {@link GrpcErrors}. Records the
 * engine's own metrics: {@code lattice.rpc} timer per method, {@code lattice.concepts.emitted} counter,
 * {@code lattice.updates.applied} counter, {@code lattice.queries} timer per query kind,
 * {@code lattice.facts.inferred} counter.
 */
public final class LatticeGrpcService extends LatticeServiceGrpc.LatticeServiceImplBase {
    private final LatticeWorkspace workspace;
    private final MeterRegistry meters;
    private final Counter conceptsEmitted;
    private final Counter updatesApplied;
    private final Counter factsInferred;

    public LatticeGrpcService(LatticeWorkspace workspace, MeterRegistry meters) {
        this.workspace = workspace;
        this.meters = meters;
        this.conceptsEmitted = Counter.builder("lattice.concepts.emitted")
                .description("Concepts counted or streamed by Concepts and Lattice").register(meters);
        this.updatesApplied = Counter.builder("lattice.updates.applied")
                .description("Context changes applied by Update").register(meters);
        this.factsInferred = Counter.builder("lattice.facts.inferred")
                .description("Facts derived by Horn-rule inference").register(meters);
    }

    @Override
    public void loadContext(LoadContextRequest request, StreamObserver<ContextInfo> responses) {
        unary("LoadContext", responses, () -> {
            if (request.getManyValued() || request.getScalesCount() > 0) {
                FormalContext scaled = scaleContext(request);
                return info(workspace.loadContext(request.getName(), scaled)).toBuilder()
                        .addAllScaledAttributes(scaled.attributes()).build();
            }
            return info(workspace.loadContext(request.getName(), parseContext(request.getFormat(),
                    request.getContent())));
        });
    }

    /**
     * Reads a many-valued CSV context and scales it with the request's scales; every check happens here, before
     * anything is stored.
     */
    static FormalContext scaleContext(LoadContextRequest request) {
        if (request.getFormat() != io.multisystem.lattice.v1.ContextFormat.CONTEXT_FORMAT_CSV
                && request.getFormat() != io.multisystem.lattice.v1.ContextFormat.CONTEXT_FORMAT_UNSPECIFIED) {
            throw new InvalidInputException(FormalContext.COMPONENT, ConceptualScaling.CODE, "many-valued contexts"
                    + " are read from CSV (header, then object name and one value per attribute), not "
                    + request.getFormat() + "; set format CONTEXT_FORMAT_CSV");
        }
        List<ScaleDefinition> definitions = new ArrayList<>();
        for (io.multisystem.lattice.v1.ScaleDefinition d : request.getScalesList()) {
            definitions.add(new ScaleDefinition(d.getAttribute(), scaleKind(d), toArray(d.getPointsList()),
                    toArray(d.getUpperPointsList()), d.getValuesList()));
        }
        ConceptualScaling scaling = ConceptualScaling.of(definitions);
        return scaling.apply(CsvFormat.parseManyValued(request.getContent()));
    }

    private static ScaleDefinition.Kind scaleKind(io.multisystem.lattice.v1.ScaleDefinition d) {
        return switch (d.getKind()) {
            case SCALE_KIND_NOMINAL -> ScaleDefinition.Kind.NOMINAL;
            case SCALE_KIND_ORDINAL -> ScaleDefinition.Kind.ORDINAL;
            case SCALE_KIND_ORDINAL_AT_LEAST -> ScaleDefinition.Kind.ORDINAL_AT_LEAST;
            case SCALE_KIND_INTERORDINAL -> ScaleDefinition.Kind.INTERORDINAL;
            case SCALE_KIND_BIORDINAL -> ScaleDefinition.Kind.BIORDINAL;
            case SCALE_KIND_INTERVAL -> ScaleDefinition.Kind.INTERVAL;
            default -> throw new InvalidInputException(FormalContext.COMPONENT, ConceptualScaling.CODE, "scale of '"
                    + d.getAttribute() + "' has no kind; set kind to SCALE_KIND_NOMINAL, SCALE_KIND_ORDINAL,"
                    + " SCALE_KIND_ORDINAL_AT_LEAST, SCALE_KIND_INTERORDINAL, SCALE_KIND_BIORDINAL or"
                    + " SCALE_KIND_INTERVAL");
        };
    }

    /** The domain kind as the wire enum (for clients such as the CLI). */
    public static io.multisystem.lattice.v1.ScaleDefinition toMessage(ScaleDefinition d) {
        io.multisystem.lattice.v1.ScaleKind kind = switch (d.kind()) {
            case NOMINAL -> io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_NOMINAL;
            case ORDINAL -> io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_ORDINAL;
            case ORDINAL_AT_LEAST -> io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_ORDINAL_AT_LEAST;
            case INTERORDINAL -> io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_INTERORDINAL;
            case BIORDINAL -> io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_BIORDINAL;
            case INTERVAL -> io.multisystem.lattice.v1.ScaleKind.SCALE_KIND_INTERVAL;
        };
        io.multisystem.lattice.v1.ScaleDefinition.Builder b = io.multisystem.lattice.v1.ScaleDefinition.newBuilder()
                .setAttribute(d.attribute()).setKind(kind).addAllValues(d.values());
        for (double x : d.points()) {
            b.addPoints(x);
        }
        for (double x : d.upperPoints()) {
            b.addUpperPoints(x);
        }
        return b.build();
    }

    private static double[] toArray(List<Double> xs) {
        double[] out = new double[xs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = xs.get(i);
        }
        return out;
    }

    @Override
    public void concepts(ConceptsRequest request, StreamObserver<ConceptsChunk> responses) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "ok";
        try {
            FormalContext context = workspace.context(request.getContext());
            if (request.getCountOnly()) {
                long n = workspace.countConcepts(request.getContext(), request.getMinSupport());
                conceptsEmitted.increment(n);
                responses.onNext(ConceptsChunk.newBuilder().setTotal(n).setLast(true).build());
            } else {
                int chunk = request.getChunkSize() > 0 ? Math.min(request.getChunkSize(), 100_000) : 1000;
                ConceptsChunk.Builder[] current = {ConceptsChunk.newBuilder()};
                long[] total = {0};
                workspace.streamConcepts(request.getContext(), request.getMinSupport(), c -> {
                    current[0].addConcepts(concept(c, context));
                    total[0]++;
                    if (current[0].getConceptsCount() >= chunk) {
                        responses.onNext(current[0].build());
                        current[0] = ConceptsChunk.newBuilder();
                    }
                });
                conceptsEmitted.increment(total[0]);
                responses.onNext(current[0].setTotal(total[0]).setLast(true).build());
            }
            responses.onCompleted();
        } catch (RuntimeException e) {
            outcome = "error";
            responses.onError(GrpcErrors.toStatusException(e));
        } finally {
            sample.stop(timer("Concepts", outcome));
        }
    }

    @Override
    public void lattice(LatticeRequest request, StreamObserver<LatticeResponse> responses) {
        unary("Lattice", responses, () -> {
            ConceptLattice lattice = workspace.lattice(request.getContext(), request.getMinSupport());
            FormalContext context = lattice.context();
            LatticeResponse.Builder out = LatticeResponse.newBuilder()
                    .addAllObjects(context.objects()).addAllAttributes(context.attributes());
            for (io.multisystem.lattice.mining.Concept c : lattice.concepts()) {
                out.addConcepts(concept(c, context));
            }
            for (int[] pair : lattice.coverPairs()) {
                out.addCovers(Cover.newBuilder().setLower(pair[0]).setUpper(pair[1]));
            }
            conceptsEmitted.increment(lattice.size());
            return out.build();
        });
    }

    @Override
    public void update(UpdateRequest request, StreamObserver<ContextInfo> responses) {
        unary("Update", responses, () -> {
            List<ContextUpdate> updates = new ArrayList<>();
            for (ContextChange change : request.getChangesList()) {
                updates.add(new ContextUpdate(kind(change), change.getName(), change.getRelatedList()));
            }
            if (updates.isEmpty()) {
                throw new InvalidInputException(FormalContext.COMPONENT, "UPDATE_INVALID",
                        "an Update needs at least one change");
            }
            ContextInfo info = info(workspace.update(request.getContext(), updates));
            updatesApplied.increment(updates.size());
            return info;
        });
    }

    @Override
    public void implications(ImplicationsRequest request, StreamObserver<ImplicationsResponse> responses) {
        unary("Implications", responses, () -> {
            FormalContext context = workspace.context(request.getContext());
            ImplicationsResponse.Builder out = ImplicationsResponse.newBuilder();
            for (Implication i : workspace.implications(request.getContext())) {
                out.addImplications(Rule.newBuilder().addAllPremise(names(i.premise(), context.attributes()))
                        .addAllConclusion(names(i.conclusion(), context.attributes()))
                        .setSupport(context.extentOf(i.premise()).size()).setConfidence(1.0));
            }
            if (request.getMinConfidence() > 0) {
                for (AssociationRule r : AssociationRules.luxenburgerBasis(
                        workspace.lattice(request.getContext(), request.getMinSupport()), request.getMinConfidence())) {
                    out.addAssociationRules(Rule.newBuilder().addAllPremise(names(r.premise(), context.attributes()))
                            .addAllConclusion(names(r.conclusion(), context.attributes()))
                            .setSupport(r.supportCount()).setConfidence(r.confidence()));
                }
            }
            return out.build();
        });
    }

    @Override
    public void loadTaxonomy(LoadTaxonomyRequest request, StreamObserver<TaxonomyInfo> responses) {
        unary("LoadTaxonomy", responses, () -> {
            Taxonomy taxonomy = switch (request.getFormat()) {
                case TAXONOMY_FORMAT_OBO -> TaxonomyFormats.parseObo(request.getContent());
                case TAXONOMY_FORMAT_EDGE_LIST -> TaxonomyFormats.parseEdgeList(request.getContent());
                case TAXONOMY_FORMAT_GO_SQLITE -> {
                    if (request.getServerPath().isBlank()) {
                        throw new InvalidInputException(FormalContext.COMPONENT, "SERVER_PATH_REQUIRED",
                                "TAXONOMY_FORMAT_GO_SQLITE reads server_path; set it to the GO.sqlite file");
                    }
                    yield GeneOntologyDatabase.read(Path.of(request.getServerPath()));
                }
                default -> TaxonomyFormats.parse(request.getContent());
            };
            Taxonomy stored = workspace.loadTaxonomy(request.getName(), taxonomy);
            return TaxonomyInfo.newBuilder().setName(request.getName()).setTerms(stored.termCount())
                    .setEdges(stored.edgeCount()).addAllRelations(stored.relations()).build();
        });
    }

    @Override
    public void ancestors(AncestorsRequest request, StreamObserver<TermsResponse> responses) {
        unary("Ancestors", responses, () -> {
            Taxonomy t = workspace.taxonomy(request.getTaxonomy());
            Set<String> via = new LinkedHashSet<>(request.getViaList());
            int term = t.termOf(request.getTerm());
            IndexSet found = request.getDescendants() ? t.descendants(term, via) : t.ancestors(term, via);
            return TermsResponse.newBuilder().addAllTerms(terms(t, found, via)).build();
        });
    }

    @Override
    public void commonSubsumers(CommonSubsumersRequest request, StreamObserver<CommonSubsumersResponse> responses) {
        unary("CommonSubsumers", responses, () -> {
            Taxonomy t = workspace.taxonomy(request.getTaxonomy());
            Set<String> via = new LinkedHashSet<>(request.getViaList());
            List<Integer> ids = request.getTermsList().stream().map(t::termOf).toList();
            CommonSubsumersResponse.Builder out = CommonSubsumersResponse.newBuilder()
                    .addAllCommon(terms(t, t.commonSubsumers(ids, via), via))
                    .addAllLeast(terms(t, t.leastCommonSubsumers(ids, via), via));
            t.lowestCommonAncestor(ids, via).ifPresent(l -> out.setLowest(term(t, l, via)));
            return out.build();
        });
    }

    @Override
    public void infer(InferRequest request, StreamObserver<InferResponse> responses) {
        unary("Infer", responses, () -> {
            Taxonomy t = workspace.taxonomy(request.getTaxonomy());
            List<HornRule> rules = request.getRules().isBlank() ? HornRule.geneOntologyDefaults()
                    : HornRule.parseAll(request.getRules());
            HornReasoner.Inference inference = HornReasoner.infer(t, rules);
            factsInferred.increment(inference.inferredCount());
            InferResponse.Builder out = InferResponse.newBuilder().setFacts(inference.factCount())
                    .setInferred(inference.inferredCount()).setRounds(inference.rounds());
            for (Fact f : request.getExplainList()) {
                List<String> proof = inference.explain(f.getRelation(), f.getChild(), f.getParent());
                out.addExplanations(Explanation.newBuilder().setFact(f).setHolds(!proof.isEmpty())
                        .addAllProof(proof));
            }
            return out.build();
        });
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> responses) {
        unary("Query", responses, () -> {
            Timer.Sample sample = Timer.start(meters);
            QueryResult result = workspace.query(request.getQuery());
            sample.stop(Timer.builder("lattice.queries").description("Query executions by kind")
                    .tag("kind", result.kind()).register(meters));
            QueryResponse.Builder out = QueryResponse.newBuilder().setKind(result.kind())
                    .addAllColumns(result.columns());
            for (List<String> row : result.rows()) {
                out.addRows(Row.newBuilder().addAllCells(row));
            }
            return out.build();
        });
    }

    @Override
    public void export(ExportRequest request, StreamObserver<ExportResponse> responses) {
        unary("Export", responses, () -> {
            Diagram diagram = switch (request.getSourceCase()) {
                case CONTEXT -> workspace.latticeDiagram(request.getContext(), request.getMinSupport());
                case TAXONOMY -> workspace.taxonomyDiagram(request.getTaxonomy(), request.getTermsList(),
                        new LinkedHashSet<>(request.getViaList()));
                default -> throw new InvalidInputException(FormalContext.COMPONENT, "SOURCE_REQUIRED",
                        "Export needs a context or a taxonomy");
            };
            String content = request.getFormat() == ExportFormat.EXPORT_FORMAT_SVG ? DiagramWriter.svg(diagram)
                    : DiagramWriter.dot(diagram);
            return ExportResponse.newBuilder().setContent(content).setNodes(diagram.size())
                    .setEdges(diagram.edges().size()).build();
        });
    }

    /** Parses a context in the given (or guessed) format. */
    public static FormalContext parseContext(io.multisystem.lattice.v1.ContextFormat format, String content) {
        return switch (format) {
            case CONTEXT_FORMAT_CXT -> BurmeisterFormat.parse(content);
            case CONTEXT_FORMAT_CSV -> CsvFormat.parseBinary(content);
            case CONTEXT_FORMAT_JSON -> JsonFormat.parse(content);
            default -> {
                String head = content.stripLeading();
                yield head.startsWith("{") ? JsonFormat.parse(content)
                        : head.startsWith("B\n") || head.startsWith("B\r") ? BurmeisterFormat.parse(content)
                        : CsvFormat.parseBinary(content);
            }
        };
    }

    private <T> void unary(String method, StreamObserver<T> responses, Supplier<T> call) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "ok";
        try {
            T result = call.get();
            responses.onNext(result);
            responses.onCompleted();
        } catch (RuntimeException e) {
            outcome = "error";
            responses.onError(GrpcErrors.toStatusException(e));
        } finally {
            sample.stop(timer(method, outcome));
        }
    }

    private Timer timer(String method, String outcome) {
        return Timer.builder("lattice.rpc").description("LatticeService calls").tag("method", method)
                .tag("outcome", outcome).register(meters);
    }

    private static ContextUpdate.Kind kind(ContextChange change) {
        return switch (change.getKind()) {
            case UPDATE_KIND_ADD_OBJECT -> ContextUpdate.Kind.ADD_OBJECT;
            case UPDATE_KIND_REMOVE_OBJECT -> ContextUpdate.Kind.REMOVE_OBJECT;
            case UPDATE_KIND_ADD_ATTRIBUTE -> ContextUpdate.Kind.ADD_ATTRIBUTE;
            case UPDATE_KIND_REMOVE_ATTRIBUTE -> ContextUpdate.Kind.REMOVE_ATTRIBUTE;
            case UPDATE_KIND_ADD_INCIDENCE -> ContextUpdate.Kind.ADD_INCIDENCE;
            case UPDATE_KIND_REMOVE_INCIDENCE -> ContextUpdate.Kind.REMOVE_INCIDENCE;
            default -> throw new InvalidInputException(FormalContext.COMPONENT, "UPDATE_INVALID",
                    "change of '" + change.getName() + "' has no kind; set kind to UPDATE_KIND_ADD_OBJECT etc.");
        };
    }

    static ContextInfo info(LatticeWorkspace.ContextSummary s) {
        return ContextInfo.newBuilder().setName(s.name()).setObjects(s.objects()).setAttributes(s.attributes())
                .setIncidences(s.incidences()).setConcepts(s.concepts()).setIncremental(s.incremental()).build();
    }

    private static Concept concept(io.multisystem.lattice.mining.Concept c, FormalContext context) {
        Concept.Builder b = Concept.newBuilder().setSupport(c.support());
        c.extent().forEach(b::addExtent);
        c.intent().forEach(m -> {
            b.addIntent(m);
            b.addIntentNames(context.attributes().get(m));
        });
        return b.build();
    }

    private static List<String> names(IndexSet set, List<String> names) {
        List<String> out = new ArrayList<>(set.size());
        set.forEach(i -> out.add(names.get(i)));
        return out;
    }

    private static Term term(Taxonomy t, int id, Set<String> via) {
        return Term.newBuilder().setId(t.id(id)).setName(t.name(id)).setDepth(t.depth(id, via)).build();
    }

    private static List<Term> terms(Taxonomy t, IndexSet set, Set<String> via) {
        List<Term> out = new ArrayList<>(set.size());
        set.forEach(i -> out.add(term(t, i, via)));
        out.sort(java.util.Comparator.comparingInt(Term::getDepth).thenComparing(Term::getId));
        return out;
    }
}
