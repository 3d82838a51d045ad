package io.multisystem.benchmarks.chaos;

import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.proxy.ProxySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fault proxy without toxics on loopback, against a direct connection and a plain blocking relay (thread per
 * direction, 64 KiB buffer) in the same run. Toxiproxy itself is not installable here (no Debian package, npm has
 * only clients), so the direct connection is the anchor and the plain relay the naive-proxy baseline.
 *
 * <ul>
 *   <li>{@code roundTrip}: 1-byte request/response on one connection (SampleTime, so p50 is reported).</li>
 *   <li>{@code bulk}: download {@code bulkBytes} (default 1 GiB) through the path (SingleShotTime).</li>
 *   <li>{@code concurrentConnections}: open 1,000 connections at once, one round trip on each, fail on any error.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class FaultProxyBenchmark {
    @Param({"direct", "proxy", "relay"})
    public String path;

    @Param({"1073741824"})
    public long bulkBytes;

    @Param({"1000"})
    public int connections;

    private FaultProxyEngine engine;
    private Server echo;
    private Server blast;
    private Relay echoRelay;
    private Relay blastRelay;
    private int echoPort;
    private int blastPort;
    private Socket rtt;
    private OutputStream rttOut;
    private InputStream rttIn;

    @Setup(Level.Trial)
    public void start() throws IOException {
        echo = new Server(Server::echo);
        blast = new Server(Server::blast);
        switch (path) {
            case "direct" -> {
                echoPort = echo.port();
                blastPort = blast.port();
            }
            case "proxy" -> {
                engine = FaultProxyEngine.create(FaultProxyOptions.defaults());
                echoPort = port(engine.createProxy(new ProxySpec("echo", "127.0.0.1:0", "127.0.0.1:" + echo.port(),
                        true)).listen());
                blastPort = port(engine.createProxy(new ProxySpec("blast", "127.0.0.1:0", "127.0.0.1:" + blast.port(),
                        true)).listen());
            }
            case "relay" -> {
                echoRelay = new Relay(echo.port());
                blastRelay = new Relay(blast.port());
                echoPort = echoRelay.port();
                blastPort = blastRelay.port();
            }
            default -> throw new IllegalArgumentException(path);
        }
        rtt = new Socket(InetAddress.getLoopbackAddress(), echoPort);
        rtt.setTcpNoDelay(true);
        rttOut = rtt.getOutputStream();
        rttIn = rtt.getInputStream();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        rtt.close();
        if (engine != null) {
            engine.close();
        }
        if (echoRelay != null) {
            echoRelay.close();
            blastRelay.close();
        }
        echo.close();
        blast.close();
    }

    private static int port(String hostPort) {
        return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int roundTrip() throws IOException {
        rttOut.write(1);
        int b = rttIn.read();
        if (b != 1) {
            throw new IOException("echo returned " + b);
        }
        return b;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long bulk() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), blastPort)) {
            s.setReceiveBufferSize(1 << 20);
            new DataOutputStream(s.getOutputStream()).writeLong(bulkBytes);
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[256 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            if (total != bulkBytes) {
                throw new IOException("received " + total + " of " + bulkBytes + " bytes");
            }
            return total;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int concurrentConnections() throws IOException {
        List<Socket> open = new ArrayList<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), echoPort);
                s.setTcpNoDelay(true);
                open.add(s);
            }
            for (Socket s : open) {
                s.getOutputStream().write(7);
            }
            for (Socket s : open) {
                s.setSoTimeout(30_000);
                if (s.getInputStream().read() != 7) {
                    throw new IOException("a connection lost its echo");
                }
            }
            return open.size();
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    /** A thread-per-connection loopback server. */
    static final class Server implements AutoCloseable {
        interface Handler {
            void handle(Socket s) throws IOException;
        }

        private final ServerSocket socket;

        Server(Handler handler) throws IOException {
            socket = new ServerSocket(0, 2048, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket s = socket.accept();
                        Thread t = new Thread(() -> {
                            try (s) {
                                handler.handle(s);
                            } catch (IOException ignored) {
                                // the client went away
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        static void echo(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        }

        static void blast(Socket s) throws IOException {
            s.setSendBufferSize(1 << 20);
            long remaining = new DataInputStream(s.getInputStream()).readLong();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[256 * 1024];
            while (remaining > 0) {
                int n = (int) Math.min(buffer.length, remaining);
                out.write(buffer, 0, n);
                remaining -= n;
            }
            s.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The naive proxy: blocking sockets, one thread per direction, 64 KiB copies. */
    static final class Relay implements AutoCloseable {
        private final Server server;

        Relay(int upstreamPort) throws IOException {
            server = new Server(client -> {
                try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                    Thread up = new Thread(() -> copy(client, upstream));
                    up.setDaemon(true);
                    up.start();
                    copy(upstream, client);
                    try {
                        up.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }

        private static void copy(Socket from, Socket to) {
            byte[] buffer = new byte[64 * 1024];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                }
                to.shutdownOutput();
            } catch (IOException ignored) {
                // one side closed
            }
        }

        int port() {
            return server.port();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
