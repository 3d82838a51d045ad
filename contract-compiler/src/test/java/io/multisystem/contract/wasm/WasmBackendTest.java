package io.multisystem.contract.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.multisystem.contract.eval.Authorizer;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.Interpreter;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.CSet;
import io.multisystem.contract.value.EntityUid;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WasmBackendTest {
    private static final Request REQ = new Request(EntityUid.of("User", "alice"), EntityUid.of("Action", "read"),
            EntityUid.of("Doc", "d"), CRecord.of(Map.of("n", 5L, "s", "abc", "tags", CSet.of(List.of("x", "y")))));

    @Test
    void emitsAValidWebAssemblyModuleWithTheDocumentedExports() {
        List<Policy> ps = SourceParser.parsePolicies("a.cedar", """
                permit(principal == User::"alice", action in [Action::"read", Action::"list"], resource is Doc)
                when { context.n > 3 && context.s like "a*c" } unless { context has missing };
                """);

        byte[] bytes = WasmCompiler.compile(ps);
        WasmModule module = Parser.parse(bytes);

        assertThat(bytes).startsWith(0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00);
        List<String> exports = java.util.stream.IntStream.range(0, module.exportSection().exportCount())
                .mapToObj(i -> module.exportSection().getExport(i).name()).toList();
        assertThat(exports).containsExactlyInAnyOrder("memory", "evaluate", "policy_count");
        assertThat(module.importSection().importCount()).isEqualTo(WasmCompiler.IMPORTS.length);
        assertThat(Authorizer.authorize(WasmPolicies.compile(ps), REQ, Entities.EMPTY).reasons()).containsExactly("policy0");
    }

    @Test
    void aDenyExplainsWhichScopeOrConditionFailedLikeTheInterpreter() {
        List<Policy> ps = SourceParser.parsePolicies("b.cedar", """
                permit(principal == User::"bob", action, resource);
                permit(principal, action == Action::"write", resource);
                permit(principal, action, resource is Photo);
                permit(principal, action, resource) when { true } when { context.n > 100 };
                """);

        Response wasm = Authorizer.authorize(WasmPolicies.compile(ps), REQ, Entities.EMPTY);
        Response interp = Authorizer.authorize(new Interpreter(ps), REQ, Entities.EMPTY);

        assertThat(wasm.allowed()).isFalse();
        assertThat(wasm.notApplied()).isEqualTo(interp.notApplied());
        assertThat(wasm.notApplied()).extracting(Response.NotApplied::reason).containsExactly(
                "principal scope does not match", "action scope does not match", "resource scope does not match",
                "condition 2 is not met");
    }

    @Test
    void anErrorInsideTheModuleSkipsThePolicyAndIsReportedWithTheInterpretersMessage() {
        List<Policy> ps = SourceParser.parsePolicies("c.cedar", """
                permit(principal, action, resource);
                forbid(principal, action, resource) when { context.s > 1 };
                forbid(principal, action, resource) when { 9223372036854775807 + context.n > 0 };
                """);

        Response wasm = Authorizer.authorize(WasmPolicies.compile(ps), REQ, Entities.EMPTY);

        assertThat(wasm.allowed()).isTrue();
        assertThat(wasm.errors()).isEqualTo(Authorizer.authorize(new Interpreter(ps), REQ, Entities.EMPTY).errors());
        assertThat(wasm.errors()).extracting(Response.PolicyError::policyId).containsExactly("policy1", "policy2");
    }

    @Test
    void chicorysInterpreterAndCompilerGiveTheSameOutcomes() {
        List<Policy> ps = SourceParser.parsePolicies("m.cedar", """
                permit(principal is User, action, resource) when { context.tags.contains("x") && context.n + 1 == 6 };
                forbid(principal, action, resource) when { context.s like "*z" };
                """);
        WasmPolicies interpreted = WasmPolicies.compile(ps, WasmPolicies.Mode.INTERPRETED);
        WasmPolicies compiled = WasmPolicies.compile(ps, WasmPolicies.Mode.COMPILED);

        for (int i = 0; i < ps.size(); i++) {
            assertThat(compiled.evaluate(i, REQ, Entities.EMPTY)).isEqualTo(interpreted.evaluate(i, REQ, Entities.EMPTY));
        }
        assertThat(Authorizer.authorize(compiled, REQ, Entities.EMPTY).reasons()).containsExactly("policy0");
    }

    @Test
    void anUnlinkedTemplateIsACompileErrorNamingTheConstruct() {
        List<Policy> ps = SourceParser.parsePolicies("t.cedar", "permit(principal == ?principal, action, resource);");

        assertThatThrownBy(() -> WasmCompiler.compile(ps))
                .isInstanceOf(WasmCompiler.UnsupportedConstructException.class)
                .hasMessageContaining("template").hasMessageContaining("unlinked");
    }

    @Property(tries = 200)
    void randomConditionsDecideExactlyAsTheInterpreterDoes(@ForAll long seed) {
        Random rnd = new Random(seed);
        StringBuilder src = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            src.append(rnd.nextBoolean() ? "permit" : "forbid").append("(principal, action, resource) when { ")
                    .append(bool(rnd, 3)).append(" };\n");
        }
        List<Policy> ps = SourceParser.parsePolicies("r.cedar", src.toString());
        Interpreter interp = new Interpreter(ps);
        WasmPolicies wasm = WasmPolicies.compile(ps, seed % 2 == 0 ? WasmPolicies.Mode.COMPILED : WasmPolicies.Mode.INTERPRETED);
        for (long n : new long[] {-3, 0, 5, 42}) {
            Request r = new Request(REQ.principal(), REQ.action(), REQ.resource(),
                    CRecord.of(Map.of("n", n, "s", n > 0 ? "abc" : "zz", "tags", CSet.of(List.of("x", n)))));
            Response a = Authorizer.authorize(interp, r, Entities.EMPTY);
            Response b = Authorizer.authorize(wasm, r, Entities.EMPTY);
            assertThat(b).as(src.toString()).usingRecursiveComparison().isEqualTo(a);
        }
    }

    private static String bool(Random r, int depth) {
        int k = r.nextInt(depth <= 0 ? 5 : 12);
        switch (k) {
            case 0: return r.nextBoolean() ? "true" : "false";
            case 1: return "context has " + (r.nextBoolean() ? "n" : "missing");
            case 2: return "context.s like \"" + (r.nextBoolean() ? "a*" : "*z") + "\"";
            case 3: return num(r, depth - 1) + (r.nextBoolean() ? " < " : " >= ") + num(r, depth - 1);
            case 4: return "principal " + (r.nextBoolean() ? "is User" : "== User::\"bob\"");
            case 5: return "(" + bool(r, depth - 1) + " && " + bool(r, depth - 1) + ")";
            case 6: return "(" + bool(r, depth - 1) + " || " + bool(r, depth - 1) + ")";
            case 7: return "!" + bool(r, depth - 1);
            case 8: return "(if " + bool(r, depth - 1) + " then " + bool(r, depth - 1) + " else " + bool(r, depth - 1) + ")";
            case 9: return "context.tags.contains(" + (r.nextBoolean() ? "\"x\"" : num(r, depth - 1)) + ")";
            case 10: return "{a: " + num(r, depth - 1) + ", b: [1, context.s]}.a == " + num(r, depth - 1);
            default: return "context." + (r.nextBoolean() ? "s" : "n") + " == " + num(r, depth - 1);
        }
    }

    private static String num(Random r, int depth) {
        int k = r.nextInt(depth <= 0 ? 2 : 6);
        switch (k) {
            case 0: return Long.toString(r.nextInt(20) - 5);
            case 1: return "context.n";
            case 2: return "(" + num(r, depth - 1) + " + " + num(r, depth - 1) + ")";
            case 3: return "(" + num(r, depth - 1) + " * 4611686018427387904)";
            case 4: return "-" + num(r, depth - 1);
            default: return "(if " + bool(r, depth - 1) + " then " + num(r, depth - 1) + " else context.s)";
        }
    }
}
