package io.multisystem.contract.wasm;

import io.multisystem.contract.lang.Expr;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.core.error.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The WebAssembly back end's compiler: turns a checked policy set into a WebAssembly 1.0 binary module, written byte
 * by byte here (sections, LEB128 integers, function bodies) with no library.
 *
 * <h2>ABI (version 1)</h2>
 * The module exports {@code memory}, {@code evaluate(i32 policyIndex) -> i32} and {@code policy_count() -> i32}, and
 * carries a custom section {@code multisystem.contract} listing {@code effect id} per policy, one a line.
 * {@code evaluate} returns the policy's outcome code ({@code -1} satisfied, {@code -2}/{@code -3}/{@code -4} principal,
 * action or resource scope does not match, {@code i >= 0}: condition {@code i} is not met); an evaluation error is a
 * trap raised by the host function that detected it (the host reports the policy as errored and skips it, as Cedar does).
 *
 * <p>Values cross the boundary as <b>handles</b> ({@code i32}) into a per-evaluation value table owned by the host:
 * handle 0 is {@code false}, 1 is {@code true}, 2..5 are {@code principal}, {@code action}, {@code resource},
 * {@code context} of the current request; every other handle is a value the host created during this evaluation. A
 * boolean is therefore its own handle, so the module's control flow (scopes, {@code when}/{@code unless},
 * {@code &&}, {@code ||}, {@code !}, {@code if}, short circuits and Cedar's authorization outcome per policy) runs as
 * native wasm on {@code i32}s. Literals live in the module's data segment: strings and names as UTF-8, tagged
 * literal blobs ({@code 1} + i64 little-endian, {@code 2} + UTF-8 string, {@code 3} + u32 type length + type + id),
 * {@code like} patterns (per segment: {@code 0} wildcard, or {@code 1} + u32 length + UTF-8) and record key lists
 * (u32 length + UTF-8 per key). Value operations are imported from module {@code cedar}:
 * <pre>
 * bool(h) -> i32            0/1, traps unless h is a boolean
 * lit(ptr, len) -> h        decodes a literal blob
 * bin(a, b, op) -> h        op = ordinal of ==,!=,&lt;,&lt;=,&gt;,&gt;=,in,+,-,*   (comparisons give 0/1)
 * neg(a) -> h
 * has(h, ptr, len) -> 0/1   like(h, ptr, len) -> 0/1   is(h, ptr, len) -> 0/1   attr(h, ptr, len) -> h
 * push(h)                   pushes an argument on the host's argument stack
 * method(recv, ptr, len, argc) -> h   call(ptr, len, argc) -> h   set(argc) -> h   record(keysPtr, keysLen, argc) -> h
 * </pre>
 * Arguments are evaluated strictly left to right and pushed; the consuming import pops {@code argc} of them, so nested
 * calls keep a stack discipline. The host implements each import with the same {@code Ops} primitives as the
 * interpreter and the JVM back end, so one definition of each operation is shared by all three back ends.
 *
 * <p>Unsupported: unlinked template slots and literal kinds other than bool/long/string/entity (the parser produces
 * no others) — compiling them throws {@link UnsupportedConstructException} naming the construct and location.
 */
public final class WasmCompiler {
    public static final String IMPORT_MODULE = "cedar";
    static final String[] IMPORTS = {"bool", "lit", "bin", "neg", "has", "like", "is", "attr", "method", "call", "set",
        "record", "push"};
    static final int[] IMPORT_PARAMS = {1, 2, 3, 1, 3, 3, 3, 3, 4, 3, 1, 3, 1};
    static final int DATA_BASE = 16;

    private static final int F_BOOL = 0, F_LIT = 1, F_BIN = 2, F_NEG = 3, F_HAS = 4, F_LIKE = 5, F_IS = 6, F_ATTR = 7,
            F_METHOD = 8, F_CALL = 9, F_SET = 10, F_RECORD = 11, F_PUSH = 12;

