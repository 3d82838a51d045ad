package io.multisystem.contract.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.Ops;
import io.multisystem.contract.eval.PolicyEvaluator;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.lang.Expr;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.EvalException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The WebAssembly back end at run time: the module from {@link WasmCompiler} executed by the Chicory pure-Java
 * WebAssembly runtime, with the host side of the ABI (the value table and the {@code cedar.*} imports) implemented
 * over the same {@link Ops} primitives as the interpreter. By default the module's functions are translated to JVM
 * bytecode by Chicory's compiler once per module ({@link Mode#COMPILED}); {@link Mode#INTERPRETED} runs Chicory's wasm
 * interpreter instead (both are differential-tested). One Chicory instance per thread (instances are not
 * thread-safe); the module is parsed once. Host-side decoded literals, names and patterns are cached per instance by
 * data address, so a steady-state evaluation allocates only the values it computes.
 */
public final class WasmPolicies implements PolicyEvaluator {
    private static final Expr.BinOp[] OPS = Expr.BinOp.values();

    /** How Chicory executes the module. */
    public enum Mode {
        /** Chicory's wasm interpreter. */
        INTERPRETED,
        /** Chicory's ahead-of-time translation of the wasm functions to JVM bytecode, done once per module at load. */
        COMPILED
    }

    private final List<Policy> policies;
    private final byte[] moduleBytes;
    private final WasmModule module;
    private final Mode mode;
    private final ThreadLocal<Host> hosts;

    private WasmPolicies(List<Policy> policies, byte[] bytes, Mode mode) {
        this.policies = List.copyOf(policies);
        this.moduleBytes = bytes;
        this.module = Parser.parse(bytes);
        this.mode = mode;
        Function<Instance, Machine> machine = mode == Mode.COMPILED ? MachineFactoryCompiler.compile(module) : null;
        this.hosts = ThreadLocal.withInitial(() -> new Host(module, machine));
    }

    /** Compiles the policies to wasm and loads the module into the runtime (compiled mode). */
    public static WasmPolicies compile(List<Policy> policies) {
        return compile(policies, Mode.COMPILED);
    }

    public static WasmPolicies compile(List<Policy> policies, Mode mode) {
        return new WasmPolicies(policies, WasmCompiler.compile(policies), mode);
    }

    public Mode mode() {
        return mode;
    }

    public byte[] moduleBytes() {
        return moduleBytes.clone();
    }

    @Override
    public List<Policy> policies() {
        return policies;
    }

