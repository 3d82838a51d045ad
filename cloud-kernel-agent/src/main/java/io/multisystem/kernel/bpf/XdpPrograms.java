package io.multisystem.kernel.bpf;

import static io.multisystem.kernel.bpf.BpfAssembler.H;
import static io.multisystem.kernel.bpf.BpfAssembler.JEQ;
import static io.multisystem.kernel.bpf.BpfAssembler.JGT;
import static io.multisystem.kernel.bpf.BpfAssembler.JNE;
import static io.multisystem.kernel.bpf.BpfAssembler.W;
import static io.multisystem.kernel.bpf.Reg.R0;
import static io.multisystem.kernel.bpf.Reg.R1;
import static io.multisystem.kernel.bpf.Reg.R10;
import static io.multisystem.kernel.bpf.Reg.R2;
import static io.multisystem.kernel.bpf.Reg.R3;
import static io.multisystem.kernel.bpf.Reg.R6;
import static io.multisystem.kernel.bpf.Reg.R7;
import static io.multisystem.kernel.bpf.Reg.R8;
import static io.multisystem.kernel.bpf.Reg.R9;

/**
 * The agent's XDP programs, written with {@link BpfAssembler}.
 *
 * <p><b>Blocklist.</b> Parses Ethernet and up to two VLAN tags (802.1Q 0x8100, 802.1ad 0x88a8 or 0x9100: a single
 * tag or QinQ; each tag moves the L3 header 4 bytes on, a third tag passes unparsed), then IPv4 (source at byte 12
 * of the L3 header) or IPv6 (source at byte 8);
 * builds an LPM-trie key {@code {u32 prefixlen = 32|128, source address in network order}} on the stack and looks it
 * up in the IPv4 or IPv6 trie. On a match it adds 1 packet and the frame length ({@code bpf_xdp_get_buff_len}) to the
 * matched prefix's {@code {u64 packets, u64 bytes}} value with atomic adds, counts the packet in the stats array
 * (slot 1 = dropped) and returns XDP_DROP; otherwise it counts it in slot 0 (passed) and returns XDP_PASS. Every
 * packet read is preceded by the bounds check the verifier requires ({@code data + n > data_end → pass}).
 *
 * <p><b>Traffic counter.</b> Counts packets and bytes into an array of three {@code {packets, bytes}} slots
 * (0 IPv4, 1 IPv6, 2 other; VLAN-tagged frames count by their inner ethertype) and always passes.
 */
public final class XdpPrograms {
    public static final int XDP_DROP = 1;
    public static final int XDP_PASS = 2;
    static final int HELPER_MAP_LOOKUP = 1;
    static final int HELPER_XDP_GET_BUFF_LEN = 188;
    private static final int ETH_P_IP_LE = 0x0008;
    private static final int ETH_P_IPV6_LE = 0xdd86;
    /** 802.1Q customer tag (0x8100), 802.1ad service tag (0x88a8) and the pre-standard QinQ outer tag (0x9100). */
    private static final int ETH_P_8021Q_LE = 0x0081;
    private static final int ETH_P_8021AD_LE = 0xa888;
    private static final int ETH_P_QINQ1_LE = 0x0091;
    /** Tags parsed: one (802.1Q) or two (QinQ); a frame with a third tag is not parsed and passes. */
    public static final int MAX_VLAN_TAGS = 2;

    private XdpPrograms() {
    }

    public static byte[] blocklist(int v4TrieFd, int v6TrieFd, int statsFd) {
        BpfAssembler a = new BpfAssembler();
        a.mov(R6, R1)
                .call(HELPER_XDP_GET_BUFF_LEN).mov(R9, R0)
                .load(W, R7, R6, 0)
                .load(W, R8, R6, 4);
        ethertype(a, "pass");
        a.jump(JEQ, R3, ETH_P_IP_LE, "ipv4")
                .jump(JEQ, R3, ETH_P_IPV6_LE, "ipv6")
                .jumpAlways("pass");
        a.label("ipv4")
                .mov(R2, R7).addImm(R2, 34).jump(JGT, R2, R8, "pass")
                .storeImm(W, R10, -8, 32)
                .load(W, R3, R7, 26).store(W, R10, -4, R3)
                .ldMapFd(R1, v4TrieFd)
                .mov(R2, R10).addImm(R2, -8)
                .call(HELPER_MAP_LOOKUP)
                .jump(JEQ, R0, 0, "pass")
                .jumpAlways("drop");
        a.label("ipv6")
                .mov(R2, R7).addImm(R2, 54).jump(JGT, R2, R8, "pass")
                .storeImm(W, R10, -24, 128);
        for (int i = 0; i < 4; i++) {
            a.load(W, R3, R7, 22 + 4 * i).store(W, R10, -20 + 4 * i, R3);
        }
        a.ldMapFd(R1, v6TrieFd)
                .mov(R2, R10).addImm(R2, -24)
                .call(HELPER_MAP_LOOKUP)
                .jump(JEQ, R0, 0, "pass");
        a.label("drop")
                .mov(R1, 1).atomicAdd64(R0, 0, R1).atomicAdd64(R0, 8, R9);
        count(a, statsFd, 1, "drop_done");
        a.label("drop_done").mov(R0, XDP_DROP).exit();
        a.label("pass");
        count(a, statsFd, 0, "pass_done");
        a.label("pass_done").mov(R0, XDP_PASS).exit();
        return a.assemble();
    }