    /** A construct the WebAssembly back end does not compile. */
    public static final class UnsupportedConstructException extends InvalidInputException {
        public UnsupportedConstructException(String message) {
            super("contract-compiler", "WASM_UNSUPPORTED_CONSTRUCT", message);
        }
    }

    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final Map<String, Integer> interned = new HashMap<>();
    private int locals;

    private WasmCompiler() {
    }

    /** Compiles the (linked) policies to a binary WebAssembly module. */
    public static byte[] compile(List<Policy> policies) {
        return new WasmCompiler().module(policies);
    }

    private byte[] module(List<Policy> policies) {
        int n = policies.size();
        List<byte[]> bodies = new ArrayList<>();
        for (Policy p : policies) {
            if (p.isTemplate()) {
                throw new UnsupportedConstructException("template " + p.id() + " at " + p.loc()
                        + " has unlinked slots; link it before compiling to wasm");
            }
            bodies.add(policyBody(p));
        }
        int firstDefined = IMPORTS.length;
        // evaluate(i): if-chain dispatch
        Code ev = new Code();
        for (int i = 0; i < n; i++) {
            ev.op(0x20).u(0).op(0x41).s(i).op(0x46).op(0x04).op(0x40).op(0x10).u(firstDefined + i).op(0x0F).op(0x0B);
        }
        ev.op(0x00); // unreachable: index out of range traps
        bodies.add(body(ev, 0));
        Code count = new Code();
        count.op(0x41).s(n);
        bodies.add(body(count, 0));

        // types: 0..4 = (i32^k)->i32 for k=0..4, 5 = (i32)->()
        Buf types = new Buf().u(6);
        for (int k = 0; k <= 4; k++) {
            types.b(0x60).u(k);
            for (int j = 0; j < k; j++) {
                types.b(0x7F);
            }
            types.u(1).b(0x7F);
        }
        types.b(0x60).u(1).b(0x7F).u(0);

        Buf imports = new Buf().u(IMPORTS.length);
        for (int i = 0; i < IMPORTS.length; i++) {
            imports.name(IMPORT_MODULE).name(IMPORTS[i]).b(0x00).u(i == F_PUSH ? 5 : IMPORT_PARAMS[i]);
        }
        Buf funcs = new Buf().u(n + 2);
        for (int i = 0; i < n; i++) {
            funcs.u(0);
        }
        funcs.u(1).u(0);

        byte[] dataBytes = data.toByteArray();
        int pages = Math.max(1, (DATA_BASE + dataBytes.length + 65535) / 65536);
        Buf memory = new Buf().u(1).b(0x00).u(pages);
        Buf exports = new Buf().u(3);
        exports.name("memory").b(0x02).u(0);
        exports.name("evaluate").b(0x00).u(firstDefined + n);
        exports.name("policy_count").b(0x00).u(firstDefined + n + 1);
        Buf code = new Buf().u(bodies.size());
        for (byte[] b : bodies) {
            code.u(b.length).raw(b);
        }
        Buf dataSec = new Buf().u(1).b(0x00).b(0x41).s(DATA_BASE).b(0x0B).u(dataBytes.length).raw(dataBytes);
        StringBuilder meta = new StringBuilder();
        for (Policy p : policies) {
            meta.append(p.effect().name().toLowerCase()).append(' ').append(p.id()).append('\n');
        }
        Buf custom = new Buf().name("multisystem.contract").raw(meta.toString().getBytes(StandardCharsets.UTF_8));

        Buf out = new Buf().raw(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, types);
        section(out, 2, imports);
        section(out, 3, funcs);
        section(out, 5, memory);
        section(out, 7, exports);
        section(out, 10, code);
        section(out, 11, dataSec);
        section(out, 0, custom);
        return out.bytes();
    }

    private static void section(Buf out, int id, Buf content) {
        byte[] c = content.bytes();
        out.b(id).u(c.length).raw(c);
    }

