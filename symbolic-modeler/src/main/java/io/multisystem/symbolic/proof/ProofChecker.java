package io.multisystem.symbolic.proof;

import io.multisystem.symbolic.expr.Rational;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.rewrite.Condition;
import io.multisystem.symbolic.rewrite.Rule;
import io.multisystem.symbolic.rewrite.RuleSet;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Replays a {@link Proof} independently of the engine that produced it: it shares only the term type and the rule
 * representation, and decides rule conditions and constant folds on the terms of each step by itself.
 *
 * <p>Starting from {@code proof.start()}, every step must be
 * <ul>
 *   <li>an instance of the named rule: the substitution binds exactly the rule's left-side variables, the subterm at
 *       the stated position equals lhs[σ] (forward) or rhs[σ] (backward) and becomes the other side, and every
 *       condition of the rule holds for σ; or</li>
 *   <li>a constant fold: forward, the subterm is an operator applied to constants and becomes its exact value;
 *       backward, the reverse; or</li>
 *   <li>a canonicalisation step: the replaced (forward) or replacing (backward) subterm is {@code + - * /} or
 *       {@code pow} applied to two arguments, and before and after are equal as rational functions over Q, which
 *       the checker decides with its own algebra ({@link RationalIdentity}: unreduced fractions of sparse polynomials
 *       compared by cross-multiplication, other applications as opaque atoms; nothing from the canonicaliser);</li>
 * </ul>
 * and the stated term must be the result. The last term must equal {@code proof.goal()}. Canonicalisation steps
 * are identities of rational functions: like SymPy's {@code cancel}, they hold wherever both sides are defined.
 *
 * <p>Conditions on terms: a term's constant value is found by folding {@code + - * /} (non-zero divisor) and
 * {@code pow} with an integer exponent (not 0 to a non-positive power) over its constants; {@code not-zero} holds when
 * the value is not known to be 0, {@code const} when the term has a value, {@code sym} when the term is a symbol,
 * {@code const-or-distinct-var ?c ?x} when the two terms differ and ?c has a value or is a symbol. Stateless and
 * thread-safe.
 */
public final class ProofChecker {
    private static final int MAX_RESULT_BITS = 65_536;

    private final RuleSet rules;

