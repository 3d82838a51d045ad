package io.multisystem.contract.bench;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.multisystem.contract.engine.Backend;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.Outcome;
import io.multisystem.contract.eval.PolicyEvaluator;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.EntityUid;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Our back ends versus Google CEL ({@code dev.cel:cel}) on equivalent boolean expressions: one expression evaluated
 * per invocation over the same 256 inputs, e.g. Cedar {@code context.level >= 3 && context.dept == "eng" &&
 * context.roles.contains("admin") && (context.mfa || context.level > 6)} versus CEL
 * {@code level >= 3 && dept == 'eng' && 'admin' in roles && (mfa || level > 6)}. Setup checks every engine gives the
 * same boolean on every input. Lives in test sources because the CEL dependency is test-scoped (benchmark only).
 * Run: {@code CelComparisonTest} with {@code -Dcel.jmh=true}, or JMH's runner with this class.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CelComparisonBenchmark {
    public static final String CEDAR = "permit(principal, action, resource) when { context.level >= 3 && context.dept == \"eng\" "
            + "&& context.roles.contains(\"admin\") && (context.mfa || context.level > 6) && context.requests * 2 < 1000 };";
    public static final String CEL = "level >= 3 && dept == 'eng' && 'admin' in roles && (mfa || level > 6) && requests * 2 < 1000";

    List<Request> requests;
    List<Map<String, Object>> activations;
    PolicyEvaluator jvm;
    PolicyEvaluator interpreter;
    PolicyEvaluator wasm;
    CelRuntime.Program cel;
    int next;

    @Setup
    public void setup() throws Exception {
        var policies = SourceParser.parsePolicies("cel.cedar", CEDAR);
        jvm = Backend.JVM.build(policies);
        interpreter = Backend.INTERPRETER.build(policies);
        wasm = Backend.WASM.build(policies);
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .addVar("level", SimpleType.INT).addVar("dept", SimpleType.STRING)
                .addVar("roles", ListType.create(SimpleType.STRING)).addVar("mfa", SimpleType.BOOL)
                .addVar("requests", SimpleType.INT).build();
        CelAbstractSyntaxTree ast = compiler.compile(CEL).getAst();
        cel = CelRuntimeFactory.standardCelRuntimeBuilder().build().createProgram(ast);
        requests = new ArrayList<>();
        activations = new ArrayList<>();
        String[] depts = {"eng", "sales", "ops"};
        int trues = 0;
        for (int i = 0; i < 256; i++) {
            long level = i % 9;
            String dept = depts[i % 3];
            List<String> roles = i % 4 == 0 ? List.of("user") : i % 4 == 1 ? List.of("user", "admin") : List.of("admin");
            boolean mfa = i % 5 != 0;
            long reqs = (i * 37) % 700;
            requests.add(new Request(EntityUid.of("User", "u"), EntityUid.of("Action", "a"), EntityUid.of("R", "r"),
                    CRecord.of(Map.of("level", level, "dept", dept, "roles", CSet.of(roles), "mfa", mfa, "requests", reqs))));
            activations.add(Map.of("level", level, "dept", dept, "roles", roles, "mfa", mfa, "requests", reqs));
            boolean ours = jvm.evaluate(0, requests.get(i), Entities.EMPTY) == Outcome.SATISFIED;
            boolean theirs = (Boolean) cel.eval(activations.get(i));
            if (ours != theirs || ours != (interpreter.evaluate(0, requests.get(i), Entities.EMPTY) == Outcome.SATISFIED)
                    || ours != (wasm.evaluate(0, requests.get(i), Entities.EMPTY) == Outcome.SATISFIED)) {
                throw new IllegalStateException("engines disagree on input " + i + ": ours=" + ours + " cel=" + theirs);
            }
            trues += ours ? 1 : 0;
        }
        System.out.println("identical results on 256 inputs (" + trues + " true)");
    }

    private int index() {
        int i = next;
        next = (i + 1) & 255;
        return i;
    }

    @Benchmark
    public boolean jvmBackend() {
        return jvm.evaluate(0, requests.get(index()), Entities.EMPTY) == Outcome.SATISFIED;
    }

    @Benchmark
    public boolean interpreter() {
        return interpreter.evaluate(0, requests.get(index()), Entities.EMPTY) == Outcome.SATISFIED;
    }

    @Benchmark
    public boolean wasmBackend() {
        return wasm.evaluate(0, requests.get(index()), Entities.EMPTY) == Outcome.SATISFIED;
    }

    @Benchmark
    public boolean cel() throws Exception {
        return (Boolean) cel.eval(activations.get(index()));
    }
}
