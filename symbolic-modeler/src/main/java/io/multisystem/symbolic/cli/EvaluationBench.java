package io.multisystem.symbolic.cli;

import io.multisystem.core.cli.Console;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.symbolic.expr.InfixExpressions;
import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.optimize.CompiledExpression;
import io.multisystem.symbolic.optimize.ExpressionDag;
import io.multisystem.symbolic.polynomial.Polynomials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code eval} section of {@code bench}: compiled evaluation of the same expressions at the same points by our
 * bytecode evaluator, our register interpreter, SymPy's {@code lambdify} with the {@code math} module (a Python
 * call per point, the like-for-like anchor) and with NumPy (vectorised over all points at once, when NumPy is
 * importable). Points are a deterministic grid both sides generate identically; the sums of all values must agree
 * to a relative 1e-9. Times are the best of {@code repeat} full passes after one warm-up pass, in ns per point.
 */
final class EvaluationBench {
    record Task(String name, String expression, boolean expand) {
    }

    static List<Task> tasks() {
        return List.of(
                new Task("(x+y+z+1)^8 expanded (165 terms)", "(x+y+z+1)^8", true),
                new Task("elementary mix", "sin(x)*cos(y) + exp(z*z*(0-1))*sqrt(x^2+y^2+1) + ln(1+x^2) - tan(x*y/3)", false),
                new Task("rational + powers", "1/(1+x^2) + x^3*y - 3*x*y^2*z + (x+y)^7 - pow(z, 2.5)", false));
    }

    private final String python;
    private final int points;
    private final int repeat;
    private final Console console;

    EvaluationBench(String python, int points, int repeat, Console console) {
        this.python = python;
        this.points = points;
        this.repeat = repeat;
        this.console = console;
    }

    static double[] point(int i) {
        return new double[]{0.5 + (i % 997) / 997.0, 0.25 + (i % 991) / 1982.0, 0.1 + (i % 983) / 983.0};
    }

    List<Map<String, Object>> run() throws IOException, InterruptedException {
        List<Task> tasks = tasks();
        List<Term> terms = new ArrayList<>();
        for (Task t : tasks) {
            Term parsed = InfixExpressions.parse(t.expression());
            terms.add(t.expand() ? Polynomials.fromTerm(parsed).toTerm() : parsed);
        }
        List<String[]> sympy = runSympy(tasks);
        double[][] grid = new double[points][];
        for (int i = 0; i < points; i++) {
            grid[i] = point(i);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < tasks.size(); k++) {
            CompiledExpression compiled = CompiledExpression.compile(terms.get(k), List.of("x", "y", "z"));
            double bytecodeSum = 0;
            double interpretedSum = 0;
            long bytecodeBest = Long.MAX_VALUE;
            long interpreterBest = Long.MAX_VALUE;
            for (int r = 0; r < repeat + 1; r++) {
                long s = System.nanoTime();
                double sum = 0;
                for (double[] p : grid) {
                    sum += compiled.evaluate(p);
                }
                long bytecodeTime = System.nanoTime() - s;
                bytecodeSum = sum;
                s = System.nanoTime();
                sum = 0;
                for (double[] p : grid) {
                    sum += compiled.interpret(p);
                }
                long interpreterTime = System.nanoTime() - s;
                interpretedSum = sum;
                if (r > 0) {
                    bytecodeBest = Math.min(bytecodeBest, bytecodeTime);
                    interpreterBest = Math.min(interpreterBest, interpreterTime);
                }
            }
            String[] theirs = sympy.get(k);
            double mathNs = Double.parseDouble(theirs[1]) * 1e9 / points;
            double mathSum = Double.parseDouble(theirs[2]);
            double numpyNs = theirs[3].equals("-") ? Double.NaN : Double.parseDouble(theirs[3]) * 1e9 / points;
            double numpySum = theirs[4].equals("-") ? mathSum : Double.parseDouble(theirs[4]);
            double bytecodeNs = (double) bytecodeBest / points;
            double interpreterNs = (double) interpreterBest / points;
            boolean equal = close(bytecodeSum, interpretedSum) && close(bytecodeSum, mathSum) && close(bytecodeSum, numpySum);
            console.info(String.format(Locale.ROOT, "eval %s: bytecode %.1f ns, interpreter %.1f ns, lambdify(math) %.1f ns,"
                    + " lambdify(numpy) %.1f ns per point", tasks.get(k).name(), bytecodeNs, interpreterNs, mathNs, numpyNs));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("task", tasks.get(k).name());
            row.put("operations", ExpressionDag.of(terms.get(k)).operations());
            row.put("bytecode", compiled.isBytecode());
            row.put("bytecodeNsPerPoint", bytecodeNs);
            row.put("interpreterNsPerPoint", interpreterNs);
            row.put("sympyMathNsPerPoint", mathNs);
            row.put("sympyNumpyNsPerPoint", numpyNs);
            row.put("speedupOverInterpreter", interpreterNs / bytecodeNs);
            row.put("speedupOverSympyMath", mathNs / bytecodeNs);
            row.put("speedupOverSympyNumpy", numpyNs / bytecodeNs);
            row.put("resultsEqual", equal);
            rows.add(row);
        }
        return rows;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    }

