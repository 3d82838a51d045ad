package io.multisystem.kernel.bpf;

import io.multisystem.kernel.nativeio.KernelHelper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The XDP traffic counter ({@link XdpPrograms#trafficCounter}): a three-slot array of {@code {packets, bytes}} (IPv4,
 * IPv6, other) updated with atomic adds; it always passes the packet. Loaded and closed like the blocklist.
 */
public final class XdpTrafficCounter implements AutoCloseable {
    /** Packets and bytes per class. */
    public record Counts(long ipv4Packets, long ipv4Bytes, long ipv6Packets, long ipv6Bytes, long otherPackets, long otherBytes) {
    }

    private final KernelHelper helper;
    private final int mapFd;
    private final int progFd;

    private XdpTrafficCounter(KernelHelper helper, int mapFd, int progFd) {
        this.helper = helper;
        this.mapFd = mapFd;
        this.progFd = progFd;
    }

    public static XdpTrafficCounter load(KernelHelper helper) {
        int map = helper.mapCreate(XdpBlocklist.BPF_MAP_TYPE_ARRAY, 4, 16, 3, 0, "xdp_traffic");
        try {
            return new XdpTrafficCounter(helper, map, helper.progLoad(XdpBlocklist.BPF_PROG_TYPE_XDP,
                    XdpPrograms.trafficCounter(map), "GPL", "xdp_traffic"));
        } catch (RuntimeException e) {
            helper.close(map);
            throw e;
        }
    }

    public KernelHelper.TestRun testRun(byte[] frame, int repeat) {
        return helper.progTestRun(progFd, frame, repeat);
    }

    public int programFd() {
        return progFd;
    }

    public Counts counts() {
        long[] v = new long[6];
        for (int slot = 0; slot < 3; slot++) {
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(slot).array();
            ByteBuffer value = ByteBuffer.wrap(helper.mapLookup(mapFd, key, 16).orElse(new byte[16])).order(ByteOrder.nativeOrder());
            v[slot * 2] = value.getLong(0);
            v[slot * 2 + 1] = value.getLong(8);
        }
        return new Counts(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    @Override
    public void close() {
        helper.close(progFd);
        helper.close(mapFd);
    }
}