    public ProofChecker(RuleSet rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    /** The verdict; when invalid, the 0-based failing step (the number of steps if only the goal mismatches). */
    public record Verdict(boolean valid, int failedStep, String reason) {
        static Verdict ok() {
            return new Verdict(true, -1, "");
        }

        static Verdict failure(int step, String reason) {
            return new Verdict(false, step, reason);
        }
    }

    public Verdict check(Proof proof) {
        Term current = proof.start();
        List<ProofStep> steps = proof.steps();
        for (int k = 0; k < steps.size(); k++) {
            ProofStep step = steps.get(k);
            if (!current.hasPosition(step.position())) {
                return Verdict.failure(k, "position " + step.position() + " does not exist in " + current);
            }
            Optional<String> failure = switch (step.kind()) {
                case REWRITE -> checkRewrite(current, step);
                case CONSTANT_FOLD -> checkFold(current, step);
                case CANONICALIZE -> checkCanonicalization(current, step);
            };
            if (failure.isPresent()) {
                return Verdict.failure(k, failure.get());
            }
            current = step.term();
        }
        if (!current.equals(proof.goal())) {
            return Verdict.failure(steps.size(), "the last term " + current + " is not the goal " + proof.goal());
        }
        return Verdict.ok();
    }

    private Optional<String> checkRewrite(Term current, ProofStep step) {
        Optional<Rule> found = rules.find(step.rule());
        if (found.isEmpty()) {
            return Optional.of("unknown rule '" + step.rule() + "'");
        }
        Rule rule = found.get();
        Map<String, Term> substitution = step.substitution();
        Set<String> variables = rule.lhs().variables();
        if (!substitution.keySet().equals(variables)) {
            return Optional.of("the substitution binds " + substitution.keySet() + " but rule " + rule.name()
                    + " needs exactly " + variables);
        }
        Term lhs = rule.lhs().instantiate(substitution);
        Term rhs = rule.rhs().instantiate(substitution);
        boolean forward = step.direction() == ProofStep.Direction.FORWARD;
        Term expected = forward ? lhs : rhs;
        Term subterm = current.subterm(step.position());
        if (!subterm.equals(expected)) {
            return Optional.of("the subterm " + subterm + " at " + step.position() + " is not "
                    + (forward ? "the left" : "the right") + " side of " + rule.name() + " instantiated: " + expected);
        }
        for (Condition condition : rule.conditions()) {
            if (!holds(condition, substitution)) {
                return Optional.of("condition '" + condition + "' of " + rule.name() + " does not hold for "
                        + substitution);
            }
        }
        Term result = current.replace(step.position(), forward ? rhs : lhs);
        if (!result.equals(step.term())) {
            return Optional.of("applying " + rule.name() + " gives " + result + ", not the stated " + step.term());
        }
        return Optional.empty();
    }

    private Optional<String> checkFold(Term current, ProofStep step) {
        if (!step.substitution().isEmpty()) {
            return Optional.of("a constant fold has no substitution");
        }
        Term subterm = current.subterm(step.position());
        Term folded;
        Term unfolded;
        if (step.direction() == ProofStep.Direction.FORWARD) {
            unfolded = subterm;
            if (!step.term().hasPosition(step.position())) {
                return Optional.of("position " + step.position() + " does not exist in the stated term");
            }
            folded = step.term().subterm(step.position());
        } else {
            folded = subterm;
            if (!step.term().hasPosition(step.position())) {
                return Optional.of("position " + step.position() + " does not exist in the stated term");
            }
            unfolded = step.term().subterm(step.position());
        }
        if (!(unfolded instanceof Term.App app) || !app.arguments().stream().allMatch(a -> a instanceof Term.Num)) {
            return Optional.of(unfolded + " is not an operator applied to constants");
        }
        Rational value = value(app);
        if (value == null || !(folded instanceof Term.Num num) || !num.value().equals(value)) {
            return Optional.of(unfolded + " does not fold to " + folded);
        }
        Term result = current.replace(step.position(), step.direction() == ProofStep.Direction.FORWARD ? folded : unfolded);
        if (!result.equals(step.term())) {
            return Optional.of("the constant fold gives " + result + ", not the stated " + step.term());
        }
        return Optional.empty();
    }

    private static Optional<String> checkCanonicalization(Term current, ProofStep step) {
        if (!step.substitution().isEmpty()) {
            return Optional.of("a canonicalisation step has no substitution");
        }
        if (!step.rule().startsWith(CANONICAL_RULE_PREFIX)) {
            return Optional.of("a canonicalisation step's rule must start with '" + CANONICAL_RULE_PREFIX + "', was '"
                    + step.rule() + "'");
        }
        if (!step.term().hasPosition(step.position())) {
            return Optional.of("position " + step.position() + " does not exist in the stated term");
        }
        Term before = current.subterm(step.position());
        Term after = step.term().subterm(step.position());
        Term arithmetic = step.direction() == ProofStep.Direction.FORWARD ? before : after;
        if (!(arithmetic instanceof Term.App app) || !ARITHMETIC.contains(app.operator()) || app.arguments().size() != 2) {
            return Optional.of("a canonicalisation step rewrites an application of + - * / or pow, not " + arithmetic);
        }
        Optional<String> differs = RationalIdentity.differences(before, after);
        if (differs.isPresent()) {
            return Optional.of(step.rule() + " at " + step.position() + " is not an identity: " + differs.get());
        }
        Term result = current.replace(step.position(), after);
        if (!result.equals(step.term())) {
            return Optional.of("the canonicalisation gives " + result + ", not the stated " + step.term());
        }
        return Optional.empty();
    }

    /** The prefix of every canonicalisation step's rule name. */
    public static final String CANONICAL_RULE_PREFIX = "canonical-";
    private static final Set<String> ARITHMETIC = Set.of("+", "-", "*", "/", "pow");

    private static boolean holds(Condition condition, Map<String, Term> substitution) {
        Term first = substitution.get(condition.variables().get(0));
        switch (condition.kind()) {
            case NOT_ZERO: {
                Rational value = value(first);
                return value == null || !value.isZero();
            }
            case CONST:
                return value(first) != null;
            case SYM:
                return first instanceof Term.Sym;
            case CONST_OR_DISTINCT_VAR: {
                Term second = substitution.get(condition.variables().get(1));
                return !first.equals(second) && (value(first) != null || first instanceof Term.Sym);
            }
            default:
                return false;
        }
    }

    /** The exact value of a constant expression, or null. */
    static Rational value(Term term) {
        if (term instanceof Term.Num num) {
            return num.value();
        }
        if (!(term instanceof Term.App app) || app.arguments().size() != 2) {
            return null;
        }
        Rational a = value(app.argument(0));
        Rational b = a == null ? null : value(app.argument(1));
        if (b == null) {
            return null;
        }
        switch (app.operator()) {
            case "+":
                return a.add(b);
            case "-":
                return a.subtract(b);
            case "*":
                return a.multiply(b);
            case "/":
                return b.isZero() ? null : a.divide(b);
            case "pow":
                if (!b.isInteger() || b.numerator().bitLength() > 31) {
                    return null;
                }
                int exponent = b.numerator().intValue();
                if (a.isZero() && exponent <= 0) {
                    return null;
                }
                long bits = (long) Math.abs(exponent) * Math.max(a.numerator().bitLength(), a.denominator().bitLength());
                return bits > MAX_RESULT_BITS ? null : a.pow(exponent);
            default:
                return null;
        }
    }
}
