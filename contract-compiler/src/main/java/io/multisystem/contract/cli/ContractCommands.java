package io.multisystem.contract.cli;

import io.grpc.ManagedChannel;
import io.multisystem.contract.conformance.ConformanceRunner;
import io.multisystem.contract.engine.Backend;
import io.multisystem.contract.engine.Contract;
import io.multisystem.contract.engine.ContractEngine;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.JsonCodec;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.contract.jvm.JvmCompiler;
import io.multisystem.contract.wasm.WasmCompiler;
import io.multisystem.contract.lang.Expr;
import io.multisystem.contract.lang.Printer;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.contract.schema.Schema;
import io.multisystem.contract.schema.Validator;
import io.multisystem.contract.v1.AnalysisExample;
import io.multisystem.contract.v1.AnalysisFinding;
import io.multisystem.contract.v1.AnalyzeRequest;
import io.multisystem.contract.v1.AnalyzeResponse;
import io.multisystem.contract.v1.AuthorizeRequest;
import io.multisystem.contract.v1.CheckResult;
import io.multisystem.contract.v1.Verdict;
import io.multisystem.contract.v1.AuthorizeResponse;
import io.multisystem.contract.v1.AuthzRequest;
import io.multisystem.contract.v1.CompileRequest;
import io.multisystem.contract.v1.CompileResponse;
import io.multisystem.contract.v1.ContractServiceGrpc;
import io.multisystem.contract.v1.Decision;
import io.multisystem.contract.v1.EntityRef;
import io.multisystem.contract.v1.Source;
import io.multisystem.contract.v1.ValidateRequest;
import io.multisystem.contract.v1.ValidateResponse;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.error.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The domain verbs: check, validate, compile, authorize, analyze, fmt, conformance. In-process by default, or {@code --server}. */
final class ContractCommands {
    private ContractCommands() {
    }

