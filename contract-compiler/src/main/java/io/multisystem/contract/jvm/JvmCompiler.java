package io.multisystem.contract.jvm;

import static org.objectweb.asm.Opcodes.*;

import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.Interpreter;
import io.multisystem.contract.eval.Ops;
import io.multisystem.contract.eval.Outcome;
import io.multisystem.contract.eval.PolicyEvaluator;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.lang.Expr;
import io.multisystem.contract.lang.Policy;
import io.multisystem.contract.value.EntityUid;
import io.multisystem.contract.value.EvalException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * The JVM back end: compiles a policy set to one class (ASM) defined as a hidden class, so the JIT sees straight-line
 * code per policy instead of an AST walk.
 *
 * <p>Design: each policy becomes a method {@code p<i>(Request, Entities)I} returning an {@link Outcome} code; a
 * {@code tableswitch} dispatcher implements {@link CompiledPolicies#eval}. Conditions are compiled in a boolean
 * context (raw {@code int} on the stack, short-circuit jumps for {@code &&}, {@code ||}, {@code !}, {@code if}) and
 * values in an object context; scope tests compare against pre-built constants. Literal-only extension calls, sets
 * and records are folded at compile time. Everything else calls the same {@link Ops} primitives as the interpreter, so
 * the two back ends share one definition of each operation and differ only in control flow; a differential test over
 * the Cedar corpus checks that they agree. Constants live in a final {@code Object[]} field given to the constructor.
 */
public final class JvmCompiler {
    private static final String OPS = Type.getInternalName(Ops.class);
    private static final String REQ = Type.getInternalName(Request.class);
    private static final String ENTS = Type.getInternalName(Entities.class);
    private static final String UID = Type.getInternalName(EntityUid.class);
    private static final String OBJ = "Ljava/lang/Object;";
    private static final String POLICY_DESC = "(L" + REQ + ";L" + ENTS + ";)I";

    private final List<Object> constants = new ArrayList<>();
    private int nextLocal;

    private JvmCompiler() {
    }

    /** Compiles the policies and returns a back end backed by the generated class. */
    public static PolicyEvaluator compile(List<Policy> policies) {
        JvmCompiler c = new JvmCompiler();
        byte[] bytes = c.generate(policies);
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            CompiledPolicies impl = (CompiledPolicies) lookup.findConstructor(lookup.lookupClass(),
                    MethodType.methodType(void.class, Object[].class)).invoke((Object) c.constants.toArray());
            return new Compiled(List.copyOf(policies), impl, bytes);
        } catch (Throwable e) {
            throw new IllegalStateException("generated class failed to load: " + e, e);
        }
    }

    /** Only the class file bytes (for {@code compile --target jvm}). */
    public static byte[] classBytes(List<Policy> policies) {
        return new JvmCompiler().generate(policies);
    }

    /** The back end produced by {@link #compile}. */
    public static final class Compiled implements PolicyEvaluator {
        private final List<Policy> policies;
        private final CompiledPolicies impl;
        private final byte[] classFile;

        Compiled(List<Policy> policies, CompiledPolicies impl, byte[] classFile) {
            this.policies = policies;
            this.impl = impl;
            this.classFile = classFile;
        }

        @Override
        public List<Policy> policies() {
            return policies;
        }

        @Override
        public int evaluate(int index, Request request, Entities entities) {
            return impl.eval(index, request, entities);
        }

        public byte[] classFile() {
            return classFile.clone();
        }
    }

    private byte[] generate(List<Policy> policies) {
        for (Policy p : policies) {
            if (p.isTemplate()) {
                throw new IllegalArgumentException("template " + p.id() + " must be linked before compilation");
            }
        }
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        String name = Type.getInternalName(JvmCompiler.class).replace("JvmCompiler", "GeneratedPolicies");
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, name, null, "java/lang/Object",
                new String[] {Type.getInternalName(CompiledPolicies.class)});
        cw.visitField(ACC_PRIVATE | ACC_FINAL, "k", "[Ljava/lang/Object;", null, null).visitEnd();
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "([Ljava/lang/Object;)V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitVarInsn(ALOAD, 0);
        init.visitVarInsn(ALOAD, 1);
        init.visitFieldInsn(PUTFIELD, name, "k", "[Ljava/lang/Object;");
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        for (int i = 0; i < policies.size(); i++) {
            policyMethod(cw, name, i, policies.get(i));
        }
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "eval", "(IL" + REQ + ";L" + ENTS + ";)I", null, null);
        mv.visitCode();
        Label dflt = new Label();
        Label[] cases = new Label[policies.size()];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new Label();
        }
        mv.visitVarInsn(ILOAD, 1);
        if (cases.length > 0) {
            mv.visitTableSwitchInsn(0, cases.length - 1, dflt, cases);
            for (int i = 0; i < cases.length; i++) {
                mv.visitLabel(cases[i]);
                mv.visitVarInsn(ALOAD, 0);
                mv.visitVarInsn(ALOAD, 2);
                mv.visitVarInsn(ALOAD, 3);
                mv.visitMethodInsn(INVOKEVIRTUAL, name, "p" + i, POLICY_DESC, false);
                mv.visitInsn(IRETURN);
            }
        } else {
            mv.visitInsn(POP);
        }
        mv.visitLabel(dflt);
        mv.visitTypeInsn(NEW, "java/lang/IndexOutOfBoundsException");
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IndexOutOfBoundsException", "<init>", "()V", false);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private String owner;

    private void policyMethod(ClassWriter cw, String name, int index, Policy p) {
        owner = name;
        MethodVisitor mv = cw.visitMethod(ACC_PRIVATE, "p" + index, POLICY_DESC, null, null);
        nextLocal = 3;
        mv.visitCode();
        scope(mv, p.principal(), "principal", Outcome.PRINCIPAL_SCOPE);
        scope(mv, p.action(), "action", Outcome.ACTION_SCOPE);
        scope(mv, p.resource(), "resource", Outcome.RESOURCE_SCOPE);
        for (int i = 0; i < p.conditions().size(); i++) {
            Policy.Condition c = p.conditions().get(i);
            bool(mv, c.body());
            Label next = new Label();
            mv.visitJumpInsn(c.when() ? IFNE : IFEQ, next);
            push(mv, i);
            mv.visitInsn(IRETURN);
            mv.visitLabel(next);
        }
        push(mv, Outcome.SATISFIED);
        mv.visitInsn(IRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void requestVar(MethodVisitor mv, String var) {
        mv.visitVarInsn(ALOAD, 1);
        mv.visitMethodInsn(INVOKEVIRTUAL, REQ, var, "()L" + UID + ";", false);
    }

    /** Emits: if the scope does not match, return {@code failCode}. */
    private void scope(MethodVisitor mv, Policy.Scope s, String var, int failCode) {
        if (s.op() == Policy.Scope.Op.ANY) {
            return;
        }
        Label fail = new Label(), ok = new Label();
        if (s.op() == Policy.Scope.Op.IS || s.op() == Policy.Scope.Op.IS_IN) {
            requestVar(mv, var);
            mv.visitMethodInsn(INVOKEVIRTUAL, UID, "type", "()Ljava/lang/String;", false);
            mv.visitLdcInsn(s.type());
            mv.visitMethodInsn(INVOKEVIRTUAL, "java/lang/String", "equals", "(Ljava/lang/Object;)Z", false);
            mv.visitJumpInsn(IFEQ, fail);
            if (s.op() == Policy.Scope.Op.IS) {
                mv.visitJumpInsn(GOTO, ok);
            }
        }
        if (s.op() == Policy.Scope.Op.EQ) {
            requestVar(mv, var);
            constant(mv, s.entities().get(0));
            mv.visitMethodInsn(INVOKEVIRTUAL, UID, "equals", "(Ljava/lang/Object;)Z", false);
            mv.visitJumpInsn(IFNE, ok);
        } else if (s.op() == Policy.Scope.Op.IN || s.op() == Policy.Scope.Op.IS_IN) {
            for (EntityUid e : s.entities()) {
                mv.visitVarInsn(ALOAD, 2);
                requestVar(mv, var);
                constant(mv, e);
                mv.visitTypeInsn(CHECKCAST, UID);
                mv.visitMethodInsn(INVOKEVIRTUAL, ENTS, "isIn", "(L" + UID + ";L" + UID + ";)Z", false);
                mv.visitJumpInsn(IFNE, ok);
            }
        }
        mv.visitLabel(fail);
        push(mv, failCode);
        mv.visitInsn(IRETURN);
        mv.visitLabel(ok);
    }

    private static void push(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    private void constant(MethodVisitor mv, Object value) {
        if (value instanceof String) {
            mv.visitLdcInsn(value);
            return;
        }
        if (value instanceof Boolean) {
            mv.visitFieldInsn(GETSTATIC, "java/lang/Boolean", (Boolean) value ? "TRUE" : "FALSE", "Ljava/lang/Boolean;");
            return;
        }
        int idx = constants.size();
        constants.add(value);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, owner, "k", "[Ljava/lang/Object;");
        push(mv, idx);
        mv.visitInsn(AALOAD);
    }

    /** Leaves an int 0/1 on the stack, or throws EvalException at run time like the interpreter. */
    private void bool(MethodVisitor mv, Expr e) {
        switch (e.kind) {
            case LIT:
                if (((Expr.Lit) e).value instanceof Boolean) {
                    push(mv, (Boolean) ((Expr.Lit) e).value ? 1 : 0);
                    return;
                }
                break;
            case AND: {
                Expr.Logic l = (Expr.Logic) e;
                Label f = new Label(), end = new Label();
                bool(mv, l.left);
                mv.visitJumpInsn(IFEQ, f);
                bool(mv, l.right);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(f);
                push(mv, 0);
                mv.visitLabel(end);
                return;
            }
            case OR: {
                Expr.Logic l = (Expr.Logic) e;
                Label t = new Label(), end = new Label();
                bool(mv, l.left);
                mv.visitJumpInsn(IFNE, t);
                bool(mv, l.right);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(t);
                push(mv, 1);
                mv.visitLabel(end);
                return;
            }
            case NOT:
                bool(mv, ((Expr.Unary) e).arg);
                push(mv, 1);
                mv.visitInsn(IXOR);
                return;
            case IF: {
                Expr.If i = (Expr.If) e;
                Label other = new Label(), end = new Label();
                bool(mv, i.cond);
                mv.visitJumpInsn(IFEQ, other);
                bool(mv, i.then);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(other);
                bool(mv, i.otherwise);
                mv.visitLabel(end);
                return;
            }
            case BIN: {
                Expr.Bin b = (Expr.Bin) e;
                switch (b.op) {
                    case EQ:
                    case NE:
                        obj(mv, b.left);
                        obj(mv, b.right);
                        ops(mv, "eq", "(" + OBJ + OBJ + ")Z");
                        if (b.op == Expr.BinOp.NE) {
                            push(mv, 1);
                            mv.visitInsn(IXOR);
                        }
                        return;
                    case LT: case LE: case GT: case GE:
                        obj(mv, b.left);
                        obj(mv, b.right);
                        ops(mv, b.op.name().toLowerCase(java.util.Locale.ROOT), "(" + OBJ + OBJ + ")Z");
                        return;
                    case IN:
                        mv.visitVarInsn(ALOAD, 2);
                        obj(mv, b.left);
                        obj(mv, b.right);
                        ops(mv, "in", "(L" + ENTS + ";" + OBJ + OBJ + ")Z");
                        return;
                    default:
                        break;
                }
                break;
            }
            case HAS: {
                Expr.Has h = (Expr.Has) e;
                mv.visitVarInsn(ALOAD, 2);
                obj(mv, h.target);
                mv.visitLdcInsn(h.attr);
                ops(mv, "has", "(L" + ENTS + ";" + OBJ + "Ljava/lang/String;)Z");
                return;
            }
            case LIKE: {
                Expr.LikeExpr l = (Expr.LikeExpr) e;
                obj(mv, l.target);
                constant(mv, l.pattern);
                mv.visitTypeInsn(CHECKCAST, "[Ljava/lang/String;");
                ops(mv, "like", "(" + OBJ + "[Ljava/lang/String;)Z");
                return;
            }
            case IS: {
                Expr.Is i = (Expr.Is) e;
                obj(mv, i.target);
                if (i.in == null) {
                    mv.visitLdcInsn(i.type);
                    ops(mv, "is", "(" + OBJ + "Ljava/lang/String;)Z");
                    return;
                }
                int tmp = nextLocal++;
                mv.visitVarInsn(ASTORE, tmp);
                mv.visitVarInsn(ALOAD, tmp);
                mv.visitLdcInsn(i.type);
                ops(mv, "is", "(" + OBJ + "Ljava/lang/String;)Z");
                Label f = new Label(), end = new Label();
                mv.visitJumpInsn(IFEQ, f);
                mv.visitVarInsn(ALOAD, 2);
                mv.visitVarInsn(ALOAD, tmp);
                obj(mv, i.in);
                ops(mv, "in", "(L" + ENTS + ";" + OBJ + OBJ + ")Z");
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(f);
                push(mv, 0);
                mv.visitLabel(end);
                return;
            }
            default:
                break;
        }
        obj(mv, e);
        ops(mv, "bool", "(" + OBJ + ")Z");
    }

    private static void ops(MethodVisitor mv, String name, String desc) {
        mv.visitMethodInsn(INVOKESTATIC, OPS, name, desc, false);
    }

    private static boolean isBoolean(Expr e) {
        switch (e.kind) {
            case AND: case OR: case NOT: case HAS: case LIKE: case IS:
                return true;
            case BIN:
                switch (((Expr.Bin) e).op) {
                    case ADD: case SUB: case MUL: return false;
                    default: return true;
                }
            default:
                return false;
        }
    }

    /** Leaves the expression's value (an Object) on the stack. */
    private void obj(MethodVisitor mv, Expr e) {
        if (isBoolean(e)) {
            bool(mv, e);
            mv.visitMethodInsn(INVOKESTATIC, "java/lang/Boolean", "valueOf", "(Z)Ljava/lang/Boolean;", false);
            return;
        }
        Object folded = fold(e);
        if (folded != null) {
            constant(mv, folded);
            return;
        }
        switch (e.kind) {
            case LIT:
                constant(mv, ((Expr.Lit) e).value);
                return;
            case VAR: {
                Expr.Var v = ((Expr.VarRef) e).var;
                if (v == Expr.Var.CONTEXT) {
                    mv.visitVarInsn(ALOAD, 1);
                    mv.visitMethodInsn(INVOKEVIRTUAL, REQ, "context", "()L" + Type.getInternalName(io.multisystem.contract.value.CRecord.class) + ";", false);
                } else {
                    requestVar(mv, v.name().toLowerCase(java.util.Locale.ROOT));
                }
                return;
            }
            case SLOT:
                throw new IllegalArgumentException("unlinked slot");
            case IF: {
                Expr.If i = (Expr.If) e;
                Label other = new Label(), end = new Label();
                bool(mv, i.cond);
                mv.visitJumpInsn(IFEQ, other);
                obj(mv, i.then);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(other);
                obj(mv, i.otherwise);
                mv.visitLabel(end);
                return;
            }
            case NEG:
                obj(mv, ((Expr.Unary) e).arg);
                ops(mv, "neg", "(" + OBJ + ")Ljava/lang/Long;");
                return;
            case BIN: {
                Expr.Bin b = (Expr.Bin) e;
                obj(mv, b.left);
                obj(mv, b.right);
                ops(mv, b.op == Expr.BinOp.ADD ? "add" : b.op == Expr.BinOp.SUB ? "sub" : "mul", "(" + OBJ + OBJ + ")Ljava/lang/Long;");
                return;
            }
            case ATTR: {
                Expr.Attr a = (Expr.Attr) e;
                mv.visitVarInsn(ALOAD, 2);
                obj(mv, a.target);
                mv.visitLdcInsn(a.attr);
                ops(mv, "getAttr", "(L" + ENTS + ";" + OBJ + "Ljava/lang/String;)" + OBJ);
                return;
            }
            case METHOD: {
                Expr.Method m = (Expr.Method) e;
                mv.visitVarInsn(ALOAD, 2);
                mv.visitLdcInsn(m.name);
                obj(mv, m.target);
                array(mv, m.args);
                ops(mv, "method", "(L" + ENTS + ";Ljava/lang/String;" + OBJ + "[" + OBJ + ")" + OBJ);
                return;
            }
            case CALL: {
                Expr.Call c = (Expr.Call) e;
                mv.visitVarInsn(ALOAD, 2);
                mv.visitLdcInsn(c.name);
                array(mv, c.args);
                ops(mv, "call", "(L" + ENTS + ";Ljava/lang/String;[" + OBJ + ")" + OBJ);
                return;
            }
            case SET:
                array(mv, ((Expr.SetLit) e).elements);
                ops(mv, "mkSet", "([" + OBJ + ")L" + Type.getInternalName(io.multisystem.contract.value.CSet.class) + ";");
                return;
            case RECORD: {
                Expr.RecordLit r = (Expr.RecordLit) e;
                constant(mv, r.keys.toArray(new String[0]));
                mv.visitTypeInsn(CHECKCAST, "[Ljava/lang/String;");
                array(mv, r.values);
                ops(mv, "mkRecord", "([Ljava/lang/String;[" + OBJ + ")L" + Type.getInternalName(io.multisystem.contract.value.CRecord.class) + ";");
                return;
            }
            default:
                throw new IllegalStateException("unexpected " + e.kind);
        }
    }

    private void array(MethodVisitor mv, List<Expr> items) {
        push(mv, items.size());
        mv.visitTypeInsn(ANEWARRAY, "java/lang/Object");
        for (int i = 0; i < items.size(); i++) {
            mv.visitInsn(DUP);
            push(mv, i);
            obj(mv, items.get(i));
            mv.visitInsn(AASTORE);
        }
    }

    /** Compile-time value of a literal-only set, record or extension call; null when not constant or when it errors. */
    private static Object fold(Expr e) {
        if (e.kind != Expr.Kind.SET && e.kind != Expr.Kind.RECORD && e.kind != Expr.Kind.CALL) {
            return null;
        }
        if (!literalOnly(e, 0)) {
            return null;
        }
        try {
            return Interpreter.eval(e, null, Entities.EMPTY);
        } catch (EvalException | NullPointerException ex) {
            return null;
        }
    }

    private static boolean literalOnly(Expr e, int depth) {
        if (depth > 64) {
            return false;
        }
        switch (e.kind) {
            case LIT: return true;
            case SET: return ((Expr.SetLit) e).elements.stream().allMatch(x -> literalOnly(x, depth + 1));
            case RECORD: return ((Expr.RecordLit) e).values.stream().allMatch(x -> literalOnly(x, depth + 1));
            case CALL: return ((Expr.Call) e).args.stream().allMatch(x -> literalOnly(x, depth + 1));
            default: return false;
        }
    }
}
