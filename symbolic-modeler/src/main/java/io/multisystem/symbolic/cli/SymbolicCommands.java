package io.multisystem.symbolic.cli;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.DurationConverter;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.symbolic.engine.SymbolicEngine;
import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.proof.ProofJson;
import io.multisystem.symbolic.saturation.Goal;
import io.multisystem.symbolic.saturation.GoalFiles;
import io.multisystem.symbolic.v1.CanonicalizeRequest;
import io.multisystem.symbolic.v1.CanonicalizeResponse;
import io.multisystem.symbolic.v1.FactorRequest;
import io.multisystem.symbolic.v1.FactorResponse;
import io.multisystem.symbolic.v1.Limits;
import io.multisystem.symbolic.v1.OptimizeRequest;
import io.multisystem.symbolic.v1.OptimizeResponse;
import io.multisystem.symbolic.v1.Point;
import io.multisystem.symbolic.v1.ProveEqualRequest;
import io.multisystem.symbolic.v1.ProveEqualResponse;
import io.multisystem.symbolic.v1.SimplifyRequest;
import io.multisystem.symbolic.v1.SimplifyResponse;
import io.multisystem.symbolic.v1.SolveRequest;
import io.multisystem.symbolic.v1.SolveResponse;
import io.multisystem.symbolic.v1.Syntax;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The domain verbs. Each builds the RPC request, runs it in-process or against {@code --server}, and prints the
 * response as text, or with {@code --output json} as the proto3 JSON mapping of the response (camelCase fields).
 */
final class SymbolicCommands {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SymbolicCommands() {
    }

