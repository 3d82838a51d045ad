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
