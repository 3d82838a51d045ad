package io.multisystem.symbolic.engine;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.symbolic.expr.InfixExpressions;
import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.optimize.Optimizer;
import io.multisystem.symbolic.polynomial.CanonicalDerivation;
import io.multisystem.symbolic.polynomial.Factorization;
import io.multisystem.symbolic.polynomial.Factorizer;
import io.multisystem.symbolic.polynomial.Polynomial;
import io.multisystem.symbolic.polynomial.Polynomials;
import io.multisystem.symbolic.polynomial.RationalFunction;
import io.multisystem.symbolic.proof.Proof;
import io.multisystem.symbolic.proof.ProofChecker;
import io.multisystem.symbolic.rewrite.RuleFiles;
import io.multisystem.symbolic.rewrite.RuleSet;
import io.multisystem.symbolic.rewrite.ShippedRules;
import io.multisystem.symbolic.sat.Cnf;
import io.multisystem.symbolic.sat.Dimacs;
import io.multisystem.symbolic.sat.SatResult;
import io.multisystem.symbolic.sat.SatSolver;
import io.multisystem.symbolic.sat.Tseitin;
import io.multisystem.symbolic.saturation.CostFunction;
import io.multisystem.symbolic.saturation.EqualitySaturator;
import io.multisystem.symbolic.saturation.Limits;
import io.multisystem.symbolic.saturation.ProofSearchResult;
import io.multisystem.symbolic.saturation.SaturationReport;
import io.multisystem.symbolic.saturation.SimplificationResult;
import io.multisystem.symbolic.smt.SmtResult;
import io.multisystem.symbolic.smt.SmtSolver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The symbolic modeler's operations in one place, shared by the gRPC service and the in-process command line:
 * parse, simplify, canonicalize, prove, solve, optimize, factor. Every operation validates its input and throws
 * {@link InvalidInputException} with a code and a message saying what to fix; nothing is stored, so a rejected call
 * changes nothing. Thread-safe: every call builds its own e-graph, solver or polynomial values.
 */
public final class SymbolicEngine {
    /** Expressions longer than this are rejected before parsing. */
    public static final int MAX_EXPRESSION_CHARS = 1_000_000;
    private final LongSupplier nanoTicker;
    private final SatSolver sat;
    private final SmtSolver smt;

    public SymbolicEngine(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
        this.sat = new SatSolver(nanoTicker);
        this.smt = new SmtSolver(nanoTicker);
    }

    public SymbolicEngine() {
        this(System::nanoTime);
    }

    /**
     * Parses an expression.
     *
     * @throws InvalidInputException PARSE_ERROR with the 0-based position, EMPTY_EXPRESSION, EXPRESSION_TOO_LONG
     */
    public Term parse(String text, Syntax syntax) {
        if (text == null || text.isBlank()) {
            throw InputErrors.invalid("EMPTY_EXPRESSION", "the expression is empty; write e.g. (x+3)*(x+1)");
        }
        if (text.length() > MAX_EXPRESSION_CHARS) {
            throw InputErrors.invalid("EXPRESSION_TOO_LONG", "the expression has " + text.length()
                    + " characters; the limit is " + MAX_EXPRESSION_CHARS);
        }
        switch (syntax) {
            case INFIX:
                return InfixExpressions.parse(text);
            case SEXPR:
                return SExpressions.parse(text);
            default:
                try {
                    return InfixExpressions.parse(text);
                } catch (InvalidInputException infixError) {
                    if (text.strip().startsWith("(")) {
                        try {
                            return SExpressions.parse(text);
                        } catch (InvalidInputException ignored) {
                            throw infixError;
                        }
                    }
                    throw infixError;
                }
        }
    }

    /** Prints a term as infix, or as its S-expression when infix cannot write it. */
    public static String infix(Term term) {
        try {
            return InfixExpressions.print(term);
        } catch (InvalidInputException notPrintable) {
            return SExpressions.print(term);
        }
    }

