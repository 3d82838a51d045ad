package io.multisystem.lattice.cli;

import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.context.ScaleDefinition;
import io.multisystem.lattice.grpc.LatticeGrpcService;
import io.multisystem.lattice.v1.AncestorsRequest;
import io.multisystem.lattice.v1.CommonSubsumersRequest;
import io.multisystem.lattice.v1.CommonSubsumersResponse;
import io.multisystem.lattice.v1.Concept;
import io.multisystem.lattice.v1.ConceptsChunk;
import io.multisystem.lattice.v1.ConceptsRequest;
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
import io.multisystem.lattice.v1.LoadContextRequest;
import io.multisystem.lattice.v1.LoadTaxonomyRequest;
import io.multisystem.lattice.v1.QueryRequest;
import io.multisystem.lattice.v1.QueryResponse;
import io.multisystem.lattice.v1.Rule;
import io.multisystem.lattice.v1.TaxonomyFormat;
import io.multisystem.lattice.v1.TaxonomyInfo;
import io.multisystem.lattice.v1.Term;
import io.multisystem.lattice.v1.UpdateKind;
import io.multisystem.lattice.v1.UpdateRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The domain verbs of {@code bin/lattice-engine}. JSON shapes are documented in specs/lattice-engine.md. */
final class LatticeCommands {
    private LatticeCommands() {
    }

    static List<Object> all() {
        return List.of(new Load(), new Concepts(), new LatticeCmd(), new Implications(), new Update(),
                new TaxonomyCmd(), new Ancestors(), new Lca(), new Infer(), new Query(), new Draw());
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = {"Store a context (.cxt, .csv one-hot, .json) under a name.",
                    "With --many-valued or --scale, FILE is a many-valued CSV turned into a formal context by"
                            + " conceptual scaling; attributes without --scale are scaled nominally."})
    static final class Load extends LatticeCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;
        @Option(names = "--many-valued", description = "FILE is a many-valued CSV (one value per cell).")
        boolean manyValued;
        @Option(names = "--scale", paramLabel = "ATTR=KIND[:ARGS]",
                description = {"Scale of a many-valued attribute (repeatable): nominal[:v1,v2,...],"
                        + " ordinal:t1,t2,... (a<=t), ordinal-at-least:t1,... (a>=t), interordinal:t1,...,"
                        + " biordinal:LOWER|UPPER (e.g. temp=biordinal:5,10|25,30), interval:b0,b1,...",
                        "e.g. --scale age=ordinal:18,65 --scale colour=nominal"})
        List<String> scales = new ArrayList<>();

        @Override
        public Integer call() {
            LoadContextRequest.Builder request = LoadContextRequest.newBuilder().setName(name)
                    .setFormat(formatOf(file));
            if (manyValued || !scales.isEmpty()) {
                request.setManyValued(true);
                for (String text : scales) {
                    request.addScales(LatticeGrpcService.toMessage(ScaleDefinition.parse(text)));
                }
            }
            request.setContent(read(file));
            ContextInfo info = withService(stub -> stub.loadContext(request.build()));
            Map<String, Object> json = contextJson(info);
            if (info.getScaledAttributesCount() > 0) {
                json.put("scaledAttributes", info.getScaledAttributesList());
            }
            console().result(json, () -> String.format("context %s: %d objects, %d attributes, %d"
                    + " incidences", info.getName(), info.getObjects(), info.getAttributes(), info.getIncidences())
                    + (info.getScaledAttributesCount() > 0 ? "\nscaled attributes: "
                    + String.join(", ", info.getScaledAttributesList()) : ""));
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "concepts", mixinStandardHelpOptions = true,
            description = "All formal concepts of a context (FILE or --context); --count prints only the number.")
    static final class Concepts extends LatticeCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
        Path file;
        @Option(names = "--context", paramLabel = "NAME", description = "A stored context instead of FILE.")
        String context;
        @Option(names = "--count", description = "Print only the number of concepts.")
        boolean count;
        @Option(names = "--min-support", defaultValue = "0", paramLabel = "N",
                description = "Only concepts with at least N objects (iceberg).")
        int minSupport;
        @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Print at most N (0 = all).")
        int limit;

