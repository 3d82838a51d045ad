package io.multisystem.symbolic.sat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Uniform random k-SAT (the standard generator: k distinct variables per clause, each negated with probability 1/2). */
public final class RandomCnf {
    private RandomCnf() {
    }

    /** Random 3-SAT; at {@code clauses ≈ 4.26 · variables} it sits at the satisfiability phase transition. */
    public static Cnf threeSat(int variables, int clauses, Random random) {
        List<int[]> out = new ArrayList<>(clauses);
        for (int i = 0; i < clauses; i++) {
            int a = random.nextInt(variables) + 1;
            int b;
            do {
                b = random.nextInt(variables) + 1;
            } while (b == a);
            int c;
            do {
                c = random.nextInt(variables) + 1;
            } while (c == a || c == b);
            out.add(new int[]{sign(a, random), sign(b, random), sign(c, random)});
        }
        return new Cnf(variables, out);
    }

    private static int sign(int v, Random random) {
        return random.nextBoolean() ? v : -v;
    }
}
