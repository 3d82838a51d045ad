package io.multisystem.kernel.bpf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed eBPF instruction builder: the project writes its BPF programs in Java instead of C compiled by clang, so
 * that the build needs only gcc (for the JNI helper) and no LLVM. Each method appends one instruction in the kernel's
 * encoding (8 bytes: opcode, dst/src registers in one byte, signed 16-bit offset, signed 32-bit immediate, little
 * endian); {@link #ldMapFd} appends the two-slot {@code BPF_LD | BPF_IMM | BPF_DW} with {@code BPF_PSEUDO_MAP_FD}.
 * Jumps name a label; {@link #assemble()} resolves labels to relative offsets (target - next instruction, in slots),
 * failing on unknown labels or offsets beyond 16 bits. The kernel's verifier remains the judge of safety.
 */
public final class BpfAssembler {
    // instruction classes
    private static final int LD = 0x00;
    private static final int LDX = 0x01;
    private static final int ST = 0x02;
    private static final int STX = 0x03;
    private static final int JMP = 0x05;
    private static final int ALU64 = 0x07;
    // sizes
    public static final int W = 0x00;
    public static final int H = 0x08;
    public static final int B = 0x10;
    public static final int DW = 0x18;
    // modes
    private static final int IMM = 0x00;
    private static final int MEM = 0x60;
    private static final int ATOMIC = 0xc0;
    // sources
    private static final int K = 0x00;
    private static final int X = 0x08;
    // ALU operations
    private static final int ADD = 0x00;
    private static final int SUB = 0x10;
    private static final int MOV = 0xb0;
    // jump operations
    public static final int JEQ = 0x10;
    public static final int JGT = 0x20;
    public static final int JNE = 0x50;
    private static final int JA = 0x00;
    private static final int CALL = 0x80;
    private static final int EXIT = 0x90;

    private static final int PSEUDO_MAP_FD = 1;

    private record Insn(int opcode, int dst, int src, int offset, int imm, String target) {
    }

    private final List<Insn> insns = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    public BpfAssembler mov(Reg dst, long imm) {
        return add(ALU64 | MOV | K, dst.number(), 0, 0, checkedImm(imm), null);
    }

    public BpfAssembler mov(Reg dst, Reg src) {
        return add(ALU64 | MOV | X, dst.number(), src.number(), 0, 0, null);
    }

    public BpfAssembler addImm(Reg dst, long imm) {
        return add(ALU64 | ADD | K, dst.number(), 0, 0, checkedImm(imm), null);
    }

    public BpfAssembler addReg(Reg dst, Reg src) {
        return add(ALU64 | ADD | X, dst.number(), src.number(), 0, 0, null);
    }

    public BpfAssembler subReg(Reg dst, Reg src) {
        return add(ALU64 | SUB | X, dst.number(), src.number(), 0, 0, null);
    }

    /** {@code dst = *(size *)(src + offset)}. */
    public BpfAssembler load(int size, Reg dst, Reg src, int offset) {
        return add(LDX | MEM | size, dst.number(), src.number(), checkedOffset(offset), 0, null);
    }

    /** {@code *(size *)(dst + offset) = src}. */
    public BpfAssembler store(int size, Reg dst, int offset, Reg src) {
        return add(STX | MEM | size, dst.number(), src.number(), checkedOffset(offset), 0, null);
    }

    /** {@code *(size *)(dst + offset) = imm}. */
    public BpfAssembler storeImm(int size, Reg dst, int offset, long imm) {
        return add(ST | MEM | size, dst.number(), 0, checkedOffset(offset), checkedImm(imm), null);
    }

    /** {@code lock *(u64 *)(dst + offset) += src} (BPF_ATOMIC with BPF_ADD). */
    public BpfAssembler atomicAdd64(Reg dst, int offset, Reg src) {
        return add(STX | ATOMIC | DW, dst.number(), src.number(), checkedOffset(offset), ADD, null);
    }

    /** {@code dst = map fd} as a map pointer (two instruction slots). */
    public BpfAssembler ldMapFd(Reg dst, int mapFd) {
        add(LD | IMM | DW, dst.number(), PSEUDO_MAP_FD, 0, mapFd, null);
        return add(0, 0, 0, 0, 0, null);
    }

    public BpfAssembler call(int helper) {
        return add(JMP | CALL, 0, 0, 0, helper, null);
    }

    public BpfAssembler exit() {
        return add(JMP | EXIT, 0, 0, 0, 0, null);
    }

    /** {@code if (dst op imm) goto label}. */
    public BpfAssembler jump(int op, Reg dst, long imm, String label) {
        return add(JMP | op | K, dst.number(), 0, 0, checkedImm(imm), label);
    }

    /** {@code if (dst op src) goto label}. */
    public BpfAssembler jump(int op, Reg dst, Reg src, String label) {
        return add(JMP | op | X, dst.number(), src.number(), 0, 0, label);
    }

    public BpfAssembler jumpAlways(String label) {
        return add(JMP | JA, 0, 0, 0, 0, label);
    }

    /** Marks the position of the next instruction. */
    public BpfAssembler label(String name) {
        if (labels.putIfAbsent(name, insns.size()) != null) {
            throw new IllegalArgumentException("label defined twice: " + name);
        }
        return this;
    }

    /** The number of instruction slots so far. */
    public int size() {
        return insns.size();
    }

    /** The program in the kernel's binary encoding. */
    public byte[] assemble() {
        ByteBuffer out = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < insns.size(); i++) {
            Insn insn = insns.get(i);
            int offset = insn.offset();
            if (insn.target() != null) {
                Integer target = labels.get(insn.target());
                if (target == null) {
                    throw new IllegalStateException("jump to undefined label " + insn.target());
                }
                offset = checkedOffset(target - (i + 1));
            }
            out.put((byte) insn.opcode());
            out.put((byte) ((insn.src() << 4) | insn.dst()));
            out.putShort((short) offset);
            out.putInt(insn.imm());
        }
        return out.array();
    }

    private BpfAssembler add(int opcode, int dst, int src, int offset, int imm, String target) {
        insns.add(new Insn(opcode, dst, src, offset, imm, target));
        return this;
    }

    private static int checkedImm(long imm) {
        if (imm < Integer.MIN_VALUE || imm > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("immediate does not fit 32 bits: " + imm);
        }
        return (int) imm;
    }

    private static int checkedOffset(int offset) {
        if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset does not fit 16 bits: " + offset);
        }
        return offset;
    }
}
