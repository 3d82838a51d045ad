package io.multisystem.chaos.proxy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One named proxy: its listener, its connections and its toxics. Configuration changes are made under the engine's
 * lock ({@link NioFaultProxyEngine}); the I/O threads read the published toxic list and the upstream through volatile
 * fields. Starting binds on the caller's thread so bind errors reach the caller; stopping waits until the listener is
 * closed and every connection is closed, so a refused connect right after {@link #stop()} is guaranteed.
 */
final class ProxyInstance {
    private static final Logger LOG = Logger.getLogger(ProxyInstance.class.getName());

    private final String name;
    private final EventLoop acceptLoop;
    private final Supplier<EventLoop> connectionLoops;
    private final Supplier<Random> randoms;
    private final Set<ProxyConnection> connections = ConcurrentHashMap.newKeySet();
    private final LongAdder[] received = {new LongAdder(), new LongAdder()};
    private final LongAdder[] sent = {new LongAdder(), new LongAdder()};

    private volatile String listen;
    private volatile String upstream;
    private volatile HostPort upstreamAddress;
    private volatile List<ToxicRuntime> toxics = List.of();
    private boolean enabled;
    private ServerSocketChannel server;

    ProxyInstance(String name, String listen, String upstream, EventLoop acceptLoop,
                  Supplier<EventLoop> connectionLoops, Supplier<Random> randoms) {
        this.name = name;
        this.listen = listen;
        this.acceptLoop = acceptLoop;
        this.connectionLoops = connectionLoops;
        this.randoms = randoms;
        setUpstream(upstream);
    }

    String name() {
        return name;
    }

    String listen() {
        return listen;
    }

    String upstream() {
        return upstream;
    }

    boolean enabled() {
        return enabled;
    }

    List<ToxicRuntime> toxicRuntimes() {
        return toxics;
    }

    int activeConnections() {
        return connections.size();
    }

    void setListen(String newListen) {
        this.listen = newListen;
    }

    void setUpstream(String newUpstream) {
        this.upstreamAddress = HostPort.parse("upstream", newUpstream, 1);
        this.upstream = newUpstream;
    }

    /** Publishes a new toxic list and applies it to every open connection. */
    void setToxics(List<ToxicRuntime> newToxics) {
        this.toxics = List.copyOf(newToxics);
        List<ToxicRuntime> published = this.toxics;
        for (ProxyConnection connection : connections) {
            connection.loop().execute(() -> connection.reconcile(published));
        }
    }

    ProxyView view() {
        List<Toxic> list = new ArrayList<>();
        for (StreamDirection direction : StreamDirection.values()) {
            for (ToxicRuntime runtime : toxics) {
                if (runtime.toxic().stream() == direction) {
                    list.add(runtime.toxic());
                }
            }
        }
        return new ProxyView(name, listen, upstream, enabled, list);
    }

    /**
     * Binds the listen address and starts accepting; no-op if already started. Port 0 binds a free port, and
     * {@link #listen()} then reports the bound one.
     *
     * @throws io.multisystem.core.error.FailedPreconditionException {@code LISTEN_FAILED}
     */
    void start() {
        if (enabled) {
            return;
        }
        HostPort address = HostPort.parse("listen", listen, 0);
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address.toBindAddress(), 1024);
            channel.configureBlocking(false);
            ServerSocketChannel bound = channel;
            acceptLoop.runAndWait(() -> register(bound));
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw ProxyErrors.listenFailed(listen, describe(e), e);
        }
        this.server = channel;
        try {
            this.listen = HostPort.format((InetSocketAddress) channel.getLocalAddress());
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot read the bound address", e);
        }
        this.enabled = true;
    }

    private void register(ServerSocketChannel channel) {
        try {
            channel.register(acceptLoop.selector(), SelectionKey.OP_ACCEPT,
                    (EventLoop.ReadyHandler) key -> acceptAll(channel));
        } catch (IOException e) {
            throw new IllegalStateException("cannot register the listener: " + e.getMessage(), e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof BindException) {
            return "bind: " + message.toLowerCase(Locale.ROOT);
        }
        return message;
    }

    private void acceptAll(ServerSocketChannel channel) {
        for (int i = 0; i < 64; i++) {
            SocketChannel accepted;
            try {
                accepted = channel.accept();
            } catch (IOException e) {
                LOG.log(Level.FINE, () -> "proxy " + name + ": accept failed: " + e);
                return;
            }
            if (accepted == null) {
                return;
            }
            adopt(accepted);
        }
    }

    private void adopt(SocketChannel accepted) {
        try {
            accepted.configureBlocking(false);
            accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = (InetSocketAddress) accepted.getRemoteAddress();
            EventLoop loop = connectionLoops.get();
            ProxyConnection connection = new ProxyConnection(this, loop, accepted, remote.getAddress(), randoms.get());
            connections.add(connection);
            HostPort target = upstreamAddress;
            loop.execute(() -> connection.start(new InetSocketAddress(target.host(), target.port())));
        } catch (IOException e) {
            LOG.log(Level.FINE, () -> "proxy " + name + ": cannot set up an accepted connection: " + e);
            closeQuietly(accepted);
        }
    }

    /** Closes the listener and every connection, and waits until they are closed. No-op if not started. */
    void stop() {
        if (!enabled) {
            return;
        }
        enabled = false;
        ServerSocketChannel channel = server;
        server = null;
        acceptLoop.runAndWait(() -> {
            closeQuietly(channel);
            acceptLoop.flushCancelledKeys();
        });
        for (ProxyConnection connection : List.copyOf(connections)) {
            connection.loop().runAndWait(() -> {
                connection.terminate(false);
                connection.loop().flushCancelledKeys();
            });
        }
    }

    void connectionClosed(ProxyConnection connection) {
        connections.remove(connection);
    }

    void countReceived(StreamDirection direction, long bytes) {
        received[direction.ordinal()].add(bytes);
    }

    void countSent(StreamDirection direction, long bytes) {
        sent[direction.ordinal()].add(bytes);
    }

    ProxyTraffic traffic(StreamDirection direction) {
        return new ProxyTraffic(name, listen, upstream, direction, received[direction.ordinal()].sum(),
                sent[direction.ordinal()].sum(), connections.size());
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