    public static byte[] trafficCounter(int countersFd) {
        BpfAssembler a = new BpfAssembler();
        a.mov(R6, R1)
                .call(HELPER_XDP_GET_BUFF_LEN).mov(R9, R0)
                .load(W, R7, R6, 0)
                .load(W, R8, R6, 4)
                .storeImm(W, R10, -4, 2);
        ethertype(a, "count");
        a.jump(JNE, R3, ETH_P_IP_LE, "not_ipv4")
                .storeImm(W, R10, -4, 0)
                .jumpAlways("count");
        a.label("not_ipv4")
                .jump(JNE, R3, ETH_P_IPV6_LE, "count")
                .storeImm(W, R10, -4, 1);
        a.label("count")
                .ldMapFd(R1, countersFd)
                .mov(R2, R10).addImm(R2, -4)
                .call(HELPER_MAP_LOOKUP)
                .jump(JEQ, R0, 0, "out")
                .mov(R1, 1).atomicAdd64(R0, 0, R1).atomicAdd64(R0, 8, R9);
        a.label("out").mov(R0, XDP_PASS).exit();
        return a.assemble();
    }

    /**
     * Parses the Ethernet header and up to {@link #MAX_VLAN_TAGS} VLAN tags. In: R7 = data, R8 = data_end. Out: R3 =
     * the L3 ethertype (as loaded, network order in a little-endian u16) and R7 advanced by 4 bytes per tag, so that
     * the L3 header starts at R7 + 14 whatever the tagging; jumps to {@code fail} when the frame is too short or carries
     * more tags. Each tag is checked for bounds before its ethertype is read, as the verifier requires.
     */
    private static void ethertype(BpfAssembler a, String fail) {
        a.mov(R2, R7).addImm(R2, 14).jump(JGT, R2, R8, fail)
                .load(H, R3, R7, 12);
        String l3 = "l3_" + fail;
        for (int tag = 1; tag <= MAX_VLAN_TAGS + 1; tag++) {
            String tagged = "tag_" + fail + "_" + tag;
            a.jump(JEQ, R3, ETH_P_8021Q_LE, tagged)
                    .jump(JEQ, R3, ETH_P_8021AD_LE, tagged)
                    .jump(JEQ, R3, ETH_P_QINQ1_LE, tagged)
                    .jumpAlways(l3);
            a.label(tagged);
            if (tag > MAX_VLAN_TAGS) {
                a.jumpAlways(fail);
            } else {
                a.addImm(R7, 4)
                        .mov(R2, R7).addImm(R2, 14).jump(JGT, R2, R8, fail)
                        .load(H, R3, R7, 12);
            }
        }
        a.label(l3);
    }

    /** Adds 1 packet and R9 bytes to slot {@code index} of the stats array; R0-R5 are clobbered. */
    private static void count(BpfAssembler a, int statsFd, int index, String done) {
        a.storeImm(W, R10, -32, index)
                .ldMapFd(R1, statsFd)
                .mov(R2, R10).addImm(R2, -32)
                .call(HELPER_MAP_LOOKUP)
                .jump(JEQ, R0, 0, done)
                .mov(R1, 1).atomicAdd64(R0, 0, R1).atomicAdd64(R0, 8, R9);
    }

    /** A deliberately unsafe program (returns without setting R0) used to show the verifier log path. */
    public static byte[] invalidForVerifier() {
        return new BpfAssembler().exit().assemble();
    }
}
