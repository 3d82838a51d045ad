package io.multisystem.symbolic.smt;

import com.microsoft.z3.BoolExpr;
import com.microsoft.z3.Context;
import com.microsoft.z3.Expr;
import com.microsoft.z3.FuncDecl;
import com.microsoft.z3.Model;
import com.microsoft.z3.Params;
import com.microsoft.z3.Solver;
import com.microsoft.z3.Status;
import com.microsoft.z3.Z3Exception;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.symbolic.expr.InputErrors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * SMT solving of SMT-LIB 2 scripts (declarations and assertions; intended for linear integer and real arithmetic,
 * QF_LIA / QF_LRA / QF_LIRA, though Z3 accepts its other theories too) through Z3 with bundled natives
 * ({@code tools.aqua:z3-turnkey}).
 *
 * <p>Design note: the script's declarations and assertions are parsed by Z3 ({@code check-sat} and other commands
 * are ignored: the solver decides). Each assertion i is tracked by a fresh Boolean p_i so that an UNSAT answer
 * carries the core of assertions whose trackers appear in Z3's unsat core. A SAT model is completed and every
 * assertion re-evaluated under it before the model is reported. The timeout is Z3's {@code timeout} parameter;
 * hitting it answers UNKNOWN with Z3's reason. One Z3 context per call (contexts are not thread-safe), closed after
 * use; calls are therefore thread-safe.
 */
public final class SmtSolver {
    private static final String COMPONENT = InputErrors.COMPONENT;
    private final LongSupplier nanoTicker;

    public SmtSolver(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
    }

    public SmtSolver() {
        this(System::nanoTime);
    }

    /**
     * Solves an SMT-LIB 2 script.
     *
     * @throws io.multisystem.core.error.InvalidInputException PARSE_ERROR with Z3's message for a malformed script,
     *     INVALID_TIMEOUT for a non-positive timeout
     * @throws UnavailableException Z3_UNAVAILABLE when the native Z3 library cannot be loaded on this platform
     */
    public SmtResult solve(String script, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw InputErrors.invalid("INVALID_TIMEOUT", "the timeout must be positive, was " + timeout);
        }
        long start = nanoTicker.getAsLong();
        Context context;
        try {
            context = new Context();
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new UnavailableException(COMPONENT, "Z3_UNAVAILABLE",
                    "the Z3 native library could not be loaded (" + e.getMessage() + "); SMT solving needs linux/mac/windows on amd64 or aarch64");
        }
        try (context) {
            BoolExpr[] assertions;
            try {
                assertions = context.parseSMTLIB2String(stripCommands(script), null, null, null, null);
            } catch (Z3Exception e) {
                throw InputErrors.invalid("PARSE_ERROR", "the SMT-LIB script does not parse: " + e.getMessage().strip());
            }
            Solver solver = context.mkSolver();
            Params params = context.mkParams();
            params.add("timeout", (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
            solver.setParameters(params);
            Map<String, BoolExpr> trackers = new HashMap<>();
            for (int i = 0; i < assertions.length; i++) {
                BoolExpr tracker = context.mkBoolConst("__assertion_" + i);
                trackers.put(tracker.toString(), assertions[i]);
                solver.assertAndTrack(assertions[i], tracker);
            }
            Status status = solver.check();
            Duration elapsed = Duration.ofNanos(nanoTicker.getAsLong() - start);
            if (status == Status.SATISFIABLE) {
                Model model = solver.getModel();
                Map<String, String> values = new TreeMap<>();
                for (FuncDecl<?> decl : model.getConstDecls()) {
                    String name = decl.getName().toString();
                    if (!name.startsWith("__assertion_")) {
                        values.put(name, model.getConstInterp(decl).toString());
                    }
                }
                boolean checked = true;
                for (BoolExpr a : assertions) {
                    Expr<?> value = model.eval(a, true);
                    checked &= value.isTrue();
                }
                return new SmtResult(SmtResult.Status.SATISFIABLE, values, checked, List.of(), "", elapsed);
            }
            if (status == Status.UNSATISFIABLE) {
                List<String> core = new ArrayList<>();
                for (BoolExpr tracker : solver.getUnsatCore()) {
                    BoolExpr a = trackers.get(tracker.toString());
                    if (a != null) {
                        core.add(a.toString().replaceAll("\\s+", " "));
                    }
                }
                return new SmtResult(SmtResult.Status.UNSATISFIABLE, Map.of(), false, core, "", elapsed);
            }
            return new SmtResult(SmtResult.Status.UNKNOWN, Map.of(), false, List.of(), solver.getReasonUnknown(), elapsed);
        }
    }

    /** Drops commands Z3's assertion parser does not want (check-sat, get-model, set-option ...). */
    static String stripCommands(String script) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        int start = -1;
        boolean inString = false;
        boolean inComment = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (inComment) {
                if (c == '\n') {
                    inComment = false;
                }
                continue;
            }
            if (inString) {
                if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == ';') {
                inComment = true;
            } else if (c == '"') {
                inString = true;
            } else if (c == '(') {
                if (depth == 0) {
                    start = i;
                }
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw InputErrors.invalid("PARSE_ERROR", "position " + i + ": unbalanced ')' in the SMT-LIB script");
                }
                if (depth == 0) {
                    String command = script.substring(start, i + 1);
                    String head = command.substring(1).stripLeading();
                    if (head.startsWith("declare-") || head.startsWith("define-") || head.startsWith("assert")
                            || head.startsWith("set-logic")) {
                        out.append(command).append('\n');
                    }
                }
            }
        }
        if (depth != 0) {
            throw InputErrors.invalid("PARSE_ERROR", "the SMT-LIB script ends inside an unclosed '(' opened at position " + start);
        }
        return out.toString();
    }
}
