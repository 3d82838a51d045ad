package io.multisystem.kernel.cli;

import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.testing.CliHarness;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.agent.KernelAgentOptions;
import io.multisystem.kernel.bpf.XdpBlocklist;
import io.multisystem.kernel.grpc.KernelAgentGrpcService;
import io.multisystem.kernel.nativeio.KernelHelper;
import io.multisystem.kernel.testing.VethNamespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** CLI verbs against a real gRPC server on a random port: XDP on a veth in a test namespace, and a PSI watch. */
class KernelCliServerTest {
    private KernelAgent agent;
    private Server server;
    private String target;

    @BeforeEach
    void startServer() throws Exception {
        agent = new KernelAgent(KernelAgentOptions.live().withMaxPrefixes(1024), Clock.systemUTC());
        server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                .addService(new KernelAgentGrpcService(agent, new SimpleMeterRegistry())).build().start();
        target = "127.0.0.1:" + server.getPort();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        agent.close();
    }

    private CliHarness.Result cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--server";
        all[args.length + 1] = target;
        return CliHarness.run(CloudKernelAgentCli::commandLine, all);
    }

    @Test
    void xdpAttachBlockStatsUnblockDetachThroughTheServer() throws Exception {
        assumeTrue(KernelHelper.unavailableReason().isEmpty(), () -> "JNI helper: " + KernelHelper.unavailableReason().get());
        try {
            XdpBlocklist.load(KernelHelper.get(), 4).close();
        } catch (PlatformException e) {
            assumeTrue(!KernelErrors.CAPABILITY_MISSING.equals(e.code()), () -> "skipped: " + e.getMessage());
            throw e;
        }
        try (VethNamespace net = VethNamespace.create()) {
            CliHarness.Result attach = cli("xdp", "attach", net.hostInterface, "--block", net.blockedAddress + "/32");
            assertThat(attach.exitCode()).as(attach.err()).isZero();
            assertThat(attach.out()).contains("attached to " + net.hostInterface);
            CliHarness.Result again = cli("xdp", "attach", net.hostInterface);
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("already attached");

            CliHarness.Result block = cli("xdp", "block", net.hostInterface, "198.51.100.0/24", "2001:db8::/32");
            assertThat(block.out()).contains("added 2, now 3 prefixes");
            CliHarness.Result hostBits = cli("xdp", "block", net.hostInterface, "10.0.0.1/8");
            assertThat(hostBits.exitCode()).isEqualTo(2);
            assertThat(hostBits.err()).contains("did you mean 10.0.0.0/8");

            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(net.hostAddress), 0))) {
                udp.setSoTimeout(300);
                KernelHelper h = KernelHelper.get();
                h.udpSendFromNamespace(net.namespacePath, net.blockedAddress, net.hostAddress, udp.getLocalPort(), "x".getBytes(StandardCharsets.US_ASCII));
                h.udpSendFromNamespace(net.namespacePath, net.allowedAddress, net.hostAddress, udp.getLocalPort(), "ok".getBytes(StandardCharsets.US_ASCII));
                DatagramPacket p = new DatagramPacket(new byte[16], 16);
                udp.receive(p);
                assertThat(new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII)).isEqualTo("ok");
                p = new DatagramPacket(new byte[16], 16);
                try {
                    udp.receive(p);
                    throw new AssertionError("a datagram from the blocked address arrived");
                } catch (SocketTimeoutException expected) {
                    // dropped by XDP
                }
            }

            CliHarness.Result stats = cli("xdp", "stats", net.hostInterface, "--output", "json");
            assertThat(stats.exitCode()).as(stats.err()).isZero();
            assertThat(stats.out()).contains("\"prefix\": \"" + net.blockedAddress + "/32\",\n    \"packets\": \"1\"")
                    .contains("\"droppedPackets\": \"1\"");

            assertThat(cli("xdp", "unblock", net.hostInterface, "198.51.100.0/24").out()).contains("removed 1, now 2 prefixes");
            CliHarness.Result detach = cli("xdp", "detach", net.hostInterface);
            assertThat(detach.exitCode()).isZero();
            CliHarness.Result gone = cli("xdp", "stats", net.hostInterface);
            assertThat(gone.exitCode()).isEqualTo(2);
            assertThat(gone.err()).contains("no blocklist is attached");
        }
    }

    @Test
    void psiWatchStreamsAKernelEventUnderCpuContention() throws Exception {
        assumeTrue(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/pressure/cpu")), "PSI not available");
        assumeTrue(KernelHelper.unavailableReason().isEmpty(), () -> "JNI helper: " + KernelHelper.unavailableReason().get());
        AtomicBoolean spin = new AtomicBoolean(true);
        List<Thread> burners = new java.util.ArrayList<>();
        for (int i = 0; i < Runtime.getRuntime().availableProcessors() + 1; i++) {
            Thread t = new Thread(() -> {
                while (spin.get()) {
                    Thread.onSpinWait();
                }
            });
            t.setDaemon(true);
            t.start();
            burners.add(t);
        }
        try {
            CliHarness.Result r = cli("psi", "watch", "--resource", "cpu", "--stall", "10ms", "--window", "2s", "--count", "1",
                    "--timeout", "15s", "--output", "json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"target\":\"system\"").contains("\"sequence\":\"1\"");
        } finally {
            spin.set(false);
            for (Thread t : burners) {
                t.join(2000);
            }
        }
    }
}