    private static byte[] body(Code c, int i32Locals) {
        Buf b = new Buf();
        if (i32Locals == 0) {
            b.u(0);
        } else {
            b.u(1).u(i32Locals).b(0x7F);
        }
        b.raw(c.bytes()).b(0x0B);
        return b.bytes();
    }

    private byte[] policyBody(Policy p) {
        locals = 0;
        Code c = new Code();
        scope(c, p.principal(), 2, -2);
        scope(c, p.action(), 3, -3);
        scope(c, p.resource(), 4, -4);
        List<Policy.Condition> conds = p.conditions();
        for (int i = 0; i < conds.size(); i++) {
            Policy.Condition cond = conds.get(i);
            bool(c, cond.body());
            if (cond.when()) {
                c.op(0x45);
            }
            c.op(0x04).op(0x40).op(0x41).s(i).op(0x0F).op(0x0B);
        }
        c.op(0x41).s(-1);
        return body(c, locals);
    }

    /** Emits a scope test leaving nothing on the stack: returns {@code failCode} when it does not match. */
    private void scope(Code c, Policy.Scope s, int varHandle, int failCode) {
        switch (s.op()) {
            case ANY:
                return;
            case EQ:
                c.op(0x41).s(varHandle);
                lit(c, s.entities().get(0));
                c.op(0x41).s(Expr.BinOp.EQ.ordinal()).op(0x10).u(F_BIN);
                break;
            case IN:
                anyIn(c, s.entities(), varHandle);
                break;
            case IS:
                c.op(0x41).s(varHandle);
                str(c, s.type());
                c.op(0x10).u(F_IS);
                break;
            default:
                c.op(0x41).s(varHandle);
                str(c, s.type());
                c.op(0x10).u(F_IS).op(0x04).op(0x7F);
                anyIn(c, s.entities(), varHandle);
                c.op(0x05).op(0x41).s(0).op(0x0B);
        }
        c.op(0x45).op(0x04).op(0x40).op(0x41).s(failCode).op(0x0F).op(0x0B);
    }

    /** Leaves 1 when the variable is in any of the entities (short-circuit, left to right), else 0. */
    private void anyIn(Code c, List<EntityUid> targets, int varHandle) {
        if (targets.isEmpty()) {
            c.op(0x41).s(0);
            return;
        }
        for (int i = 0; i < targets.size(); i++) {
            c.op(0x41).s(varHandle);
            lit(c, targets.get(i));
            c.op(0x41).s(Expr.BinOp.IN.ordinal()).op(0x10).u(F_BIN);
            if (i < targets.size() - 1) {
                c.op(0x04).op(0x7F).op(0x41).s(1).op(0x05);
            }
        }
        for (int i = 0; i < targets.size() - 1; i++) {
            c.op(0x0B);
        }
    }

