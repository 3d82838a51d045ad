package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.rewrite.Pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random e-graphs and patterns over a small vocabulary, so that matches are frequent. */
final class RandomEGraphs {
    private static final String[] SYMBOLS = {"x", "y"};
    private static final long[] CONSTANTS = {0, 1, 2};
    private static final String[] VARIABLES = {"?a", "?b", "?c"};

    private RandomEGraphs() {
    }

    static Term term(Random random, int depth) {
        int choice = random.nextInt(depth <= 0 ? 2 : 5);
        switch (choice) {
            case 0:
                return Term.sym(SYMBOLS[random.nextInt(SYMBOLS.length)]);
            case 1:
                return Term.num(CONSTANTS[random.nextInt(CONSTANTS.length)]);
            case 2:
                return Term.app("sin", term(random, depth - 1));
            case 3:
                return Term.app("+", term(random, depth - 1), term(random, depth - 1));
            default:
                return Term.app("f", term(random, depth - 1), term(random, depth - 1));
        }
    }

    static Pattern pattern(Random random, int depth) {
        int choice = random.nextInt(depth <= 0 ? 3 : 6);
        switch (choice) {
            case 0:
            case 1:
                return new Pattern.Var(VARIABLES[random.nextInt(VARIABLES.length)]);
            case 2:
                return new Pattern.Leaf(random.nextBoolean() ? Term.sym(SYMBOLS[random.nextInt(SYMBOLS.length)])
                        : Term.num(CONSTANTS[random.nextInt(CONSTANTS.length)]));
            case 3:
                return new Pattern.Node("sin", List.of(pattern(random, depth - 1)));
            case 4:
                return new Pattern.Node("+", List.of(pattern(random, depth - 1), pattern(random, depth - 1)));
            default:
                return new Pattern.Node("f", List.of(pattern(random, depth - 1), pattern(random, depth - 1)));
        }
    }

    /** Adds random terms, unites random pairs of their subterms, and rebuilds. */
    static EGraph egraph(Random random, int terms, int unions) {
        EGraph egraph = new EGraph();
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < terms; i++) {
            ids.add(egraph.add(term(random, 4)));
        }
        int nodeIds = egraph.nodeIdCount();
        for (int i = 0; i < unions; i++) {
            int a = random.nextInt(nodeIds);
            int b = random.nextInt(nodeIds);
            egraph.union(a, b, Justification.CONGRUENCE);
            if (random.nextInt(3) == 0) {
                egraph.rebuild();
            }
        }
        egraph.rebuild();
        return egraph;
    }
}
