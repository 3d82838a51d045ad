package io.multisystem.lattice.taxonomy;

import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Datalog Horn rule over binary relations, {@code head(X,Z) :- body1(X,Y), body2(Y,Z).} Arguments are variables
 * (identifiers starting with an upper-case letter). Safe by construction: every head variable must occur in the body.
 * Immutable.
 */
public record HornRule(String name, Atom head, List<Atom> body) {
    private static final Pattern ATOM = Pattern.compile("\\s*([a-z][A-Za-z0-9_]*)\\s*\\(\\s*([A-Z][A-Za-z0-9_]*)\\s*,\\s*"
            + "([A-Z][A-Za-z0-9_]*)\\s*\\)\\s*");

    /** {@code predicate(a, b)} with variables a and b. */
    public record Atom(String predicate, String first, String second) {
        @Override
        public String toString() {
            return predicate + "(" + first + "," + second + ")";
        }
    }

    public HornRule {
        body = List.copyOf(body);
        if (body.isEmpty()) {
            throw new InvalidInputException(Taxonomy.COMPONENT, "RULE_INVALID", "rule " + name + " has an empty body");
        }
        Set<String> vars = new HashSet<>();
        for (Atom a : body) {
            vars.add(a.first());
            vars.add(a.second());
        }
        if (!vars.contains(head.first()) || !vars.contains(head.second())) {
            throw new InvalidInputException(Taxonomy.COMPONENT, "RULE_UNSAFE", "rule " + name + ": head variables "
                    + head.first() + ", " + head.second() + " must all occur in the body");
        }
    }

    /** Transitivity of a relation: {@code r(X,Z) :- r(X,Y), r(Y,Z).} */
    public static HornRule transitive(String relation) {
        return new HornRule(relation + "-transitive", new Atom(relation, "X", "Z"),
                List.of(new Atom(relation, "X", "Y"), new Atom(relation, "Y", "Z")));
    }

    /** The GO-style rules: is_a and part_of transitive, and part_of inherited along is_a on both sides. */
    public static List<HornRule> geneOntologyDefaults() {
        return parseAll("""
                is_a(X,Z) :- is_a(X,Y), is_a(Y,Z).
                part_of(X,Z) :- part_of(X,Y), part_of(Y,Z).
                part_of(X,Z) :- is_a(X,Y), part_of(Y,Z).
                part_of(X,Z) :- part_of(X,Y), is_a(Y,Z).
                """);
    }

    /**
     * Parses rules, one per line or separated by {@code .}: {@code head(X,Y) :- a(X,Z), b(Z,Y).} Lines starting with
     * {@code %} or {@code #} are comments.
     *
     * @throws InvalidInputException code {@code RULE_INVALID} naming the rule number and what is wrong
     */
    public static List<HornRule> parseAll(String text) {
        StringBuilder clean = new StringBuilder();
        for (String line : text.split("\r?\n")) {
            String t = line.strip();
            if (!t.startsWith("%") && !t.startsWith("#")) {
                clean.append(t).append(' ');
            }
        }
        List<HornRule> rules = new ArrayList<>();
        int n = 0;
        for (String raw : clean.toString().split("\\.")) {
            String r = raw.strip();
            if (r.isEmpty()) {
                continue;
            }
            n++;
            int arrow = r.indexOf(":-");
            if (arrow < 0) {
                throw new InvalidInputException(Taxonomy.COMPONENT, "RULE_INVALID", "rule " + n + " '" + r
                        + "' lacks ':-' between head and body");
            }
            Atom head = atom(r.substring(0, arrow), n);
            List<Atom> body = new ArrayList<>();
            Matcher m = Pattern.compile("\\)\\s*,").matcher(r.substring(arrow + 2));
            String bodyText = r.substring(arrow + 2);
            int from = 0;
            while (m.find()) {
                body.add(atom(bodyText.substring(from, m.start() + 1), n));
                from = m.end();
            }
            body.add(atom(bodyText.substring(from), n));
            rules.add(new HornRule("rule" + n, head, body));
        }
        return rules;
    }

    private static Atom atom(String text, int rule) {
        Matcher m = ATOM.matcher(text);
        if (!m.matches()) {
            throw new InvalidInputException(Taxonomy.COMPONENT, "RULE_INVALID", "rule " + rule + ": '" + text.strip()
                    + "' is not an atom like part_of(X,Y) (lower-case relation, upper-case variables)");
        }
        return new Atom(m.group(1), m.group(2), m.group(3));
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(head.toString()).append(" :- ");
        for (int i = 0; i < body.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(body.get(i));
        }
        return s.append('.').toString();
    }
}
