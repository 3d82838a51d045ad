package io.multisystem.contract.conformance;

import io.multisystem.contract.eval.Authorizer;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.JsonCodec;
import io.multisystem.contract.eval.PolicyEvaluator;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.wasm.WasmCompiler;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.contract.schema.Schema;
import io.multisystem.contract.schema.SchemaParser;
import io.multisystem.contract.schema.Validator;
import io.multisystem.contract.value.CRecord;
import io.multisystem.core.error.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * Runs test files in the Cedar integration-test format (policies file, entities, schema, shouldValidate, requests
 * with expected decision, reasons and erroring policies) against one back end, and reports every disagreement.
 * Paths inside a test file are resolved against the directory given and its ancestors (Cedar's tests name them
 * relative to the repository's test root).
 */
public final class ConformanceRunner {
    /** One disagreement: which test file, which request (or "validation"), expected vs actual. */
    public record Failure(String test, String request, String expected, String actual) {
    }

    /**
     * Totals. {@code unsupportedRequests} counts requests of test files whose policies the back end refused to compile
     * (a construct it does not support, e.g. the wasm back end): they are neither passed nor failed.
     */
    public record Report(int files, int requests, int passedRequests, int validations, int passedValidations,
            int unsupportedRequests, List<Failure> failures) {
        public boolean allPassed() {
            return failures.isEmpty() && unsupportedRequests == 0;
        }

        public int failedRequests() {
            return requests - passedRequests - unsupportedRequests;
        }
    }

    private final Function<List<Policy>, PolicyEvaluator> backend;

    public ConformanceRunner(Function<List<Policy>, PolicyEvaluator> backend) {
        this.backend = backend;
    }

    /** Every {@code *.json} file under {@code dir} that has a "policies" member. */
    public static List<Path> findTests(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("contract-compiler", "NOT_A_DIRECTORY", dir + " is not a directory");
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".entities.json"))
                    .filter(ConformanceRunner::isTestFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isTestFile(Path p) {
        try {
            String head = Files.readString(p);
            return head.contains("\"policies\"") && head.contains("\"requests\"");
        } catch (IOException e) {
            return false;
        }
    }

    public Report run(Path dir) {
        List<Failure> failures = new ArrayList<>();
        int files = 0, requests = 0, passed = 0, validations = 0, passedValidations = 0, unsupported = 0;
        for (Path test : findTests(dir)) {
            files++;
            String name = dir.relativize(test).toString();
            JsonNode t = JsonCodec.read(read(test), name);
            Schema schema;
            List<Policy> policies;
            Entities entities;
            try {
                schema = SchemaParser.parse(t.get("schema").asString(), read(resolve(dir, test, t.get("schema").asString())));
                policies = SourceParser.parsePolicies(t.get("policies").asString(),
                        read(resolve(dir, test, t.get("policies").asString())));
                entities = JsonCodec.entities(JsonCodec.read(read(resolve(dir, test, t.get("entities").asString())), "entities"),
                        schema);
            } catch (RuntimeException e) {
                int n = t.path("requests").size();
                requests += n;
                failures.add(new Failure(name, "setup", "loads", e.getMessage()));
                continue;
            }
            boolean shouldValidate = t.path("shouldValidate").asBoolean(true);
            validations++;
            List<Validator.Issue> issues = Validator.validate(schema, policies);
            if (issues.isEmpty() == shouldValidate) {
                passedValidations++;
            } else {
                failures.add(new Failure(name, "validation", shouldValidate ? "valid" : "invalid",
                        issues.isEmpty() ? "valid" : "invalid: " + issues.get(0)));
            }
            PolicyEvaluator ev;
            try {
                ev = backend.apply(policies);
            } catch (WasmCompiler.UnsupportedConstructException e) {
                int n = t.path("requests").size();
                requests += n;
                unsupported += n;
                continue;
            }
            for (JsonNode r : t.path("requests")) {
                requests++;
                String desc = r.path("description").asString();
                try {
                    Request req = request(r, schema);
                    Response resp = Authorizer.authorize(ev, req, entities);
                    String expected = r.path("decision").asString().toUpperCase() + " reasons=" + ids(r.path("reason"))
                            + " errors=" + ids(r.path("errors"));
                    Set<String> errs = new TreeSet<>();
                    resp.errors().forEach(e -> errs.add(e.policyId()));
                    String actual = resp.decision() + " reasons=" + new TreeSet<>(resp.reasons()) + " errors=" + errs;
                    if (expected.equals(actual)) {
                        passed++;
                    } else {
                        failures.add(new Failure(name, desc, expected, actual + describeErrors(resp)));
                    }
                } catch (RuntimeException e) {
                    failures.add(new Failure(name, desc, r.path("decision").asString(), "exception: " + e));
                }
            }
        }
        return new Report(files, requests, passed, validations, passedValidations, unsupported, failures);
    }

    private static String describeErrors(Response r) {
        return r.errors().isEmpty() ? "" : " " + r.errors();
    }

    public static Request request(JsonNode r, Schema schema) {
        var action = JsonCodec.uid(r.get("action"), "action");
        CRecord ctx = JsonCodec.context(r.get("context"), schema, action);
        return new Request(JsonCodec.uid(r.get("principal"), "principal"), action,
                JsonCodec.uid(r.get("resource"), "resource"), ctx);
    }

    private static Set<String> ids(JsonNode arr) {
        Set<String> out = new TreeSet<>();
        for (JsonNode n : arr) {
            out.add(n.asString());
        }
        return out;
    }

    static Path resolve(Path root, Path test, String rel) {
        for (Path base = test.getParent(); base != null; base = base.getParent()) {
            Path p = base.resolve(rel);
            if (Files.exists(p)) {
                return p;
            }
            if (base.equals(root.getParent())) {
                break;
            }
        }
        throw new InvalidInputException("contract-compiler", "MISSING_FILE", "test " + test + " names " + rel
                + ", which is not found under " + root + " or its parents");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
