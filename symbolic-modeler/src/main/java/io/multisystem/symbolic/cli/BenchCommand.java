package io.multisystem.symbolic.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.symbolic.expr.InfixExpressions;
import io.multisystem.symbolic.expr.InputErrors;
import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.polynomial.Polynomials;
import io.multisystem.symbolic.polynomial.RationalFunction;
import io.multisystem.symbolic.rewrite.RuleSet;
import io.multisystem.symbolic.rewrite.ShippedRules;
import io.multisystem.symbolic.sat.Cnf;
import io.multisystem.symbolic.sat.Dimacs;
import io.multisystem.symbolic.sat.RandomCnf;
import io.multisystem.symbolic.sat.SatResult;
import io.multisystem.symbolic.sat.SatSolver;
import io.multisystem.symbolic.saturation.EqualitySaturator;
import io.multisystem.symbolic.saturation.Limits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * {@code bench}: times this engine against its anchors in one run, on the same inputs. SymPy (Debian python3-sympy)
 * runs each algebra task in one Python process, timed inside Python with {@code perf_counter} (interpreter start-up
 * excluded), best of {@code --repeat}; ours is timed in this JVM after a JIT warm-up of up to 0.3 s per task (the
 * steady state of the long-running service), best of {@code --repeat}, and its cold first call is reported as well.
 * SymPy's printed result is parsed back and compared with ours by canonical form. SAT: seeded random 3-SAT at the phase
 * transition (m = 4.26 n) written as DIMACS, solved by SAT4J through our API and by Debian's {@code minisat}
 * (its own reported CPU time, process start-up excluded); SAT4J is reported both as wall time and as the CPU time
 * of the solving thread (like-for-like with MiniSat's CPU time on a loaded machine; JIT compiler threads are not
 * counted); answers must agree. The {@code eval} section ({@link EvaluationBench}) times compiled evaluation against
 * SymPy's {@code lambdify}. SymPy's cache is cleared before
 * every repetition, otherwise repeats would time cache hits. Needs {@code scripts/fetch-datasets.sh
 * symbolic-modeler}; exits 3 when an anchor is missing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark against SymPy and minisat in the same run (needs scripts/fetch-datasets.sh symbolic-modeler).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--repeat", defaultValue = "3", description = "Repetitions per task, best kept (default: ${DEFAULT-VALUE}).")
    int repeat = 3;
    @Option(names = "--sat-instances", defaultValue = "5", description = "Random 3-SAT instances per size (default: ${DEFAULT-VALUE}).")
    int satInstances = 5;
    @Option(names = "--sat-sizes", defaultValue = "150,200,250", split = ",", description = "Variable counts (default: ${DEFAULT-VALUE}).")
    List<Integer> satSizes = List.of(150, 200, 250);
    @Option(names = "--sections", defaultValue = "algebra,eval,sat", split = ",",
            description = "What to run: algebra, eval (compiled evaluation vs SymPy lambdify), sat (default: ${DEFAULT-VALUE}).")
    List<String> sections = List.of("algebra", "eval", "sat");
    @Option(names = "--eval-points", defaultValue = "200000", description = "Points per evaluation task (default: ${DEFAULT-VALUE}).")
    int evalPoints = 200_000;
    @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "Python with SymPy (default: ${DEFAULT-VALUE}).")
    String python = "/usr/bin/python3";
    @Option(names = "--minisat", defaultValue = "minisat", description = "MiniSat binary (default: ${DEFAULT-VALUE}).")
    String minisat = "minisat";
    @Mixin
    CommonOptions common;

    /** JIT warm-up per algebra task before timing: this long, or {@link #WARM_UP_CALLS} calls, whichever is first. */
    static final long WARM_UP_NANOS = 300_000_000L;
    static final int WARM_UP_CALLS = 2_000;

    record Task(String group, String name, String kind, String lhs, String rhs) {
    }

    static List<Task> tasks() {
        List<Task> tasks = new ArrayList<>();
        for (int n : new int[]{5, 10, 15, 20}) {
            tasks.add(new Task("expand", "(x+y+z+1)^" + n, "expand", "(x+y+z+1)^" + n, ""));
        }
        tasks.add(new Task("rational", "cancel (x^2-y^2)^6/(x-y)^5", "cancel", "(x^2-y^2)^6/(x-y)^5", ""));
        tasks.add(new Task("rational", "cancel (x^10-1)/(x^4-1)", "cancel", "(x^10-1)/(x^4-1)", ""));
        tasks.add(new Task("rational", "cancel ((x+y+1)^7*(x-z))/((x+y+1)^3*(x^2-z^2))", "cancel",
                "((x+y+1)^7*(x-z))/((x+y+1)^3*(x^2-z^2))", ""));
        tasks.add(new Task("rational", "1/x + 1/y + 1/(x*y) over (x+y+1)", "cancel", "(1/x + 1/y + 1/(x*y))/(x+y+1)", ""));
        tasks.add(new Task("identity", "(x+y)^12*(x-y)^12 = (x^2-y^2)^12", "identity", "(x+y)^12*(x-y)^12", "(x^2-y^2)^12"));
        tasks.add(new Task("identity", "(a+b+c)^10 = ((a+b)+c)^5*(a+(b+c))^5", "identity", "(a+b+c)^10", "((a+b)+c)^5*(a+(b+c))^5"));
        tasks.add(new Task("identity", "(x+1)^15 != (x+1)^14*x + (x+1)^14 + 1", "identity", "(x+1)^15", "(x+1)^14*x + (x+1)^14 + 1"));
        tasks.add(new Task("identity", "(a^2+b^2)*(c^2+d^2) = (a*c-b*d)^2+(a*d+b*c)^2", "identity",
                "(a^2+b^2)*(c^2+d^2)", "(a*c-b*d)^2+(a*d+b*c)^2"));
        tasks.add(new Task("trig", "sin(x)^2 + cos(x)^2 = 1", "trig", "sin(x)^2 + cos(x)^2", "1"));
        tasks.add(new Task("trig", "sin(2*x) = 2*sin(x)*cos(x)", "trig", "sin(2*x)", "2*sin(x)*cos(x)"));
        tasks.add(new Task("trig", "(sin(x)+cos(x))^2 = 1 + sin(2*x)", "trig", "(sin(x)+cos(x))^2", "1 + sin(2*x)"));
        return tasks;
    }

    @Override
    public Integer call() throws Exception {
        if (repeat < 1 || satInstances < 1 || evalPoints < 1) {
            throw InputErrors.invalid("INVALID_OPTION", "--repeat, --sat-instances and --eval-points must be at least 1");
        }
        for (String section : sections) {
            if (!List.of("algebra", "eval", "sat").contains(section)) {
                throw InputErrors.invalid("INVALID_OPTION", "unknown --sections entry '" + section + "'; use algebra, eval, sat");
            }
        }
        List<Task> tasks = sections.contains("algebra") ? tasks() : List.of();
        List<String[]> sympy = tasks.isEmpty() ? List.of() : runSympy(tasks);
        List<Map<String, Object>> rows = new ArrayList<>();
        RuleSet trig = ShippedRules.combine(List.of("trigonometry", "arithmetic", "powers-logs"));
        for (int i = 0; i < tasks.size(); i++) {
            Task t = tasks.get(i);
            Supplier<String> ours = ours(t, trig);
            long first = System.nanoTime();
            String ourResult = ours.get();
            first = System.nanoTime() - first;
            // Steady state, as in the long-running service: warm the JIT on this task for WARM_UP_NANOS (at most
            // WARM_UP_CALLS calls), then keep the best of --repeat timed calls. The cold first call is reported too.
            long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
            for (int w = 0; w < WARM_UP_CALLS && System.nanoTime() < warmUpEnd; w++) {
                ours.get();
            }
            long best = Long.MAX_VALUE;
            for (int r = 0; r < repeat; r++) {
                long s = System.nanoTime();
                ours.get();
                best = Math.min(best, System.nanoTime() - s);
            }
            common.console().info(String.format(Locale.ROOT, "%s: ours %.3f ms (first call %.3f ms)", t.name(), best / 1e6, first / 1e6));
            double sympySeconds = Double.parseDouble(sympy.get(i)[1]);
            common.console().info(String.format(Locale.ROOT, "%s: sympy %.3f ms", t.name(), sympySeconds * 1e3));
            String sympyResult = sympy.get(i)[2];
            boolean equal = sameResult(t, ourResult, sympyResult);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("group", t.group());
            row.put("task", t.name());
            row.put("oursMs", best / 1e6);
            row.put("oursFirstCallMs", first / 1e6);
            row.put("sympyMs", sympySeconds * 1e3);
            row.put("speedup", sympySeconds * 1e9 / best);
            row.put("resultsEqual", equal);
            row.put("result", abbreviate(ourResult));
            rows.add(row);
        }
        List<Map<String, Object>> eval = sections.contains("eval") ? new EvaluationBench(python, evalPoints, repeat, common.console()).run()
                : List.of();
        List<Map<String, Object>> sat = sections.contains("sat") ? runSat() : List.of();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("algebra", rows);
        result.put("evaluation", eval);
        result.put("sat", sat);
        result.put("java", System.getProperty("java.version"));
        result.put("cores", Runtime.getRuntime().availableProcessors());
        common.console().result(result, () -> render(rows, sat) + EvaluationBench.render(eval));
        boolean allEqual = rows.stream().allMatch(r -> (Boolean) r.get("resultsEqual"))
                && eval.stream().allMatch(r -> (Boolean) r.get("resultsEqual"))
                && sat.stream().allMatch(r -> (Boolean) r.get("answersAgree"));
        return allEqual ? 0 : 1;
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    private Supplier<String> ours(Task t, RuleSet trig) {
        Term lhs = InfixExpressions.parse(t.lhs());
        switch (t.kind()) {
            case "expand":
                return () -> Polynomials.fromTerm(lhs).toString();
            case "cancel":
                return () -> RationalFunction.fromTerm(lhs).toString();
            case "identity": {
                Term rhs = InfixExpressions.parse(t.rhs());
                return () -> String.valueOf(Polynomials.fromTerm(lhs).equals(Polynomials.fromTerm(rhs)));
            }
            default: {
                Term rhs = InfixExpressions.parse(t.rhs());
                EqualitySaturator saturator = EqualitySaturator.create(trig);
                return () -> String.valueOf(saturator.prove(lhs, rhs, Limits.DEFAULT).proved());
            }
        }
    }

    private static boolean sameResult(Task t, String ours, String sympy) {
        if (t.kind().equals("identity") || t.kind().equals("trig")) {
            return ours.equalsIgnoreCase(sympy);
        }
        RationalFunction theirs = RationalFunction.fromTerm(InfixExpressions.parse(sympy.replace("**", "^")));
        RationalFunction mine = RationalFunction.fromTerm(InfixExpressions.parse(t.lhs()));
        return theirs.equals(mine) && mine.toString().equals(ours);
    }

    private List<String[]> runSympy(List<Task> tasks) throws IOException, InterruptedException {
        StringBuilder py = new StringBuilder("""
                import sys, time
                from sympy import symbols, expand, cancel, simplify, sin, cos, sympify
                from sympy.core.cache import clear_cache
                x, y, z, a, b, c, d = symbols('x y z a b c d')
                R = %d
                def best(f):
                    t = 1e9
                    for _ in range(R):
                        clear_cache()
                        s = time.perf_counter(); out = f(); t = min(t, time.perf_counter() - s)
                    return t, out
                tasks = []
                """.formatted(repeat));
        for (Task t : tasks) {
            String lhs = t.lhs().replace("^", "**");
            String rhs = t.rhs().replace("^", "**");
            String body = switch (t.kind()) {
                case "expand" -> "lambda: expand(sympify('" + lhs + "'))";
                case "cancel" -> "lambda: cancel(sympify('" + lhs + "'))";
                case "identity" -> "lambda: expand(sympify('" + lhs + "') - sympify('" + rhs + "')) == 0";
                default -> "lambda: simplify(sympify('" + lhs + "') - sympify('" + rhs + "')) == 0";
            };
            py.append("tasks.append(").append(body).append(")\n");
        }
        py.append("""
                for f in tasks:
                    t, out = best(f)
                    print('%s\\t%.9f\\t%s' % ('task', t, str(out).replace('\\n', ' ')))
                    sys.stdout.flush()
                """);
        Path script = Files.createTempFile("symbolic-bench", ".py");
        try {
            Files.writeString(script, py.toString());
            common.console().info("running SymPy on " + tasks.size() + " tasks ...");
            List<String> lines = runProcess(List.of(python, script.toString()), "SymPy (" + python + ")", Duration.ofMinutes(30));
            List<String[]> out = new ArrayList<>();
            for (String line : lines) {
                if (line.startsWith("task\t")) {
                    out.add(line.split("\t", 3));
                }
            }
            if (out.size() != tasks.size()) {
                throw new UnavailableException(InputErrors.COMPONENT, "ANCHOR_FAILED", "SymPy answered " + out.size()
                        + " of " + tasks.size() + " tasks: " + String.join("\n", lines));
            }
            return out;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    static List<String> runProcess(List<String> command, String what, Duration timeout) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UnavailableException(InputErrors.COMPONENT, "ANCHOR_MISSING", what + " is not installed (" + e.getMessage()
                    + "); run scripts/fetch-datasets.sh symbolic-modeler");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new UnavailableException(InputErrors.COMPONENT, "ANCHOR_TIMEOUT", what + " did not finish in " + timeout);
        }
        if (output.contains("No module named 'sympy'")) {
            throw new UnavailableException(InputErrors.COMPONENT, "ANCHOR_MISSING", "SymPy is not installed for " + command.get(0)
                    + "; run scripts/fetch-datasets.sh symbolic-modeler");
        }
        return output.lines().toList();
    }

    private List<Map<String, Object>> runSat() throws IOException, InterruptedException {
        SatSolver solver = new SatSolver();
        List<Map<String, Object>> rows = new ArrayList<>();
        Path dir = Files.createTempDirectory("symbolic-bench-sat");
        try {
            solver.solve(RandomCnf.threeSat(100, 426, new Random(1)), Duration.ofMinutes(1));
            for (int n : satSizes) {
                int m = (int) Math.round(4.26 * n);
                double oursTotal = 0;
                double oursCpuTotal = 0;
                double minisatTotal = 0;
                int sat = 0;
                boolean agree = true;
                for (int k = 0; k < satInstances; k++) {
                    Cnf cnf = RandomCnf.threeSat(n, m, new Random(1000L * n + k));
                    Path file = dir.resolve("uf" + n + "-" + k + ".cnf");
                    Files.writeString(file, Dimacs.write(cnf));
                    Cnf reread = Dimacs.parse(Files.readString(file), file.getFileName().toString());
                    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
                    long cpu0 = threads.getCurrentThreadCpuTime();
                    long s = System.nanoTime();
                    SatResult ours = solver.solve(reread, Duration.ofMinutes(5));
                    oursTotal += (System.nanoTime() - s) / 1e9;
                    oursCpuTotal += (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
                    List<String> out = runProcess(List.of(minisat, "-verb=1", file.toString()), "minisat", Duration.ofMinutes(5));
                    double cpu = 0;
                    String answer = "";
                    for (String line : out) {
                        Matcher mt = java.util.regex.Pattern.compile("CPU time\\s*:\\s*([0-9.]+)").matcher(line);
                        if (mt.find()) {
                            cpu = Double.parseDouble(mt.group(1));
                        }
                        if (line.strip().equals("SATISFIABLE") || line.strip().equals("UNSATISFIABLE")) {
                            answer = line.strip();
                        }
                    }
                    if (answer.isEmpty()) {
                        throw new UnavailableException(InputErrors.COMPONENT, "ANCHOR_FAILED", "minisat gave no answer: " + String.join("\n", out));
                    }
                    minisatTotal += cpu;
                    common.console().info(String.format(Locale.ROOT, "3-SAT n=%d #%d: %s sat4j %.3f s wall / %.3f s cpu (cumulative), minisat %.3f s cpu",
                            n, k, ours.status(), oursTotal, oursCpuTotal, cpu));
                    agree &= answer.equals(ours.status().name()) && (ours.status() != SatResult.Status.SATISFIABLE || ours.modelChecked());
                    if (ours.status() == SatResult.Status.SATISFIABLE) {
                        sat++;
                    }
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("variables", n);
                row.put("clauses", m);
                row.put("instances", satInstances);
                row.put("satisfiable", sat);
                row.put("sat4jSeconds", oursTotal);
                row.put("sat4jCpuSeconds", oursCpuTotal);
                row.put("minisatSeconds", minisatTotal);
                row.put("sat4jOverMinisat", minisatTotal > 0 ? oursTotal / minisatTotal : Double.NaN);
                row.put("sat4jCpuOverMinisat", minisatTotal > 0 ? oursCpuTotal / minisatTotal : Double.NaN);
                row.put("answersAgree", agree);
                rows.add(row);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
        return rows;
    }

    private static String render(List<Map<String, Object>> rows, List<Map<String, Object>> sat) {
        StringBuilder sb = new StringBuilder();
        if (!rows.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%-9s %-58s %10s %10s %10s %9s %s%n", "group", "task", "ours ms", "1st call", "sympy ms", "speedup", "equal"));
        }
        for (Map<String, Object> r : rows) {
            sb.append(String.format(Locale.ROOT, "%-9s %-58s %10.3f %10.3f %10.3f %8.1fx %s%n", r.get("group"), r.get("task"),
                    r.get("oursMs"), r.get("oursFirstCallMs"), r.get("sympyMs"), r.get("speedup"), r.get("resultsEqual")));
        }
        if (!sat.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n%-6s %-7s %-9s %-4s %12s %12s %12s %14s %14s %s%n", "n", "m", "instances", "sat",
                    "sat4j s", "sat4j cpu s", "minisat cpu", "wall/minisat", "cpu/minisat", "agree"));
        }
        for (Map<String, Object> r : sat) {
            sb.append(String.format(Locale.ROOT, "%-6s %-7s %-9s %-4s %12.3f %12.3f %12.3f %13.2fx %13.2fx %s%n", r.get("variables"),
                    r.get("clauses"), r.get("instances"), r.get("satisfiable"), r.get("sat4jSeconds"), r.get("sat4jCpuSeconds"),
                    r.get("minisatSeconds"), r.get("sat4jOverMinisat"), r.get("sat4jCpuOverMinisat"), r.get("answersAgree")));
        }
        return sb.toString();
    }

}
