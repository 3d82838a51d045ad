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
import io.multisystem.contract.v1.AuthorizeRequest;
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

/** The domain verbs: check, validate, compile, authorize, fmt, conformance. In-process by default, or {@code --server}. */
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
