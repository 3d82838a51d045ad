package io.multisystem.kernel.bpf;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.nativeio.KernelHelper;
import io.multisystem.kernel.testing.VethNamespace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real XDP: the blocklist attached to a veth whose peer lives in a test namespace, with real UDP and TCP traffic. */
class XdpBlocklistLiveTest {
    private static final int ETIMEDOUT = 110;
    private KernelHelper helper;

    @BeforeEach
    void needsHelperAndBpf() {
        assumeTrue(KernelHelper.unavailableReason().isEmpty(), () -> "JNI helper: " + KernelHelper.unavailableReason().get());
        helper = KernelHelper.get();
        try {
            XdpBlocklist.load(helper, 16).close();
        } catch (PlatformException e) {
            assumeTrue(!KernelErrors.CAPABILITY_MISSING.equals(e.code()), () -> "skipped: " + e.getMessage());
            throw e;
        }
    }

    @Test
    void dropsUdpAndTcpFromBlockedPrefixesAndPassesTheRest() throws Exception {
        try (VethNamespace net = VethNamespace.create();
             XdpBlocklist blocklist = XdpBlocklist.load(helper, 1024)) {
            blocklist.block(Cidr.parse(net.blockedAddress + "/32"));
            blocklist.block(Cidr.parse(net.blockedAddress6 + "/128"));
            blocklist.block(Cidr.parse("192.0.2.0/24"));
            XdpBlocklist.Attachment attachment = blocklist.attach(net.hostInterface, XdpBlocklist.Mode.AUTO);
            assertThat(attachment.method()).isIn("bpf_link", "netlink");

            List<String> received = new ArrayList<>();
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(net.hostAddress), 0));
                 DatagramSocket udp6 = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(net.hostAddress6), 0))) {
                udp.setSoTimeout(300);
                udp6.setSoTimeout(300);
                send(net, net.allowedAddress, net.hostAddress, udp.getLocalPort(), "allowed-v4");
                send(net, net.blockedAddress, net.hostAddress, udp.getLocalPort(), "blocked-v4");
                send(net, net.allowedAddress6, net.hostAddress6, udp6.getLocalPort(), "allowed-v6");
                send(net, net.blockedAddress6, net.hostAddress6, udp6.getLocalPort(), "blocked-v6");
                drain(udp, received);
                drain(udp6, received);
            }
            assertThat(received).containsExactlyInAnyOrder("allowed-v4", "allowed-v6");

            try (ServerSocket tcp = new ServerSocket(0, 10, InetAddress.getByName(net.hostAddress))) {
                int ok = helper.tcpConnectFromNamespace(net.namespacePath, net.allowedAddress, net.hostAddress,
                        tcp.getLocalPort(), "hello".getBytes(StandardCharsets.US_ASCII), 2000);
                int blocked = helper.tcpConnectFromNamespace(net.namespacePath, net.blockedAddress, net.hostAddress,
                        tcp.getLocalPort(), new byte[0], 400);
                assertThat(ok).as("allowed TCP connect errno").isZero();
                assertThat(blocked).as("blocked TCP connect errno").isEqualTo(ETIMEDOUT);
                try (Socket accepted = tcp.accept()) {
                    assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo(net.allowedAddress);
                }
            }

            XdpBlocklist.Entry v4 = entry(blocklist, net.blockedAddress + "/32");
            assertThat(v4.packets()).as("UDP + TCP SYN retries from the blocked v4 address").isGreaterThanOrEqualTo(2);
            assertThat(v4.bytes()).isGreaterThanOrEqualTo(v4.packets() * 42);
            assertThat(entry(blocklist, Cidr.parse(net.blockedAddress6 + "/128").toString()).packets()).isEqualTo(1);
            assertThat(entry(blocklist, "192.0.2.0/24").packets()).isZero();
            XdpBlocklist.Totals totals = blocklist.totals();
            assertThat(totals.droppedPackets()).isEqualTo(v4.packets() + 1);
            assertThat(totals.passedPackets()).isGreaterThanOrEqualTo(4);

            blocklist.unblock(Cidr.parse(net.blockedAddress + "/32"));
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(net.hostAddress), 0))) {
                udp.setSoTimeout(1000);
                send(net, net.blockedAddress, net.hostAddress, udp.getLocalPort(), "after-unblock");
                List<String> after = new ArrayList<>();
                drain(udp, after);
                assertThat(after).containsExactly("after-unblock");
            }
            blocklist.detach();
            assertThat(blocklist.attachment()).isEmpty();
        }
    }

    @Test
    void anInvalidProgramComesBackWithTheVerifierLog() {
        assertThatThrownBy(() -> helper.progLoad(XdpBlocklist.BPF_PROG_TYPE_XDP, XdpPrograms.invalidForVerifier(), "GPL", "bad"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("verifier")
                .satisfies(e -> assertThat(((PlatformException) e).details().get("verifierLog")).contains("R0 !read_ok"));
    }

    @Test
    void attachingToAMissingInterfaceIsNotFoundAndLeavesTheBlocklistDetached() {
        try (XdpBlocklist blocklist = XdpBlocklist.load(helper, 16)) {
            assertThatThrownBy(() -> blocklist.attach("nosuchif0", XdpBlocklist.Mode.AUTO))
                    .hasMessageContaining("no network interface named 'nosuchif0'");
            assertThatThrownBy(() -> blocklist.attach("bad/name", XdpBlocklist.Mode.AUTO))
                    .isInstanceOf(InvalidInputException.class);
            assertThat(blocklist.attachment()).isEmpty();
        }
    }

    @Test
    void testRunDropsBlockedFramesAndPassesOthersWithoutAnInterface() {
        try (XdpBlocklist blocklist = XdpBlocklist.load(helper, 64)) {
            blocklist.block(Cidr.parse("198.51.100.0/24"));
            assertThat(blocklist.testRun(Frames.udp4("198.51.100.7", "10.0.0.1"), 1).returnCode()).isEqualTo(XdpPrograms.XDP_DROP);
            assertThat(blocklist.testRun(Frames.udp4("198.51.101.7", "10.0.0.1"), 1).returnCode()).isEqualTo(XdpPrograms.XDP_PASS);
            blocklist.block(Cidr.parse("2001:db8::/32"));
            assertThat(blocklist.testRun(Frames.udp6("2001:db8::42", "2001:db9::1"), 1).returnCode()).isEqualTo(XdpPrograms.XDP_DROP);
            assertThat(blocklist.testRun(Frames.udp6("2001:db9::42", "2001:db8::1"), 1).returnCode()).isEqualTo(XdpPrograms.XDP_PASS);
            assertThat(blocklist.entries()).extracting(e -> e.prefix().toString() + "=" + e.packets())
                    .containsExactlyInAnyOrder("198.51.100.0/24=1", Cidr.parse("2001:db8::/32") + "=1");
        }
    }

    @Test
    void trafficCounterCountsPacketsAndBytesPerFamilyAndAlwaysPasses() {
        try (XdpTrafficCounter counter = XdpTrafficCounter.load(helper)) {
            byte[] v4 = Frames.udp4("192.0.2.1", "192.0.2.2");
            byte[] v6 = Frames.udp6("2001:db8::1", "2001:db8::2");
            byte[] arp = new byte[42];
            arp[12] = 0x08;
            arp[13] = 0x06;
            assertThat(counter.testRun(v4, 3).returnCode()).isEqualTo(XdpPrograms.XDP_PASS);
            assertThat(counter.testRun(v6, 2).returnCode()).isEqualTo(XdpPrograms.XDP_PASS);
            assertThat(counter.testRun(arp, 1).returnCode()).isEqualTo(XdpPrograms.XDP_PASS);

            XdpTrafficCounter.Counts c = counter.counts();
            assertThat(c.ipv4Packets()).isEqualTo(3);
            assertThat(c.ipv4Bytes()).isEqualTo(3L * v4.length);
            assertThat(c.ipv6Packets()).isEqualTo(2);
            assertThat(c.ipv6Bytes()).isEqualTo(2L * v6.length);
            assertThat(c.otherPackets()).isEqualTo(1);
        }
    }

    private static XdpBlocklist.Entry entry(XdpBlocklist blocklist, String prefix) {
        return blocklist.entries().stream().filter(e -> e.prefix().toString().equals(prefix)).findFirst().orElseThrow();
    }

    private void send(VethNamespace net, String src, String dst, int port, String text) {
        int rc = helper.udpSendFromNamespace(net.namespacePath, src, dst, port, text.getBytes(StandardCharsets.US_ASCII));
        assertThat(rc).as("send errno from " + src).isZero();
    }

    private static void drain(DatagramSocket socket, List<String> into) throws Exception {
        byte[] buf = new byte[512];
        while (true) {
            DatagramPacket packet = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                return;
            }
            into.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII));
        }
    }
}
