package io.multisystem.kernel.bpf;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Builds minimal Ethernet/IPv4/UDP and Ethernet/IPv6/UDP frames for {@code BPF_PROG_TEST_RUN} (checksums zero). */
public final class Frames {
    private Frames() {
    }

    public static byte[] udp4(String src, String dst) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 8 + 18);
        ethernet(b, 0x0800);
        b.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + 18)).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(address(src, 4)).put(address(dst, 4));
        b.putShort((short) 40000).putShort((short) 53).putShort((short) (8 + 18)).putShort((short) 0);
        return b.array();
    }

    public static byte[] udp6(String src, String dst) {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + 8 + 18);
        ethernet(b, 0x86dd);
        b.putInt(0x60000000).putShort((short) (8 + 18)).put((byte) 17).put((byte) 64)
                .put(address(src, 16)).put(address(dst, 16));
        b.putShort((short) 40000).putShort((short) 53).putShort((short) (8 + 18)).putShort((short) 0);
        return b.array();
    }

    /**
     * The frame with one VLAN tag ({@code tpid}: 0x8100 for 802.1Q, 0x88a8 or 0x9100 for a QinQ service tag; 12-bit
     * {@code vid}) inserted after the MAC addresses, outside any tag already there: {@code vlan(vlan(f, 0x8100, 10),
     * 0x88a8, 20)} is a QinQ frame with outer VLAN 20 and inner VLAN 10.
     */
    public static byte[] vlan(byte[] frame, int tpid, int vid) {
        if (frame.length < 14) {
            throw new IllegalArgumentException("not an Ethernet frame: " + frame.length + " bytes");
        }
        if (vid < 0 || vid > 4095) {
            throw new IllegalArgumentException("VLAN id must be 0..4095: " + vid);
        }
        ByteBuffer b = ByteBuffer.allocate(frame.length + 4);
        b.put(frame, 0, 12).putShort((short) tpid).putShort((short) vid).put(frame, 12, frame.length - 12);
        return b.array();
    }

    private static void ethernet(ByteBuffer b, int type) {
        b.put(new byte[] {2, 0, 0, 0, 0, 1}).put(new byte[] {2, 0, 0, 0, 0, 2}).putShort((short) type);
    }

    private static byte[] address(String literal, int length) {
        Cidr cidr = Cidr.parse(literal);
        if (cidr.address().length != length) {
            throw new IllegalArgumentException(literal + " is not a " + (length * 8) + "-bit address");
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