    /** The rules of a request: rule-file text when given, else the named shipped sets (all when empty). */
    public static RuleSet rules(List<String> ruleSets, String rulesText) {
        if (rulesText != null && !rulesText.isBlank()) {
            return RuleFiles.parse(rulesText, "rules");
        }
        return ShippedRules.combine(ruleSets == null || ruleSets.isEmpty() ? ShippedRules.DEFAULT_SETS : ruleSets);
    }

    /** A simplification with its proof and the independent checker's verdict. */
    public record Simplified(Term input, SimplificationResult result, boolean proofChecked) {
    }

    /**
     * Simplifies by equality saturation, extracting by {@code cost} ("size" or "depth").
     *
     * @throws InvalidInputException UNKNOWN_COST_FUNCTION
     */
    public Simplified simplify(Term term, RuleSet rules, Limits limits, String cost) {
        CostFunction function = switch (cost == null || cost.isBlank() ? "size" : cost) {
            case "size" -> CostFunction.AST_SIZE;
            case "depth" -> CostFunction.AST_DEPTH;
            case "operations" -> Optimizer.OPERATION_COUNT;
            default -> throw InputErrors.invalid("UNKNOWN_COST_FUNCTION", "cost must be size, depth or operations, was '" + cost + "'");
        };
        SimplificationResult result = EqualitySaturator.create(rules, nanoTicker).simplify(term, limits, function);
        boolean checked = new ProofChecker(rules).check(result.proof()).valid();
        return new Simplified(term, result, checked);
    }

    /** The canonical form: a polynomial when the expression is one, else a rational function in lowest terms. */
    public RationalFunction canonicalize(Term term) {
        return RationalFunction.fromTerm(term);
    }

    /**
     * Above this many nodes (both sides together) a canonical-form proof carries no step list: one step per node, each
     * restating the whole term, would make the proof quadratic in the input.
     */
    public static final int MAX_CANONICAL_PROOF_INPUT = 2_000;

    /** A canonical form with its step proof (input to canonical term) and the independent checker's verdict. */
    public record Canonicalized(RationalFunction canonical, Proof proof, boolean proofChecked) {
    }

    /**
     * The canonical form with a canonicalisation-step proof, replayed by the {@link ProofChecker}.
     *
     * @throws InvalidInputException as {@link #canonicalize}
     */
    public Canonicalized canonicalizeWithProof(Term term) {
        CanonicalDerivation.Derivation d = CanonicalDerivation.derive(term);
        boolean checked = new ProofChecker(new RuleSet(List.of())).check(d.proof()).valid();
        return new Canonicalized(d.canonical(), d.proof(), checked);
    }

    /** The canonical polynomial (expand). @throws InvalidInputException NOT_A_POLYNOMIAL */
    public Polynomial expand(Term term) {
        return Polynomials.fromTerm(term);
    }

    /** The outcome of proving lhs = rhs. */
    public record ProofOutcome(Status status, String method, Optional<Proof> proof, boolean proofChecked,
                               Optional<SaturationReport> report, Optional<RationalFunction> lhsCanonical,
                               Optional<RationalFunction> rhsCanonical, String explanation) {
        public enum Status { PROVED, DISPROVED, UNKNOWN }
    }