    static io.multisystem.contract.v1.Backend protoBackend(Backend b) {
        switch (b) {
            case INTERPRETER: return io.multisystem.contract.v1.Backend.BACKEND_INTERPRETER;
            case WASM: return io.multisystem.contract.v1.Backend.BACKEND_WASM;
            default: return io.multisystem.contract.v1.Backend.BACKEND_JVM;
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(ContractEngine.COMPONENT, "FILE_UNREADABLE", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static ContractServiceGrpc.ContractServiceBlockingStub stub(ManagedChannel channel) {
        return ContractServiceGrpc.newBlockingStub(channel);
    }

    private static ManagedChannel channel(CommonOptions common) {
        return common.clientFactory().open(common.server().orElseThrow().toString());
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Parse contract files; every error is reported as file:line:col with a caret.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*", description = "Contract files (.cedar).")
        List<Path> files;
        @Mixin
        CommonOptions common;

        public Integer call() {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Path f : files) {
                String text = read(f);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("file", f.toString());
                if (common.server().isPresent()) {
                    ManagedChannel ch = channel(common);
                    try {
                        CompileResponse r = stub(ch).compile(CompileRequest.newBuilder()
                                .setSource(Source.newBuilder().setName(f.toString()).setText(text)).build());
                        m.put("contractId", r.getContractId());
                        m.put("policies", r.getPolicies());
                        m.put("templates", r.getTemplates());
                        m.put("rateLimits", r.getRateLimits());
                        m.put("slas", r.getSlas());
                    } finally {
                        ch.shutdownNow();
                    }
                } else {
                    Contract c = new ContractEngine().compile(f.toString(), text);
                    m.put("contractId", c.id());
                    m.put("policies", c.policies().size());
                    m.put("templates", c.templates().size());
                    m.put("rateLimits", c.file().rateLimits().size());
                    m.put("slas", c.file().slas().size());
                }
                out.add(m);
            }
            common.console().result(out, () -> out.stream().map(m -> m.get("file") + ": ok, " + m.get("policies")
                    + " policies, " + m.get("templates") + " templates, " + m.get("rateLimits") + " rate limits, "
                    + m.get("slas") + " SLAs").collect(Collectors.joining("\n")));
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Type-check policies against a Cedar schema (.cedarschema or JSON). Exit 1 when invalid.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Policy file.")
        Path file;
        @Option(names = "--schema", required = true, paramLabel = "SCHEMA", description = "Schema file.")
        Path schema;
        @Mixin
        CommonOptions common;

        public Integer call() {
            String text = read(file);
            String schemaText = read(schema);
            List<Map<String, String>> issues = new ArrayList<>();
            if (common.server().isPresent()) {
                ManagedChannel ch = channel(common);
                try {
                    ValidateResponse r = stub(ch).validate(ValidateRequest.newBuilder()
                            .setSource(Source.newBuilder().setName(file.toString()).setText(text)).setSchema(schemaText).build());
                    r.getIssuesList().forEach(i -> issues.add(issue(i.getPolicyId(), i.getLocation(), i.getMessage())));
                } finally {
                    ch.shutdownNow();
                }
            } else {
                ContractEngine engine = new ContractEngine();
                Contract c = engine.compile(file.toString(), text);
                Schema s = io.multisystem.contract.schema.SchemaLoader.load(schema.toString(), schemaText);
                for (Validator.Issue i : engine.validate(c, s)) {
                    issues.add(issue(i.policyId(), i.loc().toString(), i.message()));
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("valid", issues.isEmpty());
            result.put("issues", issues);
            common.console().result(result, () -> issues.isEmpty() ? "valid" : issues.stream()
                    .map(i -> i.get("location") + ": " + i.get("policyId") + ": " + i.get("message")).collect(Collectors.joining("\n")));
            return issues.isEmpty() ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }

        private static Map<String, String> issue(String id, String loc, String msg) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("policyId", id);
            m.put("location", loc);
            m.put("message", msg);
            return m;
        }
    }

    @Command(name = "compile", mixinStandardHelpOptions = true,
            description = "Compile policies to a JVM class file (--target jvm) or a WebAssembly module (--target wasm).")
    static final class Compile implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Policy file.")
        Path file;
        @Option(names = "--target", defaultValue = "jvm", paramLabel = "TARGET", description = "jvm or wasm.")
        String target;
        @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Output file (default: FILE with .class or .wasm).")
        Path out;
        @Mixin
        CommonOptions common;

        public Integer call() throws IOException {
            Contract c = new ContractEngine().compile(file.toString(), read(file));
            byte[] bytes;
            String ext;
            switch (target) {
                case "jvm":
                    bytes = JvmCompiler.classBytes(c.policies());
                    ext = ".class";
                    break;
                case "wasm":
                    bytes = WasmCompiler.compile(c.policies());
                    ext = ".wasm";
                    break;
                default:
                    throw new InvalidInputException(ContractEngine.COMPONENT, "UNKNOWN_TARGET", "unknown --target " + target + "; use jvm or wasm");
            }
            Path dest = out != null ? out : Path.of(file.toString().replaceAll("\\.[^./]*$", "") + ext);
            Files.write(dest, bytes);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("output", dest.toString());
            r.put("bytes", bytes.length);
            r.put("policies", c.policies().size());
            r.put("contractId", c.id());
            common.console().result(r, () -> "wrote " + dest + " (" + bytes.length + " bytes, " + c.policies().size() + " policies)");
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "authorize", mixinStandardHelpOptions = true,
            description = "Decide one request. Exit 0 on allow, 1 on deny; prints the determining policies and why permits did not apply.")
    static final class Authorize implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Policy file.")
        Path file;
        @Option(names = "--entities", paramLabel = "JSON", description = "Entities file (Cedar JSON).")
        Path entities;
        @Option(names = "--schema", paramLabel = "SCHEMA", description = "Optional schema for reading values.")
        Path schema;
        @Option(names = "--principal", required = true, paramLabel = "UID", description = "e.g. User::\"alice\"")
        String principal;
        @Option(names = "--action", required = true, paramLabel = "UID", description = "e.g. Action::\"view\"")
        String action;
        @Option(names = "--resource", required = true, paramLabel = "UID", description = "e.g. Photo::\"p1\"")
        String resource;
        @Option(names = "--context", defaultValue = "{}", paramLabel = "JSON", description = "Context JSON object, or @file.")
        String context;
        @Option(names = "--backend", defaultValue = "jvm", paramLabel = "BACKEND", description = "interpreter, jvm or wasm.")
        String backend;
        @Mixin
        CommonOptions common;

        public Integer call() {
            String text = read(file);
            String entitiesJson = entities == null ? "[]" : read(entities);
            String schemaText = schema == null ? "" : read(schema);
            String ctx = context.startsWith("@") ? read(Path.of(context.substring(1))) : context;
            EntityUid p = uid(principal, "--principal"), a = uid(action, "--action"), r = uid(resource, "--resource");
            Map<String, Object> out = new LinkedHashMap<>();
            boolean allowed;
            if (common.server().isPresent()) {
                ManagedChannel ch = channel(common);
                try {
                    AuthorizeResponse resp = stub(ch).authorize(AuthorizeRequest.newBuilder()
                            .setSource(Source.newBuilder().setName(file.toString()).setText(text))
                            .setEntitiesJson(entitiesJson).setSchema(schemaText)
                            .setBackend(protoBackend(Backend.parse(backend)))
                            .setRequest(AuthzRequest.newBuilder().setPrincipal(ref(p)).setAction(ref(a)).setResource(ref(r)).setContextJson(ctx))
                            .build());
                    allowed = resp.getDecision() == Decision.DECISION_ALLOW;
                    out.put("decision", allowed ? "allow" : "deny");
                    out.put("reasons", resp.getReasonsList());
                    out.put("errors", resp.getErrorsList().stream().map(e -> Map.of("policyId", e.getPolicyId(), "message", e.getMessage())).toList());
                    out.put("notApplied", resp.getNotAppliedList().stream().map(n -> Map.of("policyId", n.getPolicyId(),
                            "reason", n.getReason(), "location", n.getLocation())).toList());
                } finally {
                    ch.shutdownNow();
                }
            } else {
                ContractEngine engine = new ContractEngine();
                Contract c = engine.compile(file.toString(), text);
                Schema s = ContractEngine.schema(schemaText);
                Entities es = ContractEngine.entities(entitiesJson, s);
                Request req = new Request(p, a, r, JsonCodec.context(JsonCodec.read(ctx, "--context"), s, a));
                Response resp = engine.authorize(c, Backend.parse(backend), req, es);
                allowed = resp.allowed();
                out.put("decision", allowed ? "allow" : "deny");
                out.put("reasons", resp.reasons());
                out.put("errors", resp.errors().stream().map(e -> Map.of("policyId", e.policyId(), "message", e.message())).toList());
                out.put("notApplied", resp.notApplied().stream().map(n -> Map.of("policyId", n.policyId(), "reason", n.reason(),
                        "location", n.location())).toList());
            }
            common.console().result(out, () -> {
                StringBuilder sb = new StringBuilder(out.get("decision").toString().toUpperCase());
                sb.append(" reasons=").append(out.get("reasons"));
                for (Object e : (List<?>) out.get("errors")) {
                    sb.append("\n  error: ").append(e);
                }
                for (Object n : (List<?>) out.get("notApplied")) {
                    sb.append("\n  not applied: ").append(n);
                }
                return sb.toString();
            });
            return allowed ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }

        private static EntityRef ref(EntityUid u) {
            return EntityRef.newBuilder().setType(u.type()).setId(u.id()).build();
        }
    }

    static EntityUid uid(String text, String option) {
        Expr e;
        try {
            e = SourceParser.parseExpression(option, text);
        } catch (InvalidInputException ex) {
            e = null;
        }
        if (e == null || e.kind != Expr.Kind.LIT || !(((Expr.Lit) e).value instanceof EntityUid)) {
            throw new InvalidInputException(ContractEngine.COMPONENT, "BAD_ENTITY", option + " must be an entity like User::\"alice\", got `" + text + "`");
        }
        return (EntityUid) ((Expr.Lit) e).value;
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true,
            description = "SMT (Z3) analysis: prove properties of a policy set, or of it against a second set (--against), "
                    + "or print a concrete counterexample request and entity store. Exit 0 when every check holds, 1 otherwise.")
    static final class Analyze implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "Policy file.")
        Path file;
        @Option(names = "--against", paramLabel = "OTHER", description = "Second policy file for equivalent, implies, subsumes, disjoint.")
        Path against;
        @Option(names = "--check", paramLabel = "CHECK", split = ",",
                description = "always-allows, always-denies, satisfiable, never-errors, dead-rules, conflicts, redundancy, "
                        + "equivalent, implies, subsumes, disjoint or all (default: all that apply).")
        List<String> checks = new ArrayList<>();
        @Option(names = "--timeout-ms", defaultValue = "10000", paramLabel = "MS", description = "Solver time limit per query.")
        long timeoutMillis;
        @Mixin
        CommonOptions common;

        public Integer call() {
            String text = read(file);
            String otherText = against == null ? "" : read(against);
            AnalyzeResponse resp;
            if (common.server().isPresent()) {
                ManagedChannel ch = channel(common);
                try {
                    AnalyzeRequest.Builder req = AnalyzeRequest.newBuilder()
                            .setSource(Source.newBuilder().setName(file.toString()).setText(text))
                            .addAllChecks(checks).setTimeoutMillis(timeoutMillis);
                    if (against != null) {
                        req.setOther(Source.newBuilder().setName(against.toString()).setText(otherText));
                    }
                    resp = stub(ch).analyze(req.build());
                } finally {
                    ch.shutdownNow();
                }
            } else {
                ContractEngine engine = new ContractEngine();
                Contract a = engine.compile(file.toString(), text);
                Contract b = against == null ? null : engine.compile(against.toString(), otherText);
                resp = io.multisystem.contract.grpc.ContractGrpcService.toProto(
                        engine.analyze(a, b, ContractEngine.checks(checks, b != null), timeoutMillis));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            List<Map<String, Object>> results = new ArrayList<>();
            boolean allHold = true;
            for (CheckResult r : resp.getResultsList()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("check", r.getCheck());
                m.put("verdict", r.getVerdict().name().replace("VERDICT_", "").toLowerCase());
                m.put("message", r.getMessage());
                if (r.hasExample()) {
                    m.put("example", example(r.getExample()));
                }
                List<Map<String, Object>> findings = new ArrayList<>();
                for (AnalysisFinding f : r.getFindingsList()) {
                    Map<String, Object> fm = new LinkedHashMap<>();
                    fm.put("kind", f.getKind());
                    fm.put("policyId", f.getPolicyId());
                    if (!f.getOtherPolicyId().isEmpty()) {
                        fm.put("otherPolicyId", f.getOtherPolicyId());
                    }
                    fm.put("detail", f.getDetail());
                    if (f.hasWitness()) {
                        fm.put("witness", example(f.getWitness()));
                    }
                    findings.add(fm);
                }
                m.put("findings", findings);
                results.add(m);
                allHold &= r.getVerdict() == Verdict.VERDICT_HOLDS;
            }
            out.put("results", results);
            out.put("approximations", resp.getApproximationsList());
            out.put("solverMillis", resp.getSolverMillis());
            common.console().result(out, () -> {
                StringBuilder sb = new StringBuilder();
                for (Map<String, Object> m : results) {
                    sb.append(m.get("check")).append(": ").append(m.get("verdict").toString().toUpperCase()).append(" - ")
                            .append(m.get("message")).append('\n');
                    if (m.containsKey("example")) {
                        appendExample(sb, "  ", (Map<?, ?>) m.get("example"));
                    }
                    for (Object f : (List<?>) m.get("findings")) {
                        Map<?, ?> fm = (Map<?, ?>) f;
                        sb.append("  ").append(fm.get("kind")).append(' ').append(fm.get("policyId"))
                                .append(fm.containsKey("otherPolicyId") ? " / " + fm.get("otherPolicyId") : "")
                                .append(": ").append(fm.get("detail")).append('\n');
                        if (fm.containsKey("witness")) {
                            appendExample(sb, "    ", (Map<?, ?>) fm.get("witness"));
                        }
                    }
                }
                for (String a : resp.getApproximationsList()) {
                    sb.append("approximated: ").append(a).append('\n');
                }
                return sb.toString().stripTrailing();
            });
            return allHold ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }

        private static Map<String, Object> example(AnalysisExample ex) {
            Map<String, Object> m = new LinkedHashMap<>();
            AuthzRequest r = ex.getRequest();
            m.put("principal", new EntityUid(r.getPrincipal().getType(), r.getPrincipal().getId()).toString());
            m.put("action", new EntityUid(r.getAction().getType(), r.getAction().getId()).toString());
            m.put("resource", new EntityUid(r.getResource().getType(), r.getResource().getId()).toString());
            m.put("context", JsonCodec.read(r.getContextJson(), "context"));
            m.put("entities", JsonCodec.read(ex.getEntitiesJson(), "entities"));
            m.put("decision", decision(ex.getDecision()));
            if (ex.hasOtherDecision()) {
                m.put("otherDecision", decision(ex.getOtherDecision()));
            }
            m.put("confirmed", ex.getConfirmed());
            return m;
        }

        private static String decision(AuthorizeResponse d) {
            return (d.getDecision() == Decision.DECISION_ALLOW ? "allow" : "deny") + " " + d.getReasonsList()
                    + (d.getErrorsCount() == 0 ? "" : " errors " + d.getErrorsList().stream().map(e -> e.getPolicyId()
                    + ": " + e.getMessage()).toList());
        }

        private static void appendExample(StringBuilder sb, String indent, Map<?, ?> ex) {
            sb.append(indent).append("principal ").append(ex.get("principal")).append(", action ").append(ex.get("action"))
                    .append(", resource ").append(ex.get("resource")).append(", context ").append(ex.get("context")).append('\n');
            sb.append(indent).append("entities ").append(ex.get("entities")).append('\n');
            sb.append(indent).append("decision ").append(ex.get("decision"))
                    .append(ex.containsKey("otherDecision") ? "; other set: " + ex.get("otherDecision") : "")
                    .append(Boolean.TRUE.equals(ex.get("confirmed")) ? " (confirmed by the interpreter)" : " (NOT confirmed)")
                    .append('\n');
        }
    }

    @Command(name = "fmt", mixinStandardHelpOptions = true, description = "Print contract files in canonical form (or rewrite them with --write).")
    static final class Fmt implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files;
        @Option(names = "--write", description = "Rewrite the files in place.")
        boolean write;
        @Mixin
        CommonOptions common;

        public Integer call() throws IOException {
            List<Map<String, Object>> out = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (Path f : files) {
                String formatted = Printer.print(SourceParser.parse(f.toString(), read(f)));
                if (write) {
                    Files.writeString(f, formatted, StandardCharsets.UTF_8);
                }
                out.add(Map.of("file", f.toString(), "formatted", formatted));
                text.append(write ? "formatted " + f + "\n" : formatted);
            }
            common.console().result(out, () -> text.toString().stripTrailing());
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "conformance", mixinStandardHelpOptions = true,
            description = "Run every Cedar integration-test file under DIR; print pass/fail counts. Exit 1 on any failure.")
    static final class Conformance implements Callable<Integer> {
        @Parameters(paramLabel = "DIR")
        Path dir;
        @Option(names = "--backend", defaultValue = "interpreter", paramLabel = "BACKEND", description = "interpreter, jvm or wasm.")
        String backend;
        @Option(names = "--check-validation", description = "Also count shouldValidate disagreements as failures.")
        boolean checkValidation;
        @Mixin
        CommonOptions common;

        public Integer call() {
            Backend b = Backend.parse(backend);
            ConformanceRunner.Report r = new ConformanceRunner(b.factory()).run(dir);
            List<ConformanceRunner.Failure> failures = r.failures().stream()
                    .filter(f -> checkValidation || !f.request().equals("validation")).toList();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("backend", b.name().toLowerCase());
            out.put("files", r.files());
            out.put("requests", r.requests());
            out.put("passed", r.passedRequests());
            out.put("failed", r.failedRequests());
            out.put("unsupported", r.unsupportedRequests());
            out.put("validations", r.validations());
            out.put("validationsPassed", r.passedValidations());
            out.put("failures", failures);
            common.console().result(out, () -> {
                StringBuilder sb = new StringBuilder();
                for (ConformanceRunner.Failure f : failures.stream().limit(50).toList()) {
                    sb.append("FAIL ").append(f.test()).append(" [").append(f.request()).append("] expected ")
                            .append(f.expected()).append(", got ").append(f.actual()).append('\n');
                }
                return sb.append(b.name().toLowerCase()).append(": ").append(r.files()).append(" files, requests ")
                        .append(r.passedRequests()).append('/').append(r.requests()).append(" passed, ")
                        .append(r.unsupportedRequests()).append(" unsupported, validation ")
                        .append(r.passedValidations()).append('/').append(r.validations()).append(" agreed").toString();
            });
            return failures.isEmpty() && r.unsupportedRequests() == 0 ? ExitCode.SUCCESS.code() : ExitCode.DOMAIN_REJECTED.code();
        }
    }
}
