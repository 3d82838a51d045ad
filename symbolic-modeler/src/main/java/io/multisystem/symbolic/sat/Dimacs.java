package io.multisystem.symbolic.sat;

import io.multisystem.symbolic.expr.InputErrors;

import java.util.ArrayList;
import java.util.List;

/**
 * DIMACS CNF reading and writing. Reading accepts comment lines ({@code c ...}), the header {@code p cnf V C},
 * clauses spread over or sharing lines and each ended by {@code 0}, and the SATLIB terminator (a line {@code %},
 * after which everything is ignored). A clause count different from the header's, a literal beyond V, a missing
 * header or a non-integer token is reported with its 1-based line.
 */
public final class Dimacs {
    private Dimacs() {
    }

    /**
     * Parses DIMACS CNF text.
     *
     * @throws io.multisystem.core.error.InvalidInputException PARSE_ERROR naming {@code source:line}
     */
    public static Cnf parse(String text, String source) {
        String[] lines = text.split("\r?\n", -1);
        int variables = -1;
        int declaredClauses = -1;
        List<int[]> clauses = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        int lastLine = 0;
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            int lineNo = n + 1;
            if (line.isEmpty() || line.startsWith("c")) {
                continue;
            }
            if (line.startsWith("%")) {
                break;
            }
            if (line.startsWith("p")) {
                if (variables >= 0) {
                    throw InputErrors.parseError(source, lineNo, 1, "a second 'p cnf' header");
                }
                String[] parts = line.split("\\s+");
                if (parts.length != 4 || !parts[1].equals("cnf")) {
                    throw InputErrors.parseError(source, lineNo, 1, "expected the header 'p cnf VARIABLES CLAUSES', found '" + line + "'");
                }
                try {
                    variables = Integer.parseInt(parts[2]);
                    declaredClauses = Integer.parseInt(parts[3]);
                } catch (NumberFormatException e) {
                    throw InputErrors.parseError(source, lineNo, 1, "the header's counts must be integers: '" + line + "'");
                }
                if (variables < 0 || declaredClauses < 0) {
                    throw InputErrors.parseError(source, lineNo, 1, "the header's counts must be >= 0: '" + line + "'");
                }
                continue;
            }
            if (variables < 0) {
                throw InputErrors.parseError(source, lineNo, 1, "clause before the 'p cnf VARIABLES CLAUSES' header");
            }
            for (String token : line.split("\\s+")) {
                int literal;
                try {
                    literal = Integer.parseInt(token);
                } catch (NumberFormatException e) {
                    throw InputErrors.parseError(source, lineNo, line.indexOf(token) + 1, "'" + token + "' is not an integer literal");
                }
                if (Math.abs((long) literal) > variables) {
                    throw InputErrors.parseError(source, lineNo, line.indexOf(token) + 1, "literal " + literal
                            + " exceeds the " + variables + " variables declared in the header");
                }
                if (literal == 0) {
                    clauses.add(current.stream().mapToInt(Integer::intValue).toArray());
                    current.clear();
                } else {
                    current.add(literal);
                }
            }
            lastLine = lineNo;
        }
        if (variables < 0) {
            throw InputErrors.parseError(source, Math.max(1, lines.length), 1, "missing the 'p cnf VARIABLES CLAUSES' header");
        }
        if (!current.isEmpty()) {
            clauses.add(current.stream().mapToInt(Integer::intValue).toArray());
        }
        if (clauses.size() != declaredClauses) {
            throw InputErrors.parseError(source, Math.max(lastLine, 1), 1, "the header declares " + declaredClauses
                    + " clauses but the file has " + clauses.size());
        }
        return new Cnf(variables, clauses);
    }

    /** The DIMACS text of a formula: header, then one clause a line. */
    public static String write(Cnf cnf) {
        StringBuilder sb = new StringBuilder();
        sb.append("p cnf ").append(cnf.variables()).append(' ').append(cnf.clauses().size()).append('\n');
        for (int[] clause : cnf.clauses()) {
            for (int literal : clause) {
                sb.append(literal).append(' ');
            }
            sb.append("0\n");
        }
        return sb.toString();
    }
}