        @Override
        public Integer call() {
            requireOneSource(file, context);
            List<Map<String, Object>> shown = new ArrayList<>();
            long total = withService(file != null, stub -> {
                String name = file != null ? loadFile(stub, file) : context;
                Iterator<ConceptsChunk> chunks = stub.concepts(ConceptsRequest.newBuilder().setContext(name)
                        .setMinSupport(minSupport).setCountOnly(count).build());
                long n = 0;
                while (chunks.hasNext()) {
                    ConceptsChunk chunk = chunks.next();
                    for (Concept c : chunk.getConceptsList()) {
                        if (limit == 0 || shown.size() < limit) {
                            shown.add(conceptJson(c));
                        }
                    }
                    if (chunk.getLast()) {
                        n = chunk.getTotal();
                    }
                }
                return n;
            });
            if (count) {
                console().result(Map.of("count", total), () -> Long.toString(total));
            } else {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("count", total);
                json.put("concepts", shown);
                console().result(json, () -> {
                    StringBuilder out = new StringBuilder();
                    for (Map<String, Object> c : shown) {
                        out.append(String.format("%6s  {%s}%n", c.get("support"), String.join(", ",
                                castList(c.get("intent")))));
                    }
                    return out.append(total).append(" concepts").toString();
                });
            }
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "lattice", mixinStandardHelpOptions = true,
            description = "The concept lattice with its cover (Hasse) edges.")
    static final class LatticeCmd extends LatticeCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
        Path file;
        @Option(names = "--context", paramLabel = "NAME")
        String context;
        @Option(names = "--min-support", defaultValue = "0", paramLabel = "N")
        int minSupport;

        @Override
        public Integer call() {
            requireOneSource(file, context);
            LatticeResponse lattice = withService(file != null, stub -> stub.lattice(LatticeRequest.newBuilder()
                    .setContext(file != null ? loadFile(stub, file) : context).setMinSupport(minSupport).build()));
            List<Map<String, Object>> concepts = new ArrayList<>();
            for (Concept c : lattice.getConceptsList()) {
                concepts.add(conceptJson(c));
            }
            List<int[]> covers = lattice.getCoversList().stream().map(c -> new int[] {c.getLower(), c.getUpper()})
                    .toList();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("concepts", concepts);
            json.put("covers", covers);
            console().result(json, () -> {
                StringBuilder out = new StringBuilder();
                for (int i = 0; i < concepts.size(); i++) {
                    out.append(String.format("%5d  %6s  {%s}%n", i, concepts.get(i).get("support"),
                            String.join(", ", castList(concepts.get(i).get("intent")))));
                }
                return out.append(concepts.size()).append(" concepts, ").append(covers.size())
                        .append(" cover edges").toString();
            });
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "implications", mixinStandardHelpOptions = true,
            description = "The Duquenne-Guigues basis; with --min-confidence also association rules.")
    static final class Implications extends LatticeCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
        Path file;
        @Option(names = "--context", paramLabel = "NAME")
        String context;
        @Option(names = "--min-confidence", defaultValue = "0", paramLabel = "C")
        double minConfidence;
        @Option(names = "--min-support", defaultValue = "0", paramLabel = "N")
        int minSupport;

