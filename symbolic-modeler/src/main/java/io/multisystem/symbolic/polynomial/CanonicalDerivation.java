package io.multisystem.symbolic.polynomial;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.proof.Proof;
import io.multisystem.symbolic.proof.ProofChecker;
import io.multisystem.symbolic.proof.ProofStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canonicalisation as a replayable proof: the canonical rational function of an expression together with the
 * rewrite steps that turn the expression into its canonical term.
 *
 * <p>Design note: the canonical form is computed bottom-up exactly as {@link RationalFunction#fromTerm} does, and
 * each arithmetic node ({@code + - * /}, integer {@code pow}) whose children are already canonical terms is replaced
 * by the canonical term of its value: one {@link ProofStep.Kind#CANONICALIZE} step named after the operation
 * ({@code canonical-add}, {@code -subtract}, {@code -multiply}, {@code -divide}, {@code -power}) at the node's
 * position, omitted when the node already is canonical. Other applications ({@code sin}, ...) are opaque atoms whose
 * arguments are canonicalised first (steps inside them). So the steps are local (each involves only the canonical
 * forms of the operands), the last term is {@code fromTerm(t).toTerm()}, and {@link ProofChecker} re-validates every
 * step with its own algebra. Equal canonical forms of two sides chain into a proof of their equality. Stateless;
 * the number of steps is at most the number of arithmetic nodes.
 */
public final class CanonicalDerivation {
    private CanonicalDerivation() {
    }

    /** The canonical form of {@code start} and a step proof from {@code start} to its canonical term. */
    public record Derivation(RationalFunction canonical, Proof proof) {
    }

    /**
     * Derives the canonical form of an expression step by step.
     *
     * @throws io.multisystem.core.error.InvalidInputException as {@link RationalFunction#fromTerm}: DIVISION_BY_ZERO,
     *     NOT_A_POLYNOMIAL for a non-integer exponent, EXPONENT_TOO_LARGE
     */
    public static Derivation derive(Term start) {
        Walk walk = new Walk(start);
        RationalFunction canonical = walk.normalise(new ArrayList<>());
        return new Derivation(canonical, new Proof(start, walk.current, walk.steps));
    }

    /**
     * A checked-to-be-replayable proof of {@code lhs = rhs} through their common canonical term, or null when the
     * canonical forms differ.
     */
    public static Proof proveEqual(Term lhs, Term rhs) {
        Derivation left = derive(lhs);
        Derivation right = derive(rhs);
        if (!left.proof().goal().equals(right.proof().goal())) {
            return null;
        }
        return left.proof().then(right.proof().reversed());
    }

    private static final class Walk {
        Term current;
        final List<ProofStep> steps = new ArrayList<>();

        Walk(Term start) {
            this.current = start;
        }

        RationalFunction normalise(List<Integer> position) {
            Term term = current.subterm(position);
            if (term instanceof Term.Num || term instanceof Term.Sym) {
                return RationalFunction.fromTerm(term);
            }
            Term.App app = (Term.App) term;
            String rule = rule(app);
            if (rule == null) {
                for (int i = 0; i < app.arguments().size(); i++) {
                    normalise(child(position, i));
                }
                Term atom = current.subterm(position);
                return RationalFunction.of(Polynomial.variable(SExpressions.print(atom)));
            }
            RationalFunction a = normalise(child(position, 0));
            RationalFunction b = normalise(child(position, 1));
            Term before = current.subterm(position);
            RationalFunction value = switch (app.operator()) {
                case "+" -> a.add(b);
                case "-" -> a.subtract(b);
                case "*" -> a.multiply(b);
                case "/" -> {
                    if (b.numerator().isZero()) {
                        throw InputErrors.invalid("DIVISION_BY_ZERO", "division by zero: " + SExpressions.print(app.argument(1))
                                + " is identically 0 in " + SExpressions.print(app));
                    }
                    yield a.divide(b);
                }
                default -> {
                    int n = Polynomials.integerExponent(((Term.App) before).argument(1), before);
                    if (n < 0 && a.numerator().isZero()) {
                        throw InputErrors.invalid("DIVISION_BY_ZERO", "0 to a negative power in " + SExpressions.print(app));
                    }
                    yield n >= 0 ? a.pow(n) : RationalFunction.of(Polynomial.ONE).divide(a.pow(-n));
                }
            };
            Term after = value.toTerm();
            if (!after.equals(before)) {
                current = current.replace(position, after);
                steps.add(new ProofStep(ProofStep.Kind.CANONICALIZE, rule, ProofStep.Direction.FORWARD, position,
                        Map.of(), current));
            }
            return value;
        }

        private static String rule(Term.App app) {
            if (app.arguments().size() != 2) {
                return null;
            }
            return switch (app.operator()) {
                case "+" -> ProofChecker.CANONICAL_RULE_PREFIX + "add";
                case "-" -> ProofChecker.CANONICAL_RULE_PREFIX + "subtract";
                case "*" -> ProofChecker.CANONICAL_RULE_PREFIX + "multiply";
                case "/" -> ProofChecker.CANONICAL_RULE_PREFIX + "divide";
                case "pow" -> ProofChecker.CANONICAL_RULE_PREFIX + "power";
                default -> null;
            };
        }

        private static List<Integer> child(List<Integer> position, int index) {
            List<Integer> p = new ArrayList<>(position);
            p.add(index);
            return p;
        }
    }
}