    @Override
    public int evaluate(int index, Request request, Entities entities) {
        Host h = hosts.get();
        h.reset(request, entities);
        try {
            return (int) h.evaluate.apply(index)[0];
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof EvalException) {
                    throw (EvalException) t;
                }
            }
            throw new EvalException("wasm trap: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new EvalException("evaluation too deep");
        }
    }

    /** The host side of one instance: value table, argument stack and decoded-constant caches. */
    private static final class Host {
        final List<Object> table = new ArrayList<>();
        final Object[] args = new Object[256];
        int argTop;
        Entities entities;
        final Map<Long, Object> literals = new HashMap<>();
        final Map<Long, String> names = new HashMap<>();
        final Map<Long, String[]> patterns = new HashMap<>();
        final Map<Long, String[]> keyLists = new HashMap<>();
        final Instance instance;
        final Memory memory;
        final ExportFunction evaluate;

        Host(WasmModule module, Function<Instance, Machine> machine) {
            List<HostFunction> fns = new ArrayList<>();
            for (int i = 0; i < WasmCompiler.IMPORTS.length; i++) {
                String name = WasmCompiler.IMPORTS[i];
                ValType[] params = new ValType[WasmCompiler.IMPORT_PARAMS[i]];
                Arrays.fill(params, ValType.I32);
                boolean push = name.equals("push");
                FunctionType type = FunctionType.of(params, push ? new ValType[0] : new ValType[] {ValType.I32});
                fns.add(new HostFunction(WasmCompiler.IMPORT_MODULE, name, type, handler(name)));
            }
            ImportValues imports = ImportValues.builder().withFunctions(Collections.unmodifiableList(fns)).build();
            Instance.Builder b = Instance.builder(module).withImportValues(imports);
            if (machine != null) {
                b.withMachineFactory(machine);
            }
            this.instance = b.build();
            this.memory = instance.memory();
            this.evaluate = instance.export("evaluate");
        }

        void reset(Request r, Entities es) {
            table.clear();
            table.add(Boolean.FALSE);
            table.add(Boolean.TRUE);
            table.add(r.principal());
            table.add(r.action());
            table.add(r.resource());
            table.add(r.context());
            argTop = 0;
            entities = es;
        }

        Object get(long h) {
            return table.get((int) h);
        }

        long[] handle(Object v) {
            if (v instanceof Boolean) {
                return new long[] {((Boolean) v) ? 1 : 0};
            }
            table.add(v);
            return new long[] {table.size() - 1};
        }

        static long[] bit(boolean b) {
            return new long[] {b ? 1 : 0};
        }

        String name(long ptr, long len) {
            return names.computeIfAbsent(ptr << 32 | len, k -> memory.readString((int) ptr, (int) len, StandardCharsets.UTF_8));
        }

        Object[] popArgs(long argc) {
            int n = (int) argc;
            Object[] out = Arrays.copyOfRange(args, argTop - n, argTop);
            argTop -= n;
            return out;
        }

        Object literal(int ptr, int len) {
            byte[] b = memory.readBytes(ptr, len);
            switch (b[0]) {
                case 1:
                    return ByteBuffer.wrap(b, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                case 2:
                    return new String(b, 1, len - 1, StandardCharsets.UTF_8);
                case 3: {
                    int tl = ByteBuffer.wrap(b, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                    return EntityUid.of(new String(b, 5, tl, StandardCharsets.UTF_8),
                            new String(b, 5 + tl, len - 5 - tl, StandardCharsets.UTF_8));
                }
                default:
                    throw new EvalException("bad literal tag " + b[0] + " at " + ptr);
            }
        }

        String[] strings(int ptr, int len, boolean pattern) {
            ByteBuffer b = ByteBuffer.wrap(memory.readBytes(ptr, len)).order(ByteOrder.LITTLE_ENDIAN);
            List<String> out = new ArrayList<>();
            while (b.hasRemaining()) {
                if (pattern && b.get() == 0) {
                    out.add(null);
                    continue;
                }
                int n = b.getInt();
                out.add(new String(b.array(), b.position(), n, StandardCharsets.UTF_8));
                b.position(b.position() + n);
            }
            return out.toArray(new String[0]);
        }

        private com.dylibso.chicory.runtime.WasmFunctionHandle handler(String name) {
            switch (name) {
                case "bool":
                    return (inst, a) -> bit(Ops.bool(get(a[0])));
                case "lit":
                    return (inst, a) -> handle(literals.computeIfAbsent(a[0] << 32 | a[1], k -> literal((int) a[0], (int) a[1])));
                case "bin":
                    return (inst, a) -> {
                        Object x = get(a[0]), y = get(a[1]);
                        switch (OPS[(int) a[2]]) {
                            case EQ: return bit(Ops.eq(x, y));
                            case NE: return bit(!Ops.eq(x, y));
                            case LT: return bit(Ops.lt(x, y));
                            case LE: return bit(Ops.le(x, y));
                            case GT: return bit(Ops.gt(x, y));
                            case GE: return bit(Ops.ge(x, y));
                            case IN: return bit(Ops.in(entities, x, y));
                            case ADD: return handle(Ops.add(x, y));
                            case SUB: return handle(Ops.sub(x, y));
                            default: return handle(Ops.mul(x, y));
                        }
                    };
                case "neg":
                    return (inst, a) -> handle(Ops.neg(get(a[0])));
                case "has":
                    return (inst, a) -> bit(Ops.has(entities, get(a[0]), name(a[1], a[2])));
                case "like":
                    return (inst, a) -> bit(Ops.like(get(a[0]),
                            patterns.computeIfAbsent(a[1] << 32 | a[2], k -> strings((int) a[1], (int) a[2], true))));
                case "is":
                    return (inst, a) -> bit(Ops.is(get(a[0]), name(a[1], a[2])));
                case "attr":
                    return (inst, a) -> handle(Ops.getAttr(entities, get(a[0]), name(a[1], a[2])));
                case "method":
                    return (inst, a) -> {
                        Object[] xs = popArgs(a[3]);
                        return handle(Ops.method(entities, name(a[1], a[2]), get(a[0]), xs));
                    };
                case "call":
                    return (inst, a) -> handle(Ops.call(entities, name(a[0], a[1]), popArgs(a[2])));
                case "set":
                    return (inst, a) -> handle(Ops.mkSet(popArgs(a[0])));
                case "record":
                    return (inst, a) -> {
                        Object[] xs = popArgs(a[2]);
                        String[] keys = keyLists.computeIfAbsent(a[0] << 32 | a[1], k -> strings((int) a[0], (int) a[1], false));
                        return handle(Ops.mkRecord(keys, xs));
                    };
                default: // push
                    return (inst, a) -> {
                        if (argTop == args.length) {
                            throw new EvalException("too many pending arguments (limit " + args.length + ")");
                        }
                        args[argTop++] = get(a[0]);
                        return null;
                    };
            }
        }
    }
}
