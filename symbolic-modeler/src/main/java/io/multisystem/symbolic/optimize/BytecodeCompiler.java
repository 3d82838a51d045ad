package io.multisystem.symbolic.optimize;

import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * Compiles a register program (the CSE'd DAG of a {@link CompiledExpression}) to real JVM bytecode: a hidden class
 * implementing {@link DoubleEvaluator} whose {@code eval(double[])} is straight-line code.
 *
 * <p>Design note: the generated method mirrors the interpreter instruction for instruction so that both compute the
 * same IEEE-754 operations in the same order (results are bit-identical, which the differential property test
 * checks): each variable is loaded once from the argument array into a local, constants are {@code ldc} literals
 * taken from the interpreter's initial register file, every DAG operation is one arithmetic instruction or a call to
 * {@link Math} ({@code sin cos tan exp log sqrt pow}) stored into its own local (slot {@code 2 + 2i} for register
 * {@code i}), and integer powers are unrolled into the same square-and-multiply sequence the interpreter runs. The
 * class is defined with {@link MethodHandles.Lookup#defineHiddenClass} in this package (not strongly reachable from
 * its loader, so it is unloaded with its evaluator). The JVM caps a method at 64 KiB of code and 65,535 local slots:
 * a program beyond that (a few thousand operations) is generated instead as static chunk methods of bounded size
 * that share a {@code double[]} register file allocated per call (still no dispatch, one array store per
 * operation). A program beyond the class-file limits (65,535 constant-pool entries) yields {@link Optional#empty()}
 * and the caller keeps interpreting. Stateless; thread-safe.
 */
final class BytecodeCompiler {
    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, IPOW = 5, SIN = 6, COS = 7, TAN = 8, EXP = 9,
            LN = 10, SQRT = 11, NEG = 12;
    private static final String EVALUATOR = "io/multisystem/symbolic/optimize/DoubleEvaluator";
    private static final String GENERATED = "io/multisystem/symbolic/optimize/GeneratedEvaluator";
    private static final int MAX_LOCAL_SLOTS = 65_535;

    private BytecodeCompiler() {
    }

    /**
     * Generates and loads the evaluator of a register program (the arrays of {@link CompiledExpression}).
     *
     * @return the evaluator, or empty when the program exceeds the JVM's class-file limits
     */
    static Optional<DoubleEvaluator> compile(double[] initial, boolean[] isConstant, int[] varRegister, int[] varSlot,
                                             int[] opcode, int[] left, int[] right, int[] dest, int result) {
        Program program = new Program(initial, isConstant, varRegister, varSlot, opcode, left, right, dest, result);
        byte[] bytes = null;
        if (2L + 2L * initial.length + 4 <= MAX_LOCAL_SLOTS) {
            try {
                bytes = generateSingleMethod(program);
            } catch (MethodTooLargeException tooLarge) {
                bytes = null;
            }
        }
        if (bytes == null) {
            try {
                bytes = generateChunked(program);
            } catch (MethodTooLargeException | ClassTooLargeException tooLarge) {
                return Optional.empty();
            }
        }
        try {
            MethodHandles.Lookup hidden = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return Optional.of((DoubleEvaluator) hidden.findConstructor(hidden.lookupClass(),
                    MethodType.methodType(void.class)).invoke());
        } catch (Throwable e) {
            // generated code the verifier rejects is a bug in this class, never bad input
            throw new IllegalStateException("generated evaluator failed to load: " + e, e);
        }
    }

    private record Program(double[] initial, boolean[] isConstant, int[] varRegister, int[] varSlot, int[] opcode,
                           int[] left, int[] right, int[] dest, int result) {
        /** The argument slot of each register that holds a variable, else -1. */
        int[] slotOfRegister() {
            int[] slot = new int[initial.length];
            java.util.Arrays.fill(slot, -1);
            for (int i = 0; i < varRegister.length; i++) {
                slot[varRegister[i]] = varSlot[i];
            }
            return slot;
        }
    }

    /** Where registers live: in locals of one method, or in a {@code double[]} shared by chunk methods. */
    private interface Registers {
        void load(MethodVisitor mv, int register);

        void beforeStore(MethodVisitor mv, int register);

        void store(MethodVisitor mv, int register);
    }

    private static ClassWriter newClass() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_FINAL | Opcodes.ACC_SUPER, GENERATED, null, "java/lang/Object",
                new String[]{EVALUATOR});
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        return cw;
    }

    /** Fast layout: every register is a local of {@code eval}; variables are read from the array once. */
    private static byte[] generateSingleMethod(Program p) {
        ClassWriter cw = newClass();
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "eval", "([D)D", null, null);
        mv.visitCode();
        for (int i = 0; i < p.varRegister().length; i++) {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            pushInt(mv, p.varSlot()[i]);
            mv.visitInsn(Opcodes.DALOAD);
            mv.visitVarInsn(Opcodes.DSTORE, local(p.varRegister()[i]));
        }
        Registers registers = new Registers() {
            @Override
            public void load(MethodVisitor m, int register) {
                if (p.isConstant()[register]) {
                    m.visitLdcInsn(p.initial()[register]);
                } else {
                    m.visitVarInsn(Opcodes.DLOAD, local(register));
                }
            }

            @Override
            public void beforeStore(MethodVisitor m, int register) {
            }

            @Override
            public void store(MethodVisitor m, int register) {
                m.visitVarInsn(Opcodes.DSTORE, local(register));
            }
        };
        int scratch = local(p.initial().length);
        emitInstructions(mv, p, registers, 0, p.opcode().length, scratch, scratch + 2);
        registers.load(mv, p.result());
        mv.visitInsn(Opcodes.DRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * Layout for programs too large for one method: registers live in a {@code double[]} allocated per call, and the
     * instructions are split into static chunk methods {@code (double[] vars, double[] regs)} of bounded code size.
     */
    private static byte[] generateChunked(Program p) {
        ClassWriter cw = newClass();
        int[] slotOf = p.slotOfRegister();
        Registers registers = new Registers() {
            @Override
            public void load(MethodVisitor m, int register) {
                if (p.isConstant()[register]) {
                    m.visitLdcInsn(p.initial()[register]);
                } else if (slotOf[register] >= 0) {
                    m.visitVarInsn(Opcodes.ALOAD, 0);
                    pushInt(m, slotOf[register]);
                    m.visitInsn(Opcodes.DALOAD);
                } else {
                    m.visitVarInsn(Opcodes.ALOAD, 1);
                    pushInt(m, register);
                    m.visitInsn(Opcodes.DALOAD);
                }
            }

            @Override
            public void beforeStore(MethodVisitor m, int register) {
                m.visitVarInsn(Opcodes.ALOAD, 1);
                pushInt(m, register);
            }

            @Override
            public void store(MethodVisitor m, int register) {
                m.visitInsn(Opcodes.DASTORE);
            }
        };
        int chunks = 0;
        int from = 0;
        int n = p.opcode().length;
        while (from < n) {
            int to = from;
            long bytes = 0;
            while (to < n && bytes < CHUNK_BYTES) {
                bytes += estimatedBytes(p.opcode()[to], p.right()[to]);
                to++;
            }
            MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PRIVATE | Opcodes.ACC_STATIC, "chunk" + chunks, "([D[D)V",
                    null, null);
            mv.visitCode();
            emitInstructions(mv, p, registers, from, to, 2, 4);
            mv.visitInsn(Opcodes.RETURN);
            mv.visitMaxs(0, 0);
            mv.visitEnd();
            chunks++;
            from = to;
        }
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, "eval", "([D)D", null, null);
        mv.visitCode();
        pushInt(mv, p.initial().length);
        mv.visitIntInsn(Opcodes.NEWARRAY, Opcodes.T_DOUBLE);
        mv.visitVarInsn(Opcodes.ASTORE, 2);
        for (int c = 0; c < chunks; c++) {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            mv.visitMethodInsn(Opcodes.INVOKESTATIC, GENERATED, "chunk" + c, "([D[D)V", false);
        }
        int result = p.result();
        if (p.isConstant()[result]) {
            mv.visitLdcInsn(p.initial()[result]);
        } else if (slotOf[result] >= 0) {
            mv.visitVarInsn(Opcodes.ALOAD, 1);
            pushInt(mv, slotOf[result]);
            mv.visitInsn(Opcodes.DALOAD);
        } else {
            mv.visitVarInsn(Opcodes.ALOAD, 2);
            pushInt(mv, result);
            mv.visitInsn(Opcodes.DALOAD);
        }
        mv.visitInsn(Opcodes.DRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static final long CHUNK_BYTES = 30_000;

    /** A generous bound on the code bytes of one instruction in the chunked layout. */
    private static long estimatedBytes(int op, int right) {
        if (op == IPOW) {
            return 24 + 10L * 2 * (64 - Long.numberOfLeadingZeros(Math.abs((long) right)));
        }
        return 24;
    }

    private static void emitInstructions(MethodVisitor mv, Program p, Registers registers, int from, int to, int base,
                                         int acc) {
        for (int pc = from; pc < to; pc++) {
            int op = p.opcode()[pc];
            registers.beforeStore(mv, p.dest()[pc]);
            if (op == IPOW) {
                emitIntegerPower(mv, registers, p.left()[pc], p.right()[pc], base, acc);
            } else {
                registers.load(mv, p.left()[pc]);
                switch (op) {
                    case ADD, SUB, MUL, DIV, POW -> {
                        registers.load(mv, p.right()[pc]);
                        switch (op) {
                            case ADD -> mv.visitInsn(Opcodes.DADD);
                            case SUB -> mv.visitInsn(Opcodes.DSUB);
                            case MUL -> mv.visitInsn(Opcodes.DMUL);
                            case DIV -> mv.visitInsn(Opcodes.DDIV);
                            default -> math(mv, "pow", "(DD)D");
                        }
                    }
                    case SIN -> math(mv, "sin", "(D)D");
                    case COS -> math(mv, "cos", "(D)D");
                    case TAN -> math(mv, "tan", "(D)D");
                    case EXP -> math(mv, "exp", "(D)D");
                    case LN -> math(mv, "log", "(D)D");
                    case SQRT -> math(mv, "sqrt", "(D)D");
                    case NEG -> mv.visitInsn(Opcodes.DNEG);
                    default -> throw new IllegalArgumentException("unknown opcode " + op);
                }
            }
            registers.store(mv, p.dest()[pc]);
        }
    }

    /** Leaves {@code base^n} on the stack, by exactly the interpreter's square-and-multiply sequence. */
    private static void emitIntegerPower(MethodVisitor mv, Registers registers, int register, int n, int base, int acc) {
        boolean negative = n < 0;
        long e = Math.abs((long) n);
        registers.load(mv, register);
        mv.visitVarInsn(Opcodes.DSTORE, base);
        mv.visitLdcInsn(1.0);
        mv.visitVarInsn(Opcodes.DSTORE, acc);
        while (e > 0) {
            if ((e & 1) == 1) {
                mv.visitVarInsn(Opcodes.DLOAD, acc);
                mv.visitVarInsn(Opcodes.DLOAD, base);
                mv.visitInsn(Opcodes.DMUL);
                mv.visitVarInsn(Opcodes.DSTORE, acc);
            }
            e >>= 1;
            if (e > 0) {
                mv.visitVarInsn(Opcodes.DLOAD, base);
                mv.visitInsn(Opcodes.DUP2);
                mv.visitInsn(Opcodes.DMUL);
                mv.visitVarInsn(Opcodes.DSTORE, base);
            }
        }
        if (negative) {
            mv.visitLdcInsn(1.0);
            mv.visitVarInsn(Opcodes.DLOAD, acc);
            mv.visitInsn(Opcodes.DDIV);
        } else {
            mv.visitVarInsn(Opcodes.DLOAD, acc);
        }
    }

    private static void math(MethodVisitor mv, String name, String descriptor) {
        mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Math", name, descriptor, false);
    }

    private static void pushInt(MethodVisitor mv, int value) {
        if (value <= 5) {
            mv.visitInsn(Opcodes.ICONST_0 + value);
        } else if (value <= Byte.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.BIPUSH, value);
        } else if (value <= Short.MAX_VALUE) {
            mv.visitIntInsn(Opcodes.SIPUSH, value);
        } else {
            mv.visitLdcInsn(value);
        }
    }

    private static int local(int register) {
        return 2 + 2 * register;
    }
}
