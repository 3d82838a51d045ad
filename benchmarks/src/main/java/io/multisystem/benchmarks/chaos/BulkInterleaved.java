package io.multisystem.benchmarks.chaos;

import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.proxy.ProxySpec;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bulk-transfer comparison of {@link FaultProxyBenchmark#bulk}, interleaved: each round downloads the same
 * payload directly, through the fault proxy and through the plain relay, one right after the other, so that all
 * three see the same background load. On a shared machine whose load swings by 5x within a minute, JMH's
 * sequential forks (all direct iterations, then all proxy ones) mostly measure the load at the time; the per-round
 * ratio does not. Prints every round and the median ratio.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.multisystem.benchmarks.chaos.BulkInterleaved [bytes]
 * [rounds]} (defaults: 1 GiB, 9 rounds, plus 2 warm-up rounds).
 */
public final class BulkInterleaved {
    private BulkInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = args.length > 0 ? Long.parseLong(args[0]) : 1L << 30;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        try (FaultProxyBenchmark.Server blast = new FaultProxyBenchmark.Server(FaultProxyBenchmark.Server::blast);
             FaultProxyEngine engine = FaultProxyEngine.create(FaultProxyOptions.defaults());
             FaultProxyBenchmark.Relay relay = new FaultProxyBenchmark.Relay(blast.port())) {
            String listen = engine.createProxy(new ProxySpec("blast", "127.0.0.1:0", "127.0.0.1:" + blast.port(),
                    true)).listen();
            int proxyPort = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
            List<Double> proxyRatios = new ArrayList<>();
            List<Double> relayRatios = new ArrayList<>();
            for (int round = -2; round < rounds; round++) {
                long direct = download(blast.port(), bytes);
                long proxied = download(proxyPort, bytes);
                long relayed = download(relay.port(), bytes);
                System.out.printf("%s direct %5d ms  proxy %5d ms (%.2f of direct throughput)  relay %5d ms (%.2f)%n",
                        round < 0 ? "warm-up " : String.format("round %2d", round + 1), direct, proxied,
                        (double) direct / proxied, relayed, (double) direct / relayed);
                if (round >= 0) {
                    proxyRatios.add((double) direct / proxied);
                    relayRatios.add((double) direct / relayed);
                }
            }
            System.out.printf("median throughput ratio to direct over %d rounds: proxy %.2f, relay %.2f%n", rounds,
                    median(proxyRatios), median(relayRatios));
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Downloads {@code bytes} from the blast server at {@code port}; returns the time in ms. */
    private static long download(int port, long bytes) throws IOException {
        long start = System.nanoTime();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setReceiveBufferSize(1 << 20);
            new DataOutputStream(s.getOutputStream()).writeLong(bytes);
            InputStream in = s.getInputStream();
            byte[] buffer = new byte[256 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
            }
            if (total != bytes) {
                throw new IOException("received " + total + " of " + bytes + " bytes");
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
