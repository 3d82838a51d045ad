package io.multisystem.chaos.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A blocking TCP server on 127.0.0.1 with a thread per connection, for data-path tests. */
public final class LoopbackServer implements AutoCloseable {
    /** What the server does with one accepted connection. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket socket) throws IOException;
    }

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private LoopbackServer(Behaviour behaviour) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> acceptLoop(behaviour), "loopback-server-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Echoes every byte back until the client closes. */
    public static LoopbackServer echo() {
        return new LoopbackServer(socket -> {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                out.write(buffer, 0, read);
            }
        });
    }

    /** Waits for one byte from the client, then sends {@code bytes} bytes in one write and closes. */
    public static LoopbackServer blast(int bytes) {
        byte[] payload = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            payload[i] = (byte) i;
        }
        return new LoopbackServer(socket -> {
            if (socket.getInputStream().read() < 0) {
                return;
            }
            socket.getOutputStream().write(payload);
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        });
    }

    /** Reads and discards everything. */
    public static LoopbackServer sink() {
        return new LoopbackServer(socket -> socket.getInputStream().transferTo(OutputStream.nullOutputStream()));
    }

    public static LoopbackServer of(Behaviour behaviour) {
        return new LoopbackServer(behaviour);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    private void acceptLoop(Behaviour behaviour) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(socket);
            Thread worker = new Thread(() -> {
                try (socket) {
                    socket.setTcpNoDelay(true);
                    behaviour.serve(socket);
                } catch (IOException ignored) {
                    // the test decides what a broken connection means
                } finally {
                    sockets.remove(socket);
                }
            }, "loopback-conn");
            worker.setDaemon(true);
            worker.start();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