    /** Boolean context: leaves an i32 0/1 (or traps through the host). */
    private void bool(Code c, Expr e) {
        switch (e.kind) {
            case LIT:
                if (((Expr.Lit) e).value instanceof Boolean) {
                    c.op(0x41).s(((Boolean) ((Expr.Lit) e).value) ? 1 : 0);
                    return;
                }
                value(c, e);
                c.op(0x10).u(F_BOOL);
                return;
            case AND: {
                Expr.Logic l = (Expr.Logic) e;
                bool(c, l.left);
                c.op(0x04).op(0x7F);
                bool(c, l.right);
                c.op(0x05).op(0x41).s(0).op(0x0B);
                return;
            }
            case OR: {
                Expr.Logic l = (Expr.Logic) e;
                bool(c, l.left);
                c.op(0x04).op(0x7F).op(0x41).s(1).op(0x05);
                bool(c, l.right);
                c.op(0x0B);
                return;
            }
            case NOT:
                bool(c, ((Expr.Unary) e).arg);
                c.op(0x45);
                return;
            case IF: {
                Expr.If i = (Expr.If) e;
                bool(c, i.cond);
                c.op(0x04).op(0x7F);
                bool(c, i.then);
                c.op(0x05);
                bool(c, i.otherwise);
                c.op(0x0B);
                return;
            }
            case BIN: {
                Expr.Bin b = (Expr.Bin) e;
                if (b.op.ordinal() <= Expr.BinOp.IN.ordinal()) {
                    value(c, b.left);
                    value(c, b.right);
                    c.op(0x41).s(b.op.ordinal()).op(0x10).u(F_BIN);
                    return;
                }
                value(c, e);
                c.op(0x10).u(F_BOOL);
                return;
            }
            case HAS: {
                Expr.Has h = (Expr.Has) e;
                value(c, h.target);
                str(c, h.attr);
                c.op(0x10).u(F_HAS);
                return;
            }
            case LIKE: {
                Expr.LikeExpr l = (Expr.LikeExpr) e;
                value(c, l.target);
                Buf pat = new Buf();
                for (String seg : l.pattern) {
                    if (seg == null) {
                        pat.b(0);
                    } else {
                        byte[] s = seg.getBytes(StandardCharsets.UTF_8);
                        pat.b(1).u32(s.length).raw(s);
                    }
                }
                blob(c, pat.bytes());
                c.op(0x10).u(F_LIKE);
                return;
            }
            case IS: {
                Expr.Is i = (Expr.Is) e;
                value(c, i.target);
                if (i.in == null) {
                    str(c, i.type);
                    c.op(0x10).u(F_IS);
                    return;
                }
                int local = locals++;
                c.op(0x22).u(local);
                str(c, i.type);
                c.op(0x10).u(F_IS).op(0x04).op(0x7F).op(0x20).u(local);
                value(c, i.in);
                c.op(0x41).s(Expr.BinOp.IN.ordinal()).op(0x10).u(F_BIN).op(0x05).op(0x41).s(0).op(0x0B);
                return;
            }
            default:
                value(c, e);
                c.op(0x10).u(F_BOOL);
        }
    }

    /** Value context: leaves a handle. */
    private void value(Code c, Expr e) {
        switch (e.kind) {
            case LIT: {
                Object v = ((Expr.Lit) e).value;
                if (v instanceof Boolean) {
                    c.op(0x41).s(((Boolean) v) ? 1 : 0);
                } else {
                    lit(c, v);
                }
                return;
            }
            case VAR:
                c.op(0x41).s(2 + ((Expr.VarRef) e).var.ordinal());
                return;
            case SLOT:
                throw new UnsupportedConstructException("unlinked slot " + ((Expr.Slot) e).name + " at " + e.loc
                        + " is not supported by the wasm back end");
            case IF: {
                Expr.If i = (Expr.If) e;
                bool(c, i.cond);
                c.op(0x04).op(0x7F);
                value(c, i.then);
                c.op(0x05);
                value(c, i.otherwise);
                c.op(0x0B);
                return;
            }
            case AND: case OR: case NOT: case HAS: case LIKE: case IS:
                bool(c, e);
                return;
            case NEG:
                value(c, ((Expr.Unary) e).arg);
                c.op(0x10).u(F_NEG);
                return;
            case BIN: {
                Expr.Bin b = (Expr.Bin) e;
                value(c, b.left);
                value(c, b.right);
                c.op(0x41).s(b.op.ordinal()).op(0x10).u(F_BIN);
                return;
            }
            case ATTR: {
                Expr.Attr a = (Expr.Attr) e;
                value(c, a.target);
                str(c, a.attr);
                c.op(0x10).u(F_ATTR);
                return;
            }
            case METHOD: {
                Expr.Method m = (Expr.Method) e;
                value(c, m.target);
                pushAll(c, m.args);
                str(c, m.name);
                c.op(0x41).s(m.args.size()).op(0x10).u(F_METHOD);
                return;
            }
            case CALL: {
                Expr.Call call = (Expr.Call) e;
                pushAll(c, call.args);
                str(c, call.name);
                c.op(0x41).s(call.args.size()).op(0x10).u(F_CALL);
                return;
            }
            case SET: {
                List<Expr> els = ((Expr.SetLit) e).elements;
                pushAll(c, els);
                c.op(0x41).s(els.size()).op(0x10).u(F_SET);
                return;
            }
            default: {
                Expr.RecordLit r = (Expr.RecordLit) e;
                pushAll(c, r.values);
                Buf keys = new Buf();
                for (String k : r.keys) {
                    byte[] s = k.getBytes(StandardCharsets.UTF_8);
                    keys.u32(s.length).raw(s);
                }
                blob(c, keys.bytes());
                c.op(0x41).s(r.keys.size()).op(0x10).u(F_RECORD);
            }
        }
    }

