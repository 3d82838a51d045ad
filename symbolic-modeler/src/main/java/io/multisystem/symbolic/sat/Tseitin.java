package io.multisystem.symbolic.sat;

import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.SExpressions;
import io.multisystem.symbolic.expr.Term;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Boolean formulas to equisatisfiable CNF by the Tseitin transformation (Tseitin 1968).
 *
 * <p>Design note: a formula is a term over the connectives {@code and}, {@code or} (any arity ≥ 1), {@code not},
 * {@code xor}, {@code implies}, {@code iff} (binary), the constants {@code true}/{@code false} and propositional
 * symbols. Every distinct subformula (structurally hash-consed) gets one fresh variable t with clauses stating
 * t ⇔ op(children), linear in the formula's size; the root's variable is asserted as a unit clause. Atoms take the
 * first variables, numbered in order of first occurrence, so a model restricted to them is a model of the formula.
 */
public final class Tseitin {
    private final Map<String, Integer> atoms = new LinkedHashMap<>();
    private final Map<Term, Integer> cache = new HashMap<>();
    private final List<int[]> clauses = new ArrayList<>();
    private int next;

    /** The CNF and the atom-to-variable numbering. */
    public record Encoding(Cnf cnf, Map<String, Integer> atoms) {
    }

    private Tseitin() {
    }

    /**
     * Encodes a formula.
     *
     * @throws io.multisystem.core.error.InvalidInputException NOT_A_BOOLEAN_FORMULA naming the offending subterm
     */
    public static Encoding encode(Term formula) {
        Tseitin t = new Tseitin();
        t.collectAtoms(formula);
        t.next = t.atoms.size();
        int root = t.variable(formula);
        t.clauses.add(new int[]{root});
        return new Encoding(new Cnf(t.next, t.clauses), Map.copyOf(t.atoms));
    }

    private void collectAtoms(Term term) {
        if (term instanceof Term.Sym s) {
            if (!s.name().equals("true") && !s.name().equals("false")) {
                atoms.putIfAbsent(s.name(), atoms.size() + 1);
            }
        } else if (term instanceof Term.App app) {
            for (Term a : app.arguments()) {
                collectAtoms(a);
            }
        } else {
            throw notBoolean(term);
        }
    }

    private static RuntimeException notBoolean(Term term) {
        return InputErrors.invalid("NOT_A_BOOLEAN_FORMULA", "'" + SExpressions.print(term) + "' is not a boolean formula;"
                + " use symbols, true, false and and/or/not/xor/implies/iff");
    }

    private int variable(Term term) {
        Integer cached = cache.get(term);
        if (cached != null) {
            return cached;
        }
        int v;
        if (term instanceof Term.Sym s) {
            if (s.name().equals("true") || s.name().equals("false")) {
                v = ++next;
                clauses.add(new int[]{s.name().equals("true") ? v : -v});
            } else {
                v = atoms.get(s.name());
            }
        } else if (term instanceof Term.App app) {
            List<Term> args = app.arguments();
            int[] c = new int[args.size()];
            for (int i = 0; i < c.length; i++) {
                c[i] = variable(args.get(i));
            }
            v = ++next;
            switch (app.operator()) {
                case "not" -> {
                    arity(app, 1);
                    clauses.add(new int[]{-v, -c[0]});
                    clauses.add(new int[]{v, c[0]});
                }
                case "and" -> {
                    int[] big = new int[c.length + 1];
                    big[0] = v;
                    for (int i = 0; i < c.length; i++) {
                        clauses.add(new int[]{-v, c[i]});
                        big[i + 1] = -c[i];
                    }
                    clauses.add(big);
                }
                case "or" -> {
                    int[] big = new int[c.length + 1];
                    big[0] = -v;
                    for (int i = 0; i < c.length; i++) {
                        clauses.add(new int[]{v, -c[i]});
                        big[i + 1] = c[i];
                    }
                    clauses.add(big);
                }
                case "implies" -> {
                    arity(app, 2);
                    clauses.add(new int[]{-v, -c[0], c[1]});
                    clauses.add(new int[]{v, c[0]});
                    clauses.add(new int[]{v, -c[1]});
                }
                case "iff", "xor" -> {
                    arity(app, 2);
                    int s = app.operator().equals("iff") ? v : -v;
                    clauses.add(new int[]{-s, -c[0], c[1]});
                    clauses.add(new int[]{-s, c[0], -c[1]});
                    clauses.add(new int[]{s, c[0], c[1]});
                    clauses.add(new int[]{s, -c[0], -c[1]});
                }
                default -> throw notBoolean(term);
            }
        } else {
            throw notBoolean(term);
        }
        cache.put(term, v);
        return v;
    }

    private static void arity(Term.App app, int n) {
        if (app.arguments().size() != n) {
            throw InputErrors.invalid("NOT_A_BOOLEAN_FORMULA", app.operator() + " takes " + n + " argument(s), got "
                    + app.arguments().size() + " in " + SExpressions.print(app));
        }
    }
}