        @Override
        public Integer call() {
            requireOneSource(file, context);
            ImplicationsResponse r = withService(file != null, stub -> stub.implications(ImplicationsRequest
                    .newBuilder().setContext(file != null ? loadFile(stub, file) : context)
                    .setMinConfidence(minConfidence).setMinSupport(minSupport).build()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("implications", r.getImplicationsList().stream().map(LatticeCommands::ruleJson).toList());
            json.put("associationRules", r.getAssociationRulesList().stream().map(LatticeCommands::ruleJson).toList());
            console().result(json, () -> {
                StringBuilder out = new StringBuilder();
                for (Rule rule : r.getImplicationsList()) {
                    out.append(String.format("{%s} -> {%s}  (support %d)%n", String.join(", ", rule.getPremiseList()),
                            String.join(", ", rule.getConclusionList()), rule.getSupport()));
                }
                for (Rule rule : r.getAssociationRulesList()) {
                    out.append(String.format("{%s} -> {%s}  (support %d, confidence %.3f)%n",
                            String.join(", ", rule.getPremiseList()), String.join(", ", rule.getConclusionList()),
                            rule.getSupport(), rule.getConfidence()));
                }
                return out.append(r.getImplicationsCount()).append(" implications, ")
                        .append(r.getAssociationRulesCount()).append(" association rules").toString();
            });
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change a stored context; the lattice is updated in place. All changes or none.")
    static final class Update extends LatticeCommand {
        @Parameters(index = "0", paramLabel = "CONTEXT")
        String context;
        @Option(names = "--change", required = true, paramLabel = "KIND:NAME[=A,B]",
                description = "add-object:whale=water,fins  remove-object:dog  add-attribute:green=reed,frog "
                        + " remove-attribute:x  add-incidence:dog=water  remove-incidence:dog=water (repeatable,"
                        + " applied in order)")
        List<String> changes;

        @Override
        public Integer call() {
            UpdateRequest.Builder request = UpdateRequest.newBuilder().setContext(context);
            for (String change : changes) {
                request.addChanges(parseChange(change));
            }
            ContextInfo info = withService(stub -> stub.update(request.build()));
            console().result(contextJson(info), () -> String.format("context %s: %d objects, %d attributes, %s"
                    + " concepts%s", info.getName(), info.getObjects(), info.getAttributes(),
                    info.getConcepts() < 0 ? "?" : Long.toString(info.getConcepts()),
                    info.getIncremental() ? " (updated in place)" : ""));
            return ExitCode.SUCCESS.code();
        }

        static ContextChange parseChange(String spec) {
            int colon = spec.indexOf(':');
            if (colon < 0) {
                throw usage("change '" + spec + "' must look like KIND:NAME[=A,B], e.g. add-object:whale=water,fins");
            }
            String kind = spec.substring(0, colon).toUpperCase(Locale.ROOT).replace('-', '_');
            UpdateKind k;
            try {
                k = UpdateKind.valueOf("UPDATE_KIND_" + kind);
            } catch (IllegalArgumentException e) {
                throw usage("unknown change kind '" + spec.substring(0, colon) + "'; use add-object, remove-object,"
                        + " add-attribute, remove-attribute, add-incidence or remove-incidence");
            }
            String rest = spec.substring(colon + 1);
            int eq = rest.indexOf('=');
            ContextChange.Builder b = ContextChange.newBuilder().setKind(k)
                    .setName(eq < 0 ? rest : rest.substring(0, eq));
            if (eq >= 0 && eq < rest.length() - 1) {
                b.addAllRelated(Arrays.stream(rest.substring(eq + 1).split(",")).map(String::strip).toList());
            }
            return b.build();
        }
    }

    @Command(name = "taxonomy", mixinStandardHelpOptions = true, description = "Taxonomies (hierarchies).",
            subcommands = TaxonomyLoad.class)
    static final class TaxonomyCmd {
    }

    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Store a taxonomy: OBO 1.4, edge list (CHILD PARENT [RELATION]) or GO.sqlite (GO.db).")
    static final class TaxonomyLoad extends LatticeCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;
        @Option(names = "--format", defaultValue = "auto", paramLabel = "auto|obo|edges|go-sqlite")
        String format;

        @Override
        public Integer call() {
            LoadTaxonomyRequest.Builder request = LoadTaxonomyRequest.newBuilder().setName(name);
            String f = format.equals("auto") && file.toString().endsWith(".sqlite") ? "go-sqlite" : format;
            switch (f) {
                case "go-sqlite" -> request.setFormat(TaxonomyFormat.TAXONOMY_FORMAT_GO_SQLITE)
                        .setServerPath(file.toAbsolutePath().toString());
                case "obo" -> request.setFormat(TaxonomyFormat.TAXONOMY_FORMAT_OBO).setContent(read(file));
                case "edges" -> request.setFormat(TaxonomyFormat.TAXONOMY_FORMAT_EDGE_LIST).setContent(read(file));
                case "auto" -> request.setContent(read(file));
                default -> throw usage("--format must be auto, obo, edges or go-sqlite, was " + format);
            }
            TaxonomyInfo info = withService(stub -> stub.loadTaxonomy(request.build()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("name", info.getName());
            json.put("terms", info.getTerms());
            json.put("edges", info.getEdges());
            json.put("relations", info.getRelationsList());
            console().result(json, () -> String.format("taxonomy %s: %d terms, %d edges, relations %s",
                    info.getName(), info.getTerms(), info.getEdges(), info.getRelationsList()));
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "ancestors", mixinStandardHelpOptions = true,
            description = "Ancestors (or --descendants) of a term in a stored taxonomy.")
    static final class Ancestors extends LatticeCommand {
        @Parameters(index = "0", paramLabel = "TAXONOMY")
        String taxonomy;
        @Parameters(index = "1", paramLabel = "TERM")
        String term;
        @Option(names = "--via", paramLabel = "RELATION", split = ",", description = "Relations to follow (all).")
        List<String> via = new ArrayList<>();
        @Option(names = "--descendants", description = "Descendants instead of ancestors.")
        boolean descendants;

        @Override
        public Integer call() {
            List<Term> terms = withService(stub -> stub.ancestors(AncestorsRequest.newBuilder().setTaxonomy(taxonomy)
                    .setTerm(term).addAllVia(via).setDescendants(descendants).build()).getTermsList());
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("term", term);
            json.put(descendants ? "descendants" : "ancestors", terms.stream().map(LatticeCommands::termJson).toList());
            console().result(json, () -> renderTerms(terms));
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "lca", mixinStandardHelpOptions = true,
            description = "Lowest common ancestor and least common subsumers of terms.")
    static final class Lca extends LatticeCommand {
        @Parameters(index = "0", paramLabel = "TAXONOMY")
        String taxonomy;
        @Parameters(index = "1..*", arity = "2..*", paramLabel = "TERM")
        List<String> terms;
        @Option(names = "--via", paramLabel = "RELATION", split = ",")
        List<String> via = new ArrayList<>();

        @Override
        public Integer call() {
            CommonSubsumersResponse r = withService(stub -> stub.commonSubsumers(CommonSubsumersRequest.newBuilder()
                    .setTaxonomy(taxonomy).addAllTerms(terms).addAllVia(via).build()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("terms", terms);
            json.put("lca", r.hasLowest() ? termJson(r.getLowest()) : null);
            json.put("leastCommonSubsumers", r.getLeastList().stream().map(LatticeCommands::termJson).toList());
            json.put("commonSubsumers", r.getCommonCount());
            console().result(json, () -> (r.hasLowest() ? "lca: " + r.getLowest().getId() + "  "
                    + r.getLowest().getName() : "no common ancestor") + "\nleast common subsumers:\n"
                    + renderTerms(r.getLeastList()));
            return r.hasLowest() ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }
    }

    @Command(name = "infer", mixinStandardHelpOptions = true,
            description = "Horn-rule inference over a taxonomy, with explanations (--explain REL,CHILD,PARENT).")
    static final class Infer extends LatticeCommand {
        @Parameters(index = "0", paramLabel = "TAXONOMY")
        String taxonomy;
        @Option(names = "--rules", paramLabel = "FILE", description = "Datalog rules (default: GO is_a/part_of).")
        Path rules;
        @Option(names = "--explain", paramLabel = "REL,CHILD,PARENT")
        List<String> explain = new ArrayList<>();

        @Override
        public Integer call() {
            InferRequest.Builder request = InferRequest.newBuilder().setTaxonomy(taxonomy)
                    .setRules(rules == null ? "" : read(rules));
            for (String e : explain) {
                String[] parts = e.split(",", -1);
                if (parts.length != 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
                    throw usage("--explain needs REL,CHILD,PARENT, e.g. part_of,tail,animal; was " + e);
                }
                request.addExplain(Fact.newBuilder().setRelation(parts[0].strip()).setChild(parts[1].strip())
                        .setParent(parts[2].strip()));
            }
            InferResponse r = withService(stub -> stub.infer(request.build()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("facts", r.getFacts());
            json.put("inferred", r.getInferred());
            json.put("rounds", r.getRounds());
            json.put("explanations", r.getExplanationsList().stream().map(x -> Map.of("relation",
                    x.getFact().getRelation(), "child", x.getFact().getChild(), "parent", x.getFact().getParent(),
                    "holds", x.getHolds(), "proof", x.getProofList())).toList());
            console().result(json, () -> {
                StringBuilder out = new StringBuilder(String.format("%d facts (%d inferred) in %d rounds%n",
                        r.getFacts(), r.getInferred(), r.getRounds()));
                r.getExplanationsList().forEach(x -> {
                    if (!x.getHolds()) {
                        out.append(x.getFact().getRelation()).append('(').append(x.getFact().getChild()).append(", ")
                                .append(x.getFact().getParent()).append(")  does not hold\n");
                    }
                    x.getProofList().forEach(line -> out.append(line).append('\n'));
                });
                return out.toString().stripTrailing();
            });
            return r.getExplanationsList().stream().allMatch(x -> x.getHolds()) ? ExitCode.SUCCESS.code()
                    : ExitCode.DOMAIN_REJECTED.code();
        }
    }

    @Command(name = "query", mixinStandardHelpOptions = true,
            description = "Run a query, e.g. \"concepts in mushroom where intent contains {a, b} and support >= 100\".")
    static final class Query extends LatticeCommand {
        @Parameters(index = "0", arity = "1..*", paramLabel = "QUERY")
        List<String> words;

        @Override
        public Integer call() {
            String text = String.join(" ", words);
            QueryResponse r = withService(stub -> stub.query(QueryRequest.newBuilder().setQuery(text).build()));
            List<List<String>> rows = r.getRowsList().stream().map(row -> (List<String>) row.getCellsList()).toList();
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kind", r.getKind());
            json.put("columns", r.getColumnsList());
            json.put("rows", rows);
            console().result(json, () -> new io.multisystem.lattice.query.QueryResult(r.getKind(),
                    r.getColumnsList(), rows).render());
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "draw", mixinStandardHelpOptions = true,
            description = "Draw a lattice (FILE or --context) or a hierarchy (--taxonomy) as DOT or SVG.")
    static final class Draw extends LatticeCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE")
        Path file;
        @Option(names = "--context", paramLabel = "NAME")
        String context;
        @Option(names = "--taxonomy", paramLabel = "NAME")
        String taxonomy;
        @Option(names = "--term", paramLabel = "TERM", description = "Draw these terms and their ancestors.")
        List<String> terms = new ArrayList<>();
        @Option(names = "--via", paramLabel = "RELATION", split = ",")
        List<String> via = new ArrayList<>();
        @Option(names = "--min-support", defaultValue = "0", paramLabel = "N")
        int minSupport;
        @Option(names = "--format", defaultValue = "dot", paramLabel = "dot|svg")
        String format;
        @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write here instead of stdout.")
        Path out;

        @Override
        public Integer call() throws IOException {
            int sources = (file != null ? 1 : 0) + (context != null ? 1 : 0) + (taxonomy != null ? 1 : 0);
            if (sources != 1) {
                throw usage("give exactly one of FILE, --context NAME or --taxonomy NAME");
            }
            ExportFormat f = switch (format.toLowerCase(Locale.ROOT)) {
                case "dot" -> ExportFormat.EXPORT_FORMAT_DOT;
                case "svg" -> ExportFormat.EXPORT_FORMAT_SVG;
                default -> throw usage("--format must be dot or svg, was " + format);
            };
            ExportResponse r = withService(file != null, stub -> {
                ExportRequest.Builder request = ExportRequest.newBuilder().setFormat(f).setMinSupport(minSupport)
                        .addAllTerms(terms).addAllVia(via);
                if (taxonomy != null) {
                    request.setTaxonomy(taxonomy);
                } else {
                    request.setContext(file != null ? loadFile(stub, file) : context);
                }
                return stub.export(request.build());
            });
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", format.toLowerCase(Locale.ROOT));
            json.put("nodes", r.getNodes());
            json.put("edges", r.getEdges());
            if (out != null) {
                Files.writeString(out, r.getContent(), StandardCharsets.UTF_8);
                json.put("file", out.toString());
                console().result(json, () -> "wrote " + out + " (" + r.getNodes() + " nodes, " + r.getEdges()
                        + " edges)");
            } else {
                json.put("content", r.getContent());
                console().result(json, () -> r.getContent().stripTrailing());
            }
            return ExitCode.SUCCESS.code();
        }
    }

    static InvalidInputException usage(String message) {
        return new InvalidInputException(FormalContext.COMPONENT, "USAGE", message);
    }

    static Map<String, Object> contextJson(ContextInfo info) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", info.getName());
        json.put("objects", info.getObjects());
        json.put("attributes", info.getAttributes());
        json.put("incidences", info.getIncidences());
        json.put("concepts", info.getConcepts());
        json.put("incremental", info.getIncremental());
        return json;
    }

    static Map<String, Object> conceptJson(Concept c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("support", c.getSupport());
        json.put("intent", c.getIntentNamesList());
        json.put("extent", c.getExtentList());
        return json;
    }

    static Map<String, Object> ruleJson(Rule r) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("premise", r.getPremiseList());
        json.put("conclusion", r.getConclusionList());
        json.put("support", r.getSupport());
        json.put("confidence", r.getConfidence());
        return json;
    }

    static Map<String, Object> termJson(Term t) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", t.getId());
        json.put("name", t.getName());
        json.put("depth", t.getDepth());
        return json;
    }

    static String renderTerms(List<Term> terms) {
        StringBuilder out = new StringBuilder();
        for (Term t : terms) {
            out.append(String.format("%-14s %3d  %s%n", t.getId(), t.getDepth(), t.getName()));
        }
        return out.append(terms.size()).append(terms.size() == 1 ? " term" : " terms").toString();
    }

    @SuppressWarnings("unchecked")
    static List<String> castList(Object o) {
        return (List<String>) o;
    }
}
