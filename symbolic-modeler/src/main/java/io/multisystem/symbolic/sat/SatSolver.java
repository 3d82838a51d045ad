package io.multisystem.symbolic.sat;

import io.multisystem.symbolic.expr.InputErrors;
import org.sat4j.core.VecInt;
import org.sat4j.minisat.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.ISolver;
import org.sat4j.specs.IVecInt;
import org.sat4j.specs.TimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * SAT solving through SAT4J's default CDCL solver (MiniSat-style: watched literals, VSIDS, restarts, clause learning).
 *
 * <p>Design note: the first run solves the formula as given, which is as fast as SAT4J gets. A model is then
 * re-evaluated clause by clause (independently of the solver) before it is reported. For an unsatisfiable formula a
 * second run adds a fresh selector variable s_i to every clause i and solves under the assumptions s_i = false;
 * SAT4J's final conflict over the assumptions names a subset of clauses that is unsatisfiable on its own (an unsat
 * core). When that core has at most {@link #MINIMISE_UP_TO} clauses it is shrunk by deletion (drop a clause, keep
 * the drop if the rest is still UNSAT), so small cores are minimal. A new solver is built per call: thread-safe.
 */
public final class SatSolver {
    /** Cores up to this size are minimised by deletion. */
    public static final int MINIMISE_UP_TO = 200;
    private final LongSupplier nanoTicker;

    public SatSolver(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
    }

    public SatSolver() {
        this(System::nanoTime);
    }

    /**
     * Decides satisfiability within the timeout (at least one second: SAT4J's timeout has second granularity
     * unless given in milliseconds, which it checks on conflicts).
     *
     * @throws io.multisystem.core.error.InvalidInputException INVALID_TIMEOUT for a non-positive timeout
     */
    public SatResult solve(Cnf cnf, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw InputErrors.invalid("INVALID_TIMEOUT", "the timeout must be positive, was " + timeout);
        }
        long start = nanoTicker.getAsLong();
        ISolver solver = newSolver(cnf.variables(), timeout);
        boolean trivialUnsat = false;
        try {
            for (int[] clause : cnf.clauses()) {
                solver.addClause(new VecInt(clause));
            }
        } catch (ContradictionException e) {
            trivialUnsat = true;
        }
        try {
            if (!trivialUnsat && solver.isSatisfiable()) {
                int[] raw = solver.model();
                boolean[] assignment = new boolean[cnf.variables() + 1];
                List<Integer> model = new ArrayList<>();
                for (int literal : raw) {
                    assignment[Math.abs(literal)] = literal > 0;
                }
                for (int v = 1; v <= cnf.variables(); v++) {
                    model.add(assignment[v] ? v : -v);
                }
                boolean checked = cnf.isSatisfiedBy(assignment);
                return new SatResult(SatResult.Status.SATISFIABLE, model, checked, List.of(), elapsed(start));
            }
            List<Integer> core = core(cnf, timeout);
            return new SatResult(SatResult.Status.UNSATISFIABLE, List.of(), false, core, elapsed(start));
        } catch (TimeoutException e) {
            return new SatResult(SatResult.Status.UNKNOWN, List.of(), false, List.of(), elapsed(start));
        }
    }

    private Duration elapsed(long start) {
        return Duration.ofNanos(nanoTicker.getAsLong() - start);
    }

    private static ISolver newSolver(int variables, Duration timeout) {
        ISolver solver = SolverFactory.newDefault();
        solver.newVar(variables);
        solver.setTimeoutMs(Math.max(1, timeout.toMillis()));
        return solver;
    }

    /** 1-based indices of an unsatisfiable subset of clauses. */
    private static List<Integer> core(Cnf cnf, Duration timeout) throws TimeoutException {
        List<Integer> all = new ArrayList<>();
        for (int i = 1; i <= cnf.clauses().size(); i++) {
            all.add(i);
        }
        List<Integer> core = unsatSubset(cnf, all, timeout);
        if (core == null) {
            return all;
        }
        if (core.size() <= MINIMISE_UP_TO) {
            for (int i = 0; i < core.size(); ) {
                List<Integer> without = new ArrayList<>(core);
                without.remove(i);
                List<Integer> smaller = unsatSubset(cnf, without, timeout);
                if (smaller != null) {
                    core = smaller;
                    i = Math.min(i, core.size());
                } else {
                    i++;
                }
            }
        }
        return core;
    }

    /** Solves the chosen clauses with selectors; returns the clauses in the final conflict, or null if satisfiable. */
    private static List<Integer> unsatSubset(Cnf cnf, List<Integer> chosen, Duration timeout) throws TimeoutException {
        int n = cnf.variables();
        ISolver solver = newSolver(n + chosen.size(), timeout);
        IVecInt assumptions = new VecInt();
        try {
            for (int k = 0; k < chosen.size(); k++) {
                int selector = n + k + 1;
                int[] clause = cnf.clauses().get(chosen.get(k) - 1);
                int[] withSelector = java.util.Arrays.copyOf(clause, clause.length + 1);
                withSelector[clause.length] = selector;
                solver.addClause(new VecInt(withSelector));
                assumptions.push(-selector);
            }
        } catch (ContradictionException e) {
            throw new IllegalStateException("clauses with fresh selectors cannot conflict", e);
        }
        if (solver.isSatisfiable(assumptions)) {
            return null;
        }
        IVecInt explanation = solver.unsatExplanation();
        List<Integer> core = new ArrayList<>();
        if (explanation != null) {
            for (int i = 0; i < explanation.size(); i++) {
                int selector = Math.abs(explanation.get(i));
                if (selector > n) {
                    core.add(chosen.get(selector - n - 1));
                }
            }
        }
        if (core.isEmpty()) {
            return chosen;
        }
        core.sort(null);
        return core;
    }
}
