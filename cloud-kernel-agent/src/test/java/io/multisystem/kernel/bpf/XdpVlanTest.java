package io.multisystem.kernel.bpf;

import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.nativeio.KernelHelper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * VLAN parsing of the XDP programs, tested on the real programs in the kernel with {@code BPF_PROG_TEST_RUN} (no
 * interface needed): 802.1Q and QinQ (0x88a8 and 0x9100 outer tags) frames are filtered by their inner source
 * address, a third tag and truncated frames pass, and a seeded differential test checks the program's verdict on
 * thousands of random frames (0-3 tags, IPv4/IPv6/ARP, random truncation) against a Java model of the same parsing.
 */
class XdpVlanTest {
    private static final List<String> BLOCKED = List.of("198.51.100.0/24", "203.0.113.128/25", "10.1.0.0/16",
            "2001:db8::/32", "fd00:1:2::/48");
    private static final int[] TPIDS = {0x8100, 0x88a8, 0x9100};
    private KernelHelper helper;

    @BeforeEach
    void needsHelperAndBpf() {
        assumeTrue(KernelHelper.unavailableReason().isEmpty(), () -> "JNI helper: " + KernelHelper.unavailableReason().get());
        helper = KernelHelper.get();
        try {
            XdpBlocklist.load(helper, 16).close();
        } catch (PlatformException e) {
            assumeTrue(!KernelErrors.CAPABILITY_MISSING.equals(e.code()), () -> "skipped (BPF_PROG_TEST_RUN needs CAP_BPF): "
                    + e.getMessage());
            throw e;
        }
    }

    @Test
    void singleTaggedAndQinQFramesAreFilteredByTheirInnerSourceAddress() {
        try (XdpBlocklist blocklist = XdpBlocklist.load(helper, 64)) {
            blocklist.block(Cidr.parse("198.51.100.0/24"));
            blocklist.block(Cidr.parse("2001:db8::/32"));
            byte[] blocked4 = Frames.udp4("198.51.100.7", "10.0.0.1");
            byte[] allowed4 = Frames.udp4("198.51.101.7", "10.0.0.1");
            byte[] blocked6 = Frames.udp6("2001:db8::42", "2001:db9::1");
            byte[] allowed6 = Frames.udp6("2001:db9::42", "2001:db8::1");

            byte[] dot1q4 = Frames.vlan(blocked4, 0x8100, 100);
            byte[] qinq4 = Frames.vlan(Frames.vlan(blocked4, 0x8100, 100), 0x88a8, 200);
            byte[] qinq6 = Frames.vlan(Frames.vlan(blocked6, 0x8100, 7), 0x88a8, 4000);
            byte[] oldQinq6 = Frames.vlan(Frames.vlan(blocked6, 0x8100, 7), 0x9100, 5);
            assertThat(verdict(blocklist, dot1q4)).isEqualTo(XdpPrograms.XDP_DROP);
            assertThat(verdict(blocklist, qinq4)).isEqualTo(XdpPrograms.XDP_DROP);
            assertThat(verdict(blocklist, qinq6)).isEqualTo(XdpPrograms.XDP_DROP);
            assertThat(verdict(blocklist, oldQinq6)).isEqualTo(XdpPrograms.XDP_DROP);
            assertThat(verdict(blocklist, Frames.vlan(allowed4, 0x8100, 100))).isEqualTo(XdpPrograms.XDP_PASS);
            assertThat(verdict(blocklist, Frames.vlan(Frames.vlan(allowed6, 0x8100, 1), 0x88a8, 2))).isEqualTo(XdpPrograms.XDP_PASS);

            // per-prefix counters count the tagged frames with their full length
            XdpBlocklist.Entry v4 = entry(blocklist, "198.51.100.0/24");
            assertThat(v4.packets()).isEqualTo(2);
            assertThat(v4.bytes()).isEqualTo(dot1q4.length + qinq4.length);
            assertThat(entry(blocklist, Cidr.parse("2001:db8::/32").toString()).packets()).isEqualTo(2);
            assertThat(blocklist.totals().droppedPackets()).isEqualTo(4);
            assertThat(blocklist.totals().passedPackets()).isEqualTo(2);
        }
    }

    @Test
    void aThirdTagAndTruncatedTaggedFramesPass() {
        try (XdpBlocklist blocklist = XdpBlocklist.load(helper, 16)) {
            blocklist.block(Cidr.parse("198.51.100.0/24"));
            byte[] blocked = Frames.udp4("198.51.100.7", "10.0.0.1");
            byte[] triple = Frames.vlan(Frames.vlan(Frames.vlan(blocked, 0x8100, 1), 0x8100, 2), 0x88a8, 3);
            assertThat(verdict(blocklist, triple)).as("more than two tags are not parsed").isEqualTo(XdpPrograms.XDP_PASS);
            byte[] qinq = Frames.vlan(Frames.vlan(blocked, 0x8100, 1), 0x88a8, 2);
            int sourceEnd = 14 + 8 + 16; // Ethernet + two tags + IPv4 up to the end of the source address
            for (int len = 14; len < qinq.length; len++) {
                int expected = len < 14 + 8 + 20 ? XdpPrograms.XDP_PASS : XdpPrograms.XDP_DROP;
                assertThat(verdict(blocklist, Arrays.copyOf(qinq, len))).as("QinQ frame cut to %d bytes (source ends at %d)",
                        len, sourceEnd).isEqualTo(expected);
            }
        }
    }