    /**
     * Proves {@code lhs = rhs}: first by equality saturation (a step proof, replayed by the independent checker);
     * failing that, by exact canonical forms when both sides are rational functions (over symbols and opaque atoms):
     * equal forms prove the equality, different forms over plain symbols disprove it. Otherwise UNKNOWN.
     */
    public ProofOutcome prove(Term lhs, Term rhs, RuleSet rules, Limits limits) {
        ProofSearchResult search = EqualitySaturator.create(rules, nanoTicker).prove(lhs, rhs, limits);
        Optional<RationalFunction> lc = canonicalOrEmpty(lhs);
        Optional<RationalFunction> rc = canonicalOrEmpty(rhs);
        if (search.proved()) {
            boolean checked = new ProofChecker(rules).check(search.proof().orElseThrow()).valid();
            return new ProofOutcome(ProofOutcome.Status.PROVED, "equality-saturation", search.proof(), checked,
                    Optional.of(search.report()), lc, rc, "proved by " + search.proof().orElseThrow().steps().size()
                    + " rewrite steps" + (checked ? ", replayed by the proof checker" : ", but the checker REJECTED the proof"));
        }
        if (lc.isPresent() && rc.isPresent()) {
            if (lc.get().equals(rc.get()) && lhs.size() + rhs.size() > MAX_CANONICAL_PROOF_INPUT) {
                return new ProofOutcome(ProofOutcome.Status.PROVED, "canonical-form", Optional.empty(), false,
                        Optional.of(search.report()), lc, rc, "both sides have the canonical form " + lc.get()
                        + "; no step proof: the sides have more than " + MAX_CANONICAL_PROOF_INPUT + " nodes");
            }
            if (lc.get().equals(rc.get())) {
                Proof proof = CanonicalDerivation.proveEqual(lhs, rhs);
                boolean checked = proof != null && new ProofChecker(rules).check(proof).valid();
                return new ProofOutcome(ProofOutcome.Status.PROVED, "canonical-form", Optional.ofNullable(proof), checked,
                        Optional.of(search.report()), lc, rc, "both sides have the canonical form " + lc.get() + "; "
                        + (proof == null ? 0 : proof.steps().size()) + " canonicalisation steps"
                        + (checked ? ", replayed by the proof checker" : ", but the checker REJECTED the proof"));
            }
            if (onlySymbols(lc.get()) && onlySymbols(rc.get())) {
                return new ProofOutcome(ProofOutcome.Status.DISPROVED, "canonical-form", Optional.empty(), false,
                        Optional.of(search.report()), lc, rc, "canonical forms differ: " + lc.get() + " vs " + rc.get());
            }
        }
        return new ProofOutcome(ProofOutcome.Status.UNKNOWN, "", Optional.empty(), false, Optional.of(search.report()),
                lc, rc, "not proved: saturation stopped with " + search.report().stopReason()
                + (lc.isPresent() && rc.isPresent() ? "; canonical forms differ but involve functions" : ""));
    }