    static Map<String, Object> json(MessageOrBuilder message) {
        try {
            String text = JsonFormat.printer().alwaysPrintFieldsWithNoPresence().print(message);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.readValue(text, LinkedHashMap.class);
            return map;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    static String readFile(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(InputErrors.COMPONENT, "FILE_NOT_FOUND", "the " + what + " file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException(InputErrors.COMPONENT, "FILE_UNREADABLE", "cannot read the " + what + " file " + file + ": " + e.getMessage());
        }
    }

    /** Options shared by the expression verbs. */
    static class ExpressionOptions {
        @Option(names = "--syntax", defaultValue = "auto", paramLabel = "auto|infix|sexpr",
                description = "How the expression is written (default: ${DEFAULT-VALUE}).")
        String syntax = "auto";

        Syntax proto() {
            return switch (syntax.toLowerCase()) {
                case "infix" -> Syntax.SYNTAX_INFIX;
                case "sexpr" -> Syntax.SYNTAX_SEXPR;
                case "auto" -> Syntax.SYNTAX_AUTO;
                default -> throw InputErrors.invalid("UNKNOWN_SYNTAX", "--syntax must be auto, infix or sexpr, was " + syntax);
            };
        }
    }

    /** Saturation limits. */
    static class LimitOptions {
        @Option(names = "--iterations", defaultValue = "30", description = "Iteration limit (default: ${DEFAULT-VALUE}).")
        int iterations = 30;
        @Option(names = "--nodes", defaultValue = "10000", description = "E-node limit (default: ${DEFAULT-VALUE}).")
        int nodes = 10_000;
        @Option(names = "--time-limit", defaultValue = "5s", converter = DurationConverter.class,
                description = "Time limit (default: ${DEFAULT-VALUE}).")
        Duration time = Duration.ofSeconds(5);

        Limits proto() {
            SymbolicEngine.limits(iterations, nodes, time);
            return Limits.newBuilder().setIterations(iterations).setNodes(nodes)
                    .setTime(com.google.protobuf.Duration.newBuilder().setSeconds(time.getSeconds()).setNanos(time.getNano()))
                    .build();
        }
    }

    @Command(name = "simplify", mixinStandardHelpOptions = true,
            description = "Simplify by equality saturation with the shipped rule sets; prints the result and its proof length.")
    static final class Simplify implements Callable<Integer> {
        @Parameters(paramLabel = "EXPRESSION", description = "e.g. 'sin(x)^2 + cos(x)^2' or '(+ x 0)'")
        String expression;
        @Option(names = "--rules", paramLabel = "SET|FILE", split = ",",
                description = "Shipped rule sets (arithmetic, powers-logs, trigonometry, differentiation, integration, boolean) or a rule file; default all sets.")
        List<String> rules = new ArrayList<>();
        @Option(names = "--cost", defaultValue = "size", description = "size, depth or operations (default: ${DEFAULT-VALUE}).")
        String cost;
        @Option(names = "--proof", description = "Print the proof steps.")
        boolean showProof;
        @Mixin
        ExpressionOptions expr;
        @Mixin
        LimitOptions limits;
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            SimplifyRequest.Builder request = SimplifyRequest.newBuilder().setExpression(expression).setSyntax(expr.proto())
                    .setLimits(limits.proto()).setCost(cost);
            addRules(rules, request::addRuleSets, request::setRulesText);
            try (SymbolicClient client = SymbolicClient.of(common)) {
                SimplifyResponse r = client.call(request.build(), s -> s::simplify, s -> s::simplify);
                common.console().result(json(r), () -> r.getResult().getInfix() + "\n  (" + r.getReport().getStopReason()
                        + ", " + r.getReport().getIterations() + " iterations, " + r.getReport().getNodes() + " e-nodes, "
                        + r.getProofSteps() + " proof steps, checker " + (r.getProofChecked() ? "passed" : "FAILED") + ")"
                        + (showProof ? "\n" + ProofJson.read(r.getProofJson()) : ""));
                return r.getProofChecked() ? 0 : ExitCode.DOMAIN_REJECTED.code();
            }
        }
    }

    static void addRules(List<String> rules, java.util.function.Consumer<String> addSet, java.util.function.Consumer<String> setText) {
        for (String r : rules) {
            if (r.contains("/") || r.contains(".") && Files.exists(Path.of(r))) {
                setText.accept(readFile(Path.of(r), "rules"));
            } else {
                addSet.accept(r);
            }
        }
    }

    @Command(name = "expand", mixinStandardHelpOptions = true,
            description = "Expand and collect into the canonical polynomial (or rational function in lowest terms).")
    static final class Expand implements Callable<Integer> {
        @Parameters(paramLabel = "EXPRESSION", description = "e.g. '(x+3)*(x+1)'")
        String expression;
        @Option(names = "--proof", description = "Print the canonicalisation steps (rule, position, before -> after) and the checker's verdict.")
        boolean showProof;
        @Mixin
        ExpressionOptions expr;
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            try (SymbolicClient client = SymbolicClient.of(common)) {
                CanonicalizeResponse r = client.call(CanonicalizeRequest.newBuilder().setExpression(expression)
                        .setSyntax(expr.proto()).setWithProof(showProof).build(), s -> s::canonicalize, s -> s::canonicalize);
                common.console().result(json(r), () -> (r.getPolynomial() ? r.getNumerator()
                        : "(" + r.getNumerator() + ")/(" + r.getDenominator() + ")")
                        + (showProof ? "\nproof (" + r.getProofSteps() + " canonicalisation steps, checker "
                        + (r.getProofChecked() ? "passed" : "FAILED") + "):\n" + ProofJson.read(r.getProofJson()) : ""));
                return !showProof || r.getProofChecked() ? 0 : ExitCode.DOMAIN_REJECTED.code();
            }
        }
    }