    @Test
    void theProgramsVerdictMatchesAJavaModelOfTheParsingOnRandomFrames() {
        List<Cidr> blocked = BLOCKED.stream().map(Cidr::parse).toList();
        Random random = new Random(20261122);
        int drops = 0;
        try (XdpBlocklist blocklist = XdpBlocklist.load(helper, 64)) {
            blocked.forEach(blocklist::block);
            for (int i = 0; i < 3000; i++) {
                byte[] frame = randomFrame(random, blocked);
                int expected = model(frame, blocked);
                drops += expected == XdpPrograms.XDP_DROP ? 1 : 0;
                assertThat(verdict(blocklist, frame)).as("frame %d: %s", i, hex(frame)).isEqualTo(expected);
            }
            assertThat(blocklist.totals().droppedPackets()).isEqualTo(drops);
        }
        assertThat(drops).as("the generator produces both verdicts").isBetween(300, 2700);
    }

    @Test
    void theTrafficCounterCountsTaggedFramesByTheirInnerFamily() {
        try (XdpTrafficCounter counter = XdpTrafficCounter.load(helper)) {
            byte[] v4 = Frames.vlan(Frames.udp4("192.0.2.1", "192.0.2.2"), 0x8100, 10);
            byte[] v6 = Frames.vlan(Frames.vlan(Frames.udp6("2001:db8::1", "2001:db8::2"), 0x8100, 10), 0x88a8, 20);
            byte[] arp = new byte[46];
            arp[12] = (byte) 0x81;
            arp[16] = 0x08;
            arp[17] = 0x06;
            counter.testRun(v4, 2);
            counter.testRun(v6, 1);
            counter.testRun(arp, 1);
            XdpTrafficCounter.Counts c = counter.counts();
            assertThat(c.ipv4Packets()).isEqualTo(2);
            assertThat(c.ipv4Bytes()).isEqualTo(2L * v4.length);
            assertThat(c.ipv6Packets()).isEqualTo(1);
            assertThat(c.otherPackets()).isEqualTo(1);
        }
    }

    /** The Java model: up to two tags of any of the three TPIDs, then IPv4/IPv6 source lookup; anything short passes. */
    static int model(byte[] f, List<Cidr> blocked) {
        if (f.length < 14) {
            return XdpPrograms.XDP_PASS;
        }
        int off = 12;
        int type = u16(f, off);
        int tags = 0;
        while (type == 0x8100 || type == 0x88a8 || type == 0x9100) {
            if (tags == XdpPrograms.MAX_VLAN_TAGS) {
                return XdpPrograms.XDP_PASS;
            }
            tags++;
            off += 4;
            if (f.length < off + 2) {
                return XdpPrograms.XDP_PASS;
            }
            type = u16(f, off);
        }
        int l3 = off + 2;
        byte[] source;
        if (type == 0x0800 && f.length >= l3 + 20) {
            source = Arrays.copyOfRange(f, l3 + 12, l3 + 16);
        } else if (type == 0x86dd && f.length >= l3 + 40) {
            source = Arrays.copyOfRange(f, l3 + 8, l3 + 24);
        } else {
            return XdpPrograms.XDP_PASS;
        }
        for (Cidr c : blocked) {
            if (c.address().length == source.length && matches(c, source)) {
                return XdpPrograms.XDP_DROP;
            }
        }
        return XdpPrograms.XDP_PASS;
    }

    private static boolean matches(Cidr c, byte[] address) {
        for (int bit = 0; bit < c.prefixLength(); bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((c.address()[bit / 8] & mask) != (address[bit / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] randomFrame(Random r, List<Cidr> blocked) {
        int family = r.nextInt(10);
        byte[] frame;
        if (family < 4) {
            frame = Frames.udp4(literal(source(r, blocked, 4)), "10.0.0.1");
        } else if (family < 8) {
            frame = Frames.udp6(literal(source(r, blocked, 16)), "2001:db9::1");
        } else {
            frame = new byte[42];
            r.nextBytes(frame);
            frame[12] = 0x08;
            frame[13] = 0x06;
        }
        int tags = r.nextInt(10) < 6 ? r.nextInt(3) : 3;
        for (int t = 0; t < tags; t++) {
            frame = Frames.vlan(frame, TPIDS[r.nextInt(TPIDS.length)], r.nextInt(4096));
        }
        if (r.nextInt(5) == 0) {
            frame = Arrays.copyOf(frame, 14 + r.nextInt(frame.length - 13));
        }
        return frame;
    }

    private static byte[] source(Random r, List<Cidr> blocked, int length) {
        byte[] address = new byte[length];
        r.nextBytes(address);
        if (r.nextBoolean()) {
            List<Cidr> family = blocked.stream().filter(c -> c.address().length == length).toList();
            Cidr c = family.get(r.nextInt(family.size()));
            for (int bit = 0; bit < c.prefixLength(); bit++) {
                int mask = 0x80 >>> (bit % 8);
                address[bit / 8] = (byte) ((address[bit / 8] & ~mask) | (c.address()[bit / 8] & mask));
            }
        }
        return address;
    }

    private static String literal(byte[] address) {
        try {
            return java.net.InetAddress.getByAddress(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int u16(byte[] f, int off) {
        return ((f[off] & 0xff) << 8) | (f[off + 1] & 0xff);
    }

    private int verdict(XdpBlocklist blocklist, byte[] frame) {
        return blocklist.testRun(frame, 1).returnCode();
    }

    private static XdpBlocklist.Entry entry(XdpBlocklist blocklist, String prefix) {
        return blocklist.entries().stream().filter(e -> e.prefix().toString().equals(prefix)).findFirst().orElseThrow();
    }

    private static String hex(byte[] f) {
        StringBuilder sb = new StringBuilder();
        for (byte b : f) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
