package io.multisystem.chaos.proxy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the proxy costs without toxics on loopback, measured against the same servers reached directly in the same
 * run: round-trip time of 1-byte request/response and bulk download throughput. Prints the figures; asserts only
 * generous sanity bounds, since the machine is shared.
 */
class ProxyOverheadTest {
    private static final int ROUND_TRIPS = 2000;
    private static final int DOWNLOAD_BYTES = 64 * 1024 * 1024;
    private static FaultProxyEngine engine;
    private static LoopbackServer echo;
    private static LoopbackServer blast;

    @BeforeAll
    static void start() {
        engine = FaultProxyEngine.create(FaultProxyOptions.defaults().withIoThreads(1));
        echo = LoopbackServer.echo();
        blast = LoopbackServer.blast(DOWNLOAD_BYTES);
    }

    @AfterAll
    static void stop() throws IOException {
        engine.close();
        echo.close();
        blast.close();
    }

    private static int proxyPort(String name, String upstream) {
        String listen = engine.createProxy(new ProxySpec(name, "127.0.0.1:0", upstream, true)).listen();
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    private static double medianRoundTripMicros(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            long[] times = new long[ROUND_TRIPS];
            for (int i = 0; i < ROUND_TRIPS; i++) {
                long start = System.nanoTime();
                out.write(i);
                in.read();
                times[i] = System.nanoTime() - start;
            }
            Arrays.sort(times);
            return times[ROUND_TRIPS / 2] / 1000.0;
        }
    }

    private static double downloadMegabytesPerSecond(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            long start = System.nanoTime();
            socket.getOutputStream().write(1);
            long total = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
            assertThat(total).isEqualTo(DOWNLOAD_BYTES);
            return total / (1024.0 * 1024.0) / ((System.nanoTime() - start) / 1e9);
        }
    }

    @Test
    void passThroughAddsLittleLatencyAndKeepsThroughput() throws IOException {
        int echoProxy = proxyPort("echo", echo.address());
        int blastProxy = proxyPort("blast", blast.address());
        medianRoundTripMicros(echo.port());
        medianRoundTripMicros(echoProxy);

        double directRtt = medianRoundTripMicros(echo.port());
        double proxiedRtt = medianRoundTripMicros(echoProxy);
        double directRate = downloadMegabytesPerSecond(blast.port());
        double proxiedRate = downloadMegabytesPerSecond(blastProxy);

        System.out.printf("[measure] round trip 1 byte: direct %.0f µs, via proxy %.0f µs (overhead %.0f µs)%n",
                directRtt, proxiedRtt, proxiedRtt - directRtt);
        System.out.printf("[measure] download 64 MiB: direct %.0f MiB/s, via proxy %.0f MiB/s (ratio %.2f)%n",
                directRate, proxiedRate, proxiedRate / directRate);
        assertThat(proxiedRtt - directRtt).isLessThan(5_000.0);
        assertThat(proxiedRate).isGreaterThan(20.0);
    }
}