    @Command(name = "factor", mixinStandardHelpOptions = true,
            description = "Factor over the rationals (univariate completely; multivariate content and square-free).")
    static final class Factor implements Callable<Integer> {
        @Parameters(paramLabel = "EXPRESSION", description = "e.g. 'x^4 - 1'")
        String expression;
        @Option(names = "--square-free", description = "Square-free decomposition only.")
        boolean squareFree;
        @Mixin
        ExpressionOptions expr;
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            try (SymbolicClient client = SymbolicClient.of(common)) {
                FactorResponse r = client.call(FactorRequest.newBuilder().setExpression(expression).setSyntax(expr.proto())
                        .setSquareFreeOnly(squareFree).build(), s -> s::factor, s -> s::factor);
                common.console().result(json(r), r::getText);
                return 0;
            }
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "Prove an equality 'a = b'; prints the proof. Exit 1 when not proved.")
    static final class Prove implements Callable<Integer> {
        @Parameters(paramLabel = "EQUATION", arity = "1..*",
                description = "'LEFT = RIGHT' (one argument or several joined by spaces)")
        List<String> words;
        @Option(names = "--rules", paramLabel = "SET|FILE", split = ",", description = "Rule sets or a rule file (default: all shipped sets).")
        List<String> rules = new ArrayList<>();
        @Mixin
        ExpressionOptions expr;
        @Mixin
        LimitOptions limits;
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            String equation = String.join(" ", words);
            int eq = equation.indexOf('=');
            if (eq < 0 || equation.indexOf('=', eq + 1) >= 0) {
                throw InputErrors.invalid("NOT_AN_EQUATION", "write the equality as 'LEFT = RIGHT' with exactly one '=', was '" + equation + "'");
            }
            ProveEqualRequest.Builder request = ProveEqualRequest.newBuilder().setLhs(equation.substring(0, eq).strip())
                    .setRhs(equation.substring(eq + 1).strip()).setSyntax(expr.proto()).setLimits(limits.proto());
            addRules(rules, request::addRuleSets, request::setRulesText);
            try (SymbolicClient client = SymbolicClient.of(common)) {
                ProveEqualResponse r = client.call(request.build(), s -> s::proveEqual, s -> s::proveEqual);
                common.console().result(json(r), () -> {
                    StringBuilder sb = new StringBuilder(r.getStatus().name()).append(" (").append(r.getExplanation()).append(")");
                    if (!r.getProofJson().isEmpty()) {
                        sb.append("\nproof (").append(r.getProofSteps()).append(" steps, checker ")
                                .append(r.getProofChecked() ? "passed" : "FAILED").append("):\n")
                                .append(ProofJson.read(r.getProofJson()));
                    }
                    return sb.toString();
                });
                boolean ok = r.getStatus() == ProveEqualResponse.Status.PROVED
                        && (r.getProofJson().isEmpty() || r.getProofChecked());
                return ok ? 0 : ExitCode.DOMAIN_REJECTED.code();
            }
        }
    }

    @Command(name = "solve", mixinStandardHelpOptions = true,
            description = "Solve a DIMACS CNF (.cnf, SAT4J), an SMT-LIB 2 script (.smt2/.smt, Z3) or a boolean formula (--formula). Exit 1 when UNSAT.")
    static final class Solve implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", arity = "0..1", description = "file.cnf or file.smt2")
        Path file;
        @Option(names = "--formula", paramLabel = "FORMULA", description = "A boolean formula, e.g. '(and (or a b) (not a))'.")
        String formula;
        @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
                description = "Solver timeout (default: ${DEFAULT-VALUE}); UNKNOWN (exit 3) when hit.")
        Duration timeout = Duration.ofSeconds(30);
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            if ((file == null) == (formula == null)) {
                throw InputErrors.invalid("USAGE", "give either a FILE (.cnf or .smt2) or --formula");
            }
            SolveRequest.Builder request = SolveRequest.newBuilder()
                    .setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(timeout.getSeconds()).setNanos(timeout.getNano()));
            if (formula != null) {
                request.setProblem(formula).setFormat(SolveRequest.Format.BOOLEAN_FORMULA);
            } else {
                String name = file.getFileName().toString().toLowerCase();
                request.setProblem(readFile(file, "problem")).setFormat(name.endsWith(".cnf") || name.endsWith(".dimacs")
                        ? SolveRequest.Format.DIMACS : name.endsWith(".smt2") || name.endsWith(".smt")
                        ? SolveRequest.Format.SMTLIB : SolveRequest.Format.FORMAT_AUTO);
            }
            try (SymbolicClient client = SymbolicClient.of(common)) {
                SolveResponse r = client.call(request.build(), s -> s::solve, s -> s::solve);
                common.console().result(json(r), () -> render(r));
                return switch (r.getStatus()) {
                    case SATISFIABLE -> r.getModelChecked() ? 0 : ExitCode.INTERNAL.code();
                    case UNSATISFIABLE -> ExitCode.DOMAIN_REJECTED.code();
                    default -> ExitCode.UNAVAILABLE.code();
                };
            }
        }

        private static String render(SolveResponse r) {
            StringBuilder sb = new StringBuilder(r.getStatus().name()).append(" (").append(r.getSolver()).append(", ")
                    .append(r.getElapsed().getSeconds() * 1000 + r.getElapsed().getNanos() / 1_000_000).append(" ms)");
            if (r.getStatus() == SolveResponse.Status.SATISFIABLE) {
                sb.append(r.getModelChecked() ? " model checked" : " model FAILED the check");
                List<String> parts = new ArrayList<>();
                r.getModelMap().forEach((k, v) -> parts.add(k + "=" + v));
                sb.append("\n").append(String.join(" ", parts));
            } else if (r.getStatus() == SolveResponse.Status.UNSATISFIABLE && r.getUnsatCoreCount() > 0) {
                sb.append("\nunsat core: ").append(String.join(r.getSolver().equals("z3") ? "\n  " : " ", r.getUnsatCoreList()));
            } else if (!r.getReason().isEmpty()) {
                sb.append(" ").append(r.getReason());
            }
            return sb.toString();
        }
    }

    @Command(name = "optimize", mixinStandardHelpOptions = true,
            description = "Rewrite for fewest operations (CSE, equality saturation, Horner) and optionally evaluate the compiled result.")
    static final class Optimize implements Callable<Integer> {
        @Parameters(paramLabel = "EXPRESSION")
        String expression;
        @Option(names = "--at", paramLabel = "v1,v2,...", split = ";",
                description = "Evaluate at points (variables in sorted order), e.g. --at 1,2 --at 3,4.")
        List<String> points = new ArrayList<>();
        @Mixin
        ExpressionOptions expr;
        @Mixin
        LimitOptions limits;
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            OptimizeRequest.Builder request = OptimizeRequest.newBuilder().setExpression(expression).setSyntax(expr.proto())
                    .setLimits(limits.proto());
            for (String p : points) {
                Point.Builder point = Point.newBuilder();
                for (String v : p.split(",")) {
                    try {
                        point.addValues(Double.parseDouble(v.strip()));
                    } catch (NumberFormatException e) {
                        throw InputErrors.invalid("INVALID_NUMBER", "--at value '" + v + "' is not a number");
                    }
                }
                request.addPoints(point);
            }
            try (SymbolicClient client = SymbolicClient.of(common)) {
                OptimizeResponse r = client.call(request.build(), s -> s::optimize, s -> s::optimize);
                common.console().result(json(r), () -> r.getOptimized().getInfix() + "\n  (" + r.getMethod() + ": "
                        + r.getOriginalTreeOperations() + " operations -> " + r.getOptimizedDagOperations()
                        + " after CSE; variables " + r.getVariablesList() + ")"
                        + (r.getValuesCount() == 0 ? "" : "\n  values " + r.getValuesList()
                        + (r.getBytecode() ? " (compiled to JVM bytecode)" : " (interpreted)")));
                return 0;
            }
        }
    }

    @Command(name = "prove-suite", mixinStandardHelpOptions = true,
            description = "Prove every goal of a goal file with a rule file (egg-math formats); per goal: proved, iterations, e-nodes, time, checker. Exit 1 when an outcome differs from the file's expectation.")
    static final class ProveSuite implements Callable<Integer> {
        @Option(names = "--rules", required = true, paramLabel = "RULES", description = "Rule file, e.g. ../shared/data/egg-math/rules.txt")
        Path rulesFile;
        @Parameters(paramLabel = "GOALS", description = "Goal file, e.g. ../shared/data/egg-math/goals.txt")
        Path goalsFile;
        @Mixin
        CommonOptions common;

        @Override
        public Integer call() {
            String rulesText = readFile(rulesFile, "rules");
            io.multisystem.symbolic.rewrite.RuleFiles.parse(rulesText, rulesFile.getFileName().toString());
            List<Goal> goals = GoalFiles.parse(readFile(goalsFile, "goals"), goalsFile.getFileName().toString(),
                    io.multisystem.symbolic.saturation.Limits.DEFAULT);
            List<Map<String, Object>> rows = new ArrayList<>();
            int mismatches = 0;
            try (SymbolicClient client = SymbolicClient.of(common)) {
                for (Goal goal : goals) {
                    ProveEqualRequest request = ProveEqualRequest.newBuilder().setLhs(SExpressions.print(goal.lhs()))
                            .setRhs(SExpressions.print(goal.rhs())).setSyntax(Syntax.SYNTAX_SEXPR).setRulesText(rulesText)
                            .setLimits(Limits.newBuilder().setIterations(goal.limits().iterations()).setNodes(goal.limits().nodes())
                                    .setTime(com.google.protobuf.Duration.newBuilder().setSeconds(goal.limits().time().getSeconds())
                                            .setNanos(goal.limits().time().getNano())))
                            .build();
                    ProveEqualResponse r = client.call(request, s -> s::proveEqual, s -> s::proveEqual);
                    boolean proved = r.getStatus() == ProveEqualResponse.Status.PROVED && r.getMethod().equals("equality-saturation");
                    boolean asExpected = proved == goal.expectProved() && (!proved || r.getProofChecked());
                    if (!asExpected) {
                        mismatches++;
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("goal", goal.name());
                    row.put("expected", goal.expectProved() ? "proved" : "not proved");
                    row.put("proved", proved);
                    row.put("asExpected", asExpected);
                    row.put("stopReason", r.getReport().getStopReason());
                    row.put("iterations", r.getReport().getIterations());
                    row.put("nodes", r.getReport().getNodes());
                    row.put("millis", r.getReport().getElapsed().getSeconds() * 1000 + r.getReport().getElapsed().getNanos() / 1_000_000);
                    row.put("proofSteps", r.getProofSteps());
                    row.put("checkerPassed", proved && r.getProofChecked());
                    rows.add(row);
                }
            }
            int finalMismatches = mismatches;
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("goals", rows.size());
            result.put("asExpected", rows.size() - mismatches);
            result.put("results", rows);
            common.console().result(result, () -> {
                StringBuilder sb = new StringBuilder();
                sb.append(String.format("%-24s %-10s %-15s %5s %8s %7s %6s %s%n", "goal", "outcome", "stop", "iter", "e-nodes", "ms", "steps", "checker"));
                for (Map<String, Object> row : rows) {
                    sb.append(String.format("%-24s %-10s %-15s %5s %8s %7s %6s %s%s%n", row.get("goal"),
                            (Boolean) row.get("proved") ? "proved" : "not proved", row.get("stopReason"), row.get("iterations"),
                            row.get("nodes"), row.get("millis"), row.get("proofSteps"),
                            (Boolean) row.get("proved") ? ((Boolean) row.get("checkerPassed") ? "passed" : "FAILED") : "-",
                            (Boolean) row.get("asExpected") ? "" : "   UNEXPECTED"));
                }
                sb.append(rows.size()).append(" goals, ").append(rows.size() - finalMismatches).append(" as expected");
                return sb.toString();
            });
            return mismatches == 0 ? 0 : ExitCode.DOMAIN_REJECTED.code();
        }
    }

}
