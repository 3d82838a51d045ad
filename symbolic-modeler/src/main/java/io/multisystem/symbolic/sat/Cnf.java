package io.multisystem.symbolic.sat;

import io.multisystem.symbolic.expr.InputErrors;

import java.util.ArrayList;
import java.util.List;

/**
 * A formula in conjunctive normal form: clauses of non-zero DIMACS literals over variables 1..variables. Immutable
 * (clause arrays are copied in and never exposed for writing).
 */
public record Cnf(int variables, List<int[]> clauses) {
    public Cnf {
        if (variables < 0) {
            throw InputErrors.invalid("INVALID_CNF", "the variable count must be >= 0, was " + variables);
        }
        List<int[]> copy = new ArrayList<>(clauses.size());
        for (int i = 0; i < clauses.size(); i++) {
            int[] clause = clauses.get(i).clone();
            for (int literal : clause) {
                if (literal == 0 || Math.abs(literal) > variables) {
                    throw InputErrors.invalid("INVALID_CNF", "clause " + (i + 1) + " has literal " + literal
                            + " outside 1.." + variables + " (or its negation)");
                }
            }
            copy.add(clause);
        }
        clauses = List.copyOf(copy);
    }

    /** Whether the assignment (index v holds variable v's value; index 0 unused) satisfies every clause. */
    public boolean isSatisfiedBy(boolean[] assignment) {
        return firstFalsifiedClause(assignment) < 0;
    }

    /** The 0-based index of the first clause the assignment falsifies, or -1. */
    public int firstFalsifiedClause(boolean[] assignment) {
        for (int i = 0; i < clauses.size(); i++) {
            boolean satisfied = false;
            for (int literal : clauses.get(i)) {
                if (assignment[Math.abs(literal)] == literal > 0) {
                    satisfied = true;
                    break;
                }
            }
            if (!satisfied) {
                return i;
            }
        }
        return -1;
    }
}