    private static Optional<RationalFunction> canonicalOrEmpty(Term t) {
        try {
            return Optional.of(RationalFunction.fromTerm(t));
        } catch (InvalidInputException e) {
            if (e.code().equals("DIVISION_BY_ZERO")) {
                throw e;
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean onlySymbols(RationalFunction f) {
        return f.numerator().variables().stream().noneMatch(v -> v.startsWith("("))
                && f.denominator().variables().stream().noneMatch(v -> v.startsWith("("));
    }

    /** Problem formats {@link #solve} reads. */
    public enum ProblemFormat { AUTO, DIMACS, SMTLIB, BOOLEAN_FORMULA }

    /** A solver answer in one shape for SAT and SMT. */
    public record Solution(String solver, String status, Map<String, String> model, boolean modelChecked,
                           List<String> unsatCore, String reason, Duration elapsed, int variables, int clauses) {
        public boolean satisfiable() {
            return status.equals("SATISFIABLE");
        }
    }

    /**
     * Solves a DIMACS CNF, an SMT-LIB 2 script or a boolean formula.
     *
     * @throws InvalidInputException PARSE_ERROR with the line for malformed DIMACS, INVALID_TIMEOUT
     */
    public Solution solve(String problem, ProblemFormat format, Duration timeout, String source) {
        if (problem == null || problem.isBlank()) {
            throw InputErrors.invalid("EMPTY_PROBLEM", "the problem is empty; give DIMACS CNF, SMT-LIB 2 or a boolean formula");
        }
        ProblemFormat f = format == ProblemFormat.AUTO ? detect(problem) : format;
        switch (f) {
            case DIMACS: {
                Cnf cnf = Dimacs.parse(problem, source);
                SatResult r = sat.solve(cnf, timeout);
                Map<String, String> model = new TreeMap<>(java.util.Comparator.comparingInt(Integer::parseInt));
                r.model().forEach(l -> model.put(String.valueOf(Math.abs(l)), l > 0 ? "true" : "false"));
                List<String> core = r.unsatCore().stream().map(String::valueOf).toList();
                return new Solution("sat4j", r.status().name(), model, r.modelChecked(), core,
                        r.status() == SatResult.Status.UNKNOWN ? "timeout" : "", r.elapsed(), cnf.variables(), cnf.clauses().size());
            }
            case SMTLIB: {
                SmtResult r = smt.solve(problem, timeout);
                return new Solution("z3", r.status().name(), r.model(), r.modelChecked(), r.unsatCore(), r.reason(),
                        r.elapsed(), r.model().size(), r.unsatCore().size());
            }
            default: {
                Term formula = SExpressions.parse(problem.strip().startsWith("(") ? problem : "(and " + problem + ")");
                Tseitin.Encoding encoding = Tseitin.encode(formula);
                SatResult r = sat.solve(encoding.cnf(), timeout);
                Map<String, String> model = new TreeMap<>();
                if (r.status() == SatResult.Status.SATISFIABLE) {
                    encoding.atoms().forEach((name, v) -> model.put(name, r.model().get(v - 1) > 0 ? "true" : "false"));
                }
                return new Solution("sat4j", r.status().name(), model, r.modelChecked(), List.of(),
                        r.status() == SatResult.Status.UNKNOWN ? "timeout" : "", r.elapsed(),
                        encoding.cnf().variables(), encoding.cnf().clauses().size());
            }
        }
    }

    static ProblemFormat detect(String problem) {
        for (String line : problem.split("\r?\n")) {
            String s = line.strip();
            if (s.isEmpty() || s.startsWith(";")) {
                continue;
            }
            if (s.startsWith("p cnf") || s.equals("c") || s.startsWith("c ")) {
                return ProblemFormat.DIMACS;
            }
            break;
        }
        if (problem.contains("(assert") || problem.contains("(declare-")) {
            return ProblemFormat.SMTLIB;
        }
        return ProblemFormat.BOOLEAN_FORMULA;
    }

    /** Optimises and evaluates the result at the given points (variables bound in sorted order). */
    public record Optimized(Optimizer.Result result, List<Double> values) {
    }

    public Optimized optimize(Term term, Limits limits, List<double[]> points) {
        Optimizer.Result result = new Optimizer().optimize(term, limits);
        List<Double> values = new ArrayList<>();
        for (double[] point : points) {
            values.add(result.compiled().evaluate(point));
        }
        return new Optimized(result, values);
    }

    /**
     * Factors a polynomial expression over the rationals.
     *
     * @throws InvalidInputException NOT_A_POLYNOMIAL, DEGREE_TOO_HIGH
     */
    public Factorization factor(Term term, boolean squareFreeOnly) {
        Polynomial p = Polynomials.fromTerm(term);
        return squareFreeOnly ? Factorizer.squareFree(p) : Factorizer.factor(p);
    }

    /** Builds limits from optional request values (0 or null keeps the default). */
    public static Limits limits(int iterations, int nodes, Duration time) {
        Limits l = Limits.DEFAULT;
        if (iterations != 0) {
            l = l.withIterations(iterations);
        }
        if (nodes != 0) {
            l = l.withNodes(nodes);
        }
        if (time != null && !time.isZero()) {
            l = l.withTime(time);
        }
        return l;
    }

    /** Summary map of a saturation report for JSON output. */
    public static Map<String, Object> reportMap(SaturationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stopReason", r.stopReason().name());
        m.put("iterations", r.iterations());
        m.put("nodes", r.nodes());
        m.put("classes", r.classes());
        m.put("elapsedMillis", r.elapsed().toMillis());
        return m;
    }
}
