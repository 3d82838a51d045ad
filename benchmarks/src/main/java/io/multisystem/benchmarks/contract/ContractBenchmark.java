package io.multisystem.benchmarks.contract;

import com.cedarpolicy.BasicAuthorizationEngine;
import com.cedarpolicy.model.AuthorizationRequest;
import com.cedarpolicy.model.AuthorizationResponse;
import com.cedarpolicy.model.Context;
import com.cedarpolicy.model.policy.PolicySet;
import com.cedarpolicy.value.EntityTypeName;
import com.cedarpolicy.value.EntityUID;
import com.cedarpolicy.value.IpAddress;
import com.cedarpolicy.value.PrimBool;
import com.cedarpolicy.value.Value;
import io.multisystem.contract.engine.Backend;
import io.multisystem.contract.eval.Authorizer;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.JsonCodec;
import io.multisystem.contract.eval.PolicyEvaluator;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.contract.value.CRecord;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.IpAddr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One authorization decision per invocation, same policies / entities / requests for every engine: our JVM back end
 * (bytecode), our interpreter, our WebAssembly module (Chicory runtime), and the real Cedar engine (cedar-java, Rust via JNI). Setup checks that all of them give
 * identical decisions and reasons on every request before measuring.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ContractBenchmark {
    static final int USERS = 16, DOCS = 32;

    static String policies() {
        StringBuilder sb = new StringBuilder();
        sb.append("permit(principal in Role::\"admin\", action, resource);\n");
        sb.append("permit(principal, action in [Action::\"view\", Action::\"list\"], resource) when { resource.public };\n");
        sb.append("permit(principal, action == Action::\"edit\", resource) when { resource.owner == principal && context.mfa };\n");
        sb.append("permit(principal, action == Action::\"view\", resource in Folder::\"shared\") when { principal.level >= 3 };\n");
        sb.append("forbid(principal, action == Action::\"delete\", resource) unless { principal in Role::\"admin\" };\n");
        sb.append("forbid(principal, action, resource) when { resource.confidential && !context.ip.isInRange(ip(\"10.0.0.0/8\")) };\n");
        sb.append("permit(principal, action, resource) when { principal.department == resource.department && principal.level > 5 };\n");
        for (int i = 0; i < 24; i++) {
            sb.append("permit(principal == User::\"u").append(i % USERS).append("\", action == Action::\"comment\", resource == Doc::\"d")
                    .append(i % DOCS).append("\") when { context has mfa && context.mfa };\n");
        }
        return sb.toString();
    }

    static String entities() {
        StringBuilder sb = new StringBuilder("[");
        String[] depts = {"eng", "sales", "ops"};
        for (int u = 0; u < USERS; u++) {
            sb.append("{\"uid\":{\"type\":\"User\",\"id\":\"u").append(u).append("\"},\"attrs\":{\"level\":").append(u % 8)
                    .append(",\"department\":\"").append(depts[u % 3]).append("\"},\"parents\":[")
                    .append(u == 0 ? "{\"type\":\"Role\",\"id\":\"admin\"}" : "{\"type\":\"Role\",\"id\":\"staff\"}").append("]},");
        }
        for (int d = 0; d < DOCS; d++) {
            sb.append("{\"uid\":{\"type\":\"Doc\",\"id\":\"d").append(d).append("\"},\"attrs\":{\"owner\":{\"__entity\":{\"type\":\"User\",\"id\":\"u")
                    .append(d % USERS).append("\"}},\"public\":").append(d % 5 == 0).append(",\"confidential\":").append(d % 7 == 0)
                    .append(",\"department\":\"").append(depts[d % 3]).append("\"},\"parents\":[{\"type\":\"Folder\",\"id\":\"")
                    .append(d % 2 == 0 ? "shared" : "private").append("\"}]},");
        }
        sb.append("{\"uid\":{\"type\":\"Folder\",\"id\":\"shared\"},\"attrs\":{},\"parents\":[]},");
        sb.append("{\"uid\":{\"type\":\"Folder\",\"id\":\"private\"},\"attrs\":{},\"parents\":[]},");
        sb.append("{\"uid\":{\"type\":\"Role\",\"id\":\"admin\"},\"attrs\":{},\"parents\":[]},");
        sb.append("{\"uid\":{\"type\":\"Role\",\"id\":\"staff\"},\"attrs\":{},\"parents\":[]}]");
        return sb.toString();
    }

    static final String[] ACTIONS = {"view", "list", "edit", "delete", "comment"};

    List<Request> ours;
    List<AuthorizationRequest> theirs;
    Entities entities;
    PolicyEvaluator jvm;
    PolicyEvaluator interpreter;
    PolicyEvaluator wasm;
    BasicAuthorizationEngine cedar;
    PolicySet cedarPolicies;
    com.cedarpolicy.model.entity.Entities cedarEntities;
    int next;

    @Setup
    public void setup() throws Exception {
        String text = policies();
        var parsed = SourceParser.parsePolicies("bench.cedar", text);
        jvm = Backend.JVM.build(parsed);
        interpreter = Backend.INTERPRETER.build(parsed);
        wasm = Backend.WASM.build(parsed);
        entities = JsonCodec.entities(JsonCodec.read(entities(), "entities"), null);
        cedar = new BasicAuthorizationEngine();
        cedarPolicies = PolicySet.parsePolicies(text);
        cedarEntities = com.cedarpolicy.model.entity.Entities.parse(entities());
        ours = new ArrayList<>();
        theirs = new ArrayList<>();
        EntityTypeName user = EntityTypeName.parse("User").orElseThrow();
        EntityTypeName doc = EntityTypeName.parse("Doc").orElseThrow();
        EntityTypeName action = EntityTypeName.parse("Action").orElseThrow();
        for (int i = 0; i < 256; i++) {
            int u = (i * 7) % USERS, d = (i * 11) % DOCS;
            String a = ACTIONS[i % ACTIONS.length];
            boolean mfa = i % 3 != 0;
            String ip = i % 4 == 0 ? "192.168.1.5" : "10.1.2.3";
            ours.add(new Request(EntityUid.of("User", "u" + u), EntityUid.of("Action", a), EntityUid.of("Doc", "d" + d),
                    CRecord.of(Map.of("mfa", mfa, "ip", IpAddr.parse(ip)))));
            Map<String, Value> ctx = Map.of("mfa", new PrimBool(mfa), "ip", new IpAddress(ip));
            theirs.add(new AuthorizationRequest(user.of("u" + u), action.of(a), doc.of("d" + d), new Context(ctx)));
        }
        int allows = 0;
        for (int i = 0; i < ours.size(); i++) {
            Response j = Authorizer.authorize(jvm, ours.get(i), entities);
            Response in = Authorizer.authorize(interpreter, ours.get(i), entities);
            Response w = Authorizer.authorize(wasm, ours.get(i), entities);
            AuthorizationResponse c = cedar.isAuthorized(theirs.get(i), cedarPolicies, cedarEntities);
            boolean cAllowed = c.success.orElseThrow().isAllowed();
            if (j.allowed() != cAllowed || in.allowed() != cAllowed || w.allowed() != cAllowed
                    || !new TreeSet<>(w.reasons()).equals(new TreeSet<>(j.reasons()))
                    || !new TreeSet<>(j.reasons()).equals(new TreeSet<>(c.success.orElseThrow().getReason()))) {
                throw new IllegalStateException("decisions differ on request " + i + ": jvm=" + j + " cedar="
                        + c.success.orElseThrow().getReason() + " " + cAllowed);
            }
            allows += cAllowed ? 1 : 0;
        }
        System.out.println("identical decisions and reasons on " + ours.size() + " requests (" + allows + " allow)");
    }

    private int index() {
        int i = next;
        next = (i + 1) & 255;
        return i;
    }

    @Benchmark
    public boolean jvmBackend() {
        return Authorizer.authorize(jvm, ours.get(index()), entities).allowed();
    }

    @Benchmark
    public boolean interpreter() {
        return Authorizer.authorize(interpreter, ours.get(index()), entities).allowed();
    }

    /** Our WebAssembly module run by the Chicory pure-Java runtime (interpreter mode). */
    @Benchmark
    public boolean wasmBackend() {
        return Authorizer.authorize(wasm, ours.get(index()), entities).allowed();
    }

    @Benchmark
    public boolean cedarJava() throws Exception {
        return cedar.isAuthorized(theirs.get(index()), cedarPolicies, cedarEntities).success.orElseThrow().isAllowed();
    }
}
