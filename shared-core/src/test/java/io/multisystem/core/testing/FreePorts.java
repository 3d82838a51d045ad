package io.multisystem.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback for tests that must name a port up front (clusters, peers). Prefer port 0 otherwise. */
public final class FreePorts {
    private FreePorts() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    /** {@code count} distinct free ports. */
    public static int[] next(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            int candidate;
            do {
                candidate = next();
            } while (contains(ports, i, candidate));
            ports[i] = candidate;
        }
        return ports;
    }

    private static boolean contains(int[] ports, int length, int port) {
        for (int i = 0; i < length; i++) {
            if (ports[i] == port) {
                return true;
            }
        }
        return false;
    }
}