    private void pushAll(Code c, List<Expr> args) {
        for (Expr a : args) {
            value(c, a);
            c.op(0x10).u(F_PUSH);
        }
    }

    private void lit(Code c, Object v) {
        Buf b = new Buf();
        if (v instanceof Long) {
            long x = (Long) v;
            b.b(1);
            for (int i = 0; i < 8; i++) {
                b.b((int) (x >>> (8 * i)) & 0xFF);
            }
        } else if (v instanceof String) {
            b.b(2).raw(((String) v).getBytes(StandardCharsets.UTF_8));
        } else if (v instanceof EntityUid) {
            EntityUid u = (EntityUid) v;
            byte[] t = u.type().getBytes(StandardCharsets.UTF_8);
            b.b(3).u32(t.length).raw(t).raw(u.id().getBytes(StandardCharsets.UTF_8));
        } else {
            throw new UnsupportedConstructException("literal of kind " + v.getClass().getSimpleName()
                    + " is not supported by the wasm back end");
        }
        blob(c, b.bytes());
        c.op(0x10).u(F_LIT);
    }

    private void str(Code c, String s) {
        blob(c, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Interns bytes in the data segment and emits {@code i32.const ptr; i32.const len}. */
    private void blob(Code c, byte[] bytes) {
        String key = new String(bytes, StandardCharsets.ISO_8859_1);
        Integer at = interned.get(key);
        if (at == null) {
            at = DATA_BASE + data.size();
            data.writeBytes(bytes);
            interned.put(key, at);
        }
        c.op(0x41).s(at).op(0x41).s(bytes.length);
    }

    /** A growable byte buffer with the binary format's encodings. */
    static class Buf {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Buf b(int x) {
            out.write(x);
            return this;
        }

        Buf raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        /** Unsigned LEB128. */
        Buf u(long v) {
            do {
                int bt = (int) (v & 0x7F);
                v >>>= 7;
                out.write(v != 0 ? bt | 0x80 : bt);
            } while (v != 0);
            return this;
        }

        /** Signed LEB128. */
        Buf s(long v) {
            while (true) {
                int bt = (int) (v & 0x7F);
                v >>= 7;
                boolean done = (v == 0 && (bt & 0x40) == 0) || (v == -1 && (bt & 0x40) != 0);
                out.write(done ? bt : bt | 0x80);
                if (done) {
                    return this;
                }
            }
        }

        Buf u32(int v) {
            for (int i = 0; i < 4; i++) {
                out.write((v >>> (8 * i)) & 0xFF);
            }
            return this;
        }

        Buf name(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            return u(bytes.length).raw(bytes);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** Instruction stream. */
    static final class Code extends Buf {
        Code op(int opcode) {
            b(opcode);
            return this;
        }

        @Override
        Code u(long v) {
            super.u(v);
            return this;
        }

        @Override
        Code s(long v) {
            super.s(v);
            return this;
        }
    }
}