    private List<String[]> runSympy(List<Task> tasks) throws IOException, InterruptedException {
        StringBuilder py = new StringBuilder("""
                import sys, time
                from sympy import symbols, sympify, expand, lambdify
                x, y, z = symbols('x y z')
                N = %d
                R = %d
                pts = [(0.5 + (i %% 997) / 997.0, 0.25 + (i %% 991) / 1982.0, 0.1 + (i %% 983) / 983.0) for i in range(N)]
                try:
                    import numpy
                    X = numpy.array([p[0] for p in pts]); Y = numpy.array([p[1] for p in pts]); Z = numpy.array([p[2] for p in pts])
                except ImportError:
                    numpy = None
                def best(f):
                    t = 1e9; out = None
                    for _ in range(R + 1):
                        s = time.perf_counter(); out = f(); t = min(t, time.perf_counter() - s)
                    return t, out
                exprs = []
                """.formatted(points, repeat));
        for (Task t : tasks) {
            String e = "sympify('" + t.expression().replace("^", "**").replace("pow(z, 2.5)", "z**2.5") + "')";
            py.append("exprs.append(").append(t.expand() ? "expand(" + e + ")" : e).append(")\n");
        }
        py.append("""
                for e in exprs:
                    f = lambdify((x, y, z), e, 'math')
                    tm, sm = best(lambda: sum(f(a, b, c) for (a, b, c) in pts))
                    if numpy is not None:
                        g = lambdify((x, y, z), e, 'numpy')
                        tn, sn = best(lambda: float(numpy.sum(g(X, Y, Z))))
                        print('eval\\t%.9f\\t%r\\t%.9f\\t%r' % (tm, sm, tn, sn))
                    else:
                        print('eval\\t%.9f\\t%r\\t-\\t-' % (tm, sm))
                    sys.stdout.flush()
                """);
        Path script = Files.createTempFile("symbolic-bench-eval", ".py");
        try {
            Files.writeString(script, py.toString());
            console.info("running SymPy lambdify on " + tasks.size() + " evaluation tasks x " + points + " points ...");
            List<String> lines = BenchCommand.runProcess(List.of(python, script.toString()), "SymPy (" + python + ")",
                    Duration.ofMinutes(30));
            List<String[]> out = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("eval\t")) {
                    out.add(line.split("\t"));
                }
            }
            if (out.size() != tasks.size()) {
                throw new UnavailableException(InputErrors.COMPONENT, "ANCHOR_FAILED", "SymPy lambdify answered " + out.size()
                        + " of " + tasks.size() + " tasks: " + String.join("\n", lines));
            }
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static String render(List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%n%-36s %5s %10s %10s %10s %10s %s%n", "evaluation (ns/point)",
                "ops", "bytecode", "interp", "sympy-math", "sympy-np", "equal"));
        for (Map<String, Object> r : rows) {
            sb.append(String.format(Locale.ROOT, "%-36s %5d %10.1f %10.1f %10.1f %10.1f %s%n", r.get("task"), r.get("operations"),
                    r.get("bytecodeNsPerPoint"), r.get("interpreterNsPerPoint"), r.get("sympyMathNsPerPoint"),
                    r.get("sympyNumpyNsPerPoint"), r.get("resultsEqual")));
        }
        return sb.toString();
    }
}
