package io.multisystem.chaos.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * One client connection and its upstream connection, relayed by two {@link Link}s. Lifecycle: the upstream is
 * dialled without blocking; once connected both sockets are read; the connection closes when both directions have
 * ended (half-close is relayed as FIN), when a toxic terminates it, when either socket fails, or when the proxy
 * stops. Every method runs on the connection's I/O thread, except {@link #isClosed()}.
 */
final class ProxyConnection {
    private static final Logger LOG = Logger.getLogger(ProxyConnection.class.getName());

    private final ProxyInstance proxy;
    private final EventLoop loop;
    private final SocketChannel client;
    private final InetAddress clientAddress;
    private final Link upstreamLink;
    private final Link downstreamLink;
    private SocketChannel upstream;
    private SelectionKey clientKey;
    private SelectionKey upstreamKey;
    private boolean connected;
    private volatile boolean closed;

    ProxyConnection(ProxyInstance proxy, EventLoop loop, SocketChannel client, InetAddress clientAddress,
                    RandomGenerator random) {
        this.proxy = proxy;
        this.loop = loop;
        this.client = client;
        this.clientAddress = clientAddress;
        this.upstreamLink = new Link(this, StreamDirection.UPSTREAM, random);
        this.downstreamLink = new Link(this, StreamDirection.DOWNSTREAM, random);
    }

    ProxyInstance proxy() {
        return proxy;
    }

    EventLoop loop() {
        return loop;
    }

    InetAddress clientAddress() {
        return clientAddress;
    }

    boolean isClosed() {
        return closed;
    }

    /** Registers the client and dials the upstream. A failed dial closes the client, as Toxiproxy does. */
    void start(InetSocketAddress upstreamAddress) {
        if (closed) {
            return;
        }
        try {
            clientKey = client.register(loop.selector(), 0, (EventLoop.ReadyHandler) key -> onReady(key, client));
            upstream = SocketChannel.open();
            upstream.configureBlocking(false);
            // both sockets use TCP_NODELAY: the proxy writes whole buffers or what a toxic released when due, so
            // Nagle could only hold back small due writes (a latency toxic's responses); send and receive buffers
            // are left to the kernel's autotuning (fixed sizes measured no better and disable it)
            upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            upstreamKey = upstream.register(loop.selector(), 0, (EventLoop.ReadyHandler) key -> onReady(key, upstream));
            if (upstreamAddress.isUnresolved()) {
                throw new IOException("cannot resolve upstream " + upstreamAddress.getHostString());
            }
            if (upstream.connect(upstreamAddress)) {
                onConnected();
            } else {
                upstreamKey.interestOps(SelectionKey.OP_CONNECT);
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, () -> "proxy " + proxy.name() + ": cannot reach upstream " + upstreamAddress + ": " + e);
            terminate(false);
        }
    }

    private void onConnected() throws IOException {
        connected = true;
        upstreamLink.attach(client, upstream);
        downstreamLink.attach(upstream, client);
        reconcile(proxy.toxicRuntimes());
        updateInterest();
    }

    /** Applies the proxy's current toxics to both directions. */
    void reconcile(List<ToxicRuntime> toxics) {
        if (closed || !connected) {
            return;
        }
        upstreamLink.reconcile(toxics);
        if (!closed) {
            downstreamLink.reconcile(toxics);
        }
        flushLink(upstreamLink);
        flushLink(downstreamLink);
    }

    private void onReady(SelectionKey key, SocketChannel channel) {
        try {
            if (key.isConnectable()) {
                upstream.finishConnect();
                onConnected();
                return;
            }
            if (key.isWritable()) {
                (channel == client ? downstreamLink : upstreamLink).onWritable();
            }
            if (!closed && key.isValid() && key.isReadable()) {
                (channel == client ? upstreamLink : downstreamLink).onReadable();
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, () -> "proxy " + proxy.name() + ": connection failed: " + e);
            terminate(false);
        }
    }

    /** Delivers what a link has due; a write failure closes the connection. */
    void flushLink(Link link) {
        if (closed) {
            return;
        }
        try {
            link.flush();
        } catch (IOException e) {
            LOG.log(Level.FINE, () -> "proxy " + proxy.name() + ": write failed: " + e);
            terminate(false);
        }
    }

    void updateInterest() {
        if (closed || !connected) {
            return;
        }
        setInterest(clientKey, upstreamLink.wantsRead(), downstreamLink.wantsWrite());
        setInterest(upstreamKey, downstreamLink.wantsRead(), upstreamLink.wantsWrite());
    }

    private static void setInterest(SelectionKey key, boolean read, boolean write) {
        int ops = (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    void onLinkFinished() {
        if (upstreamLink.finished() && downstreamLink.finished()) {
            terminate(false);
        }
    }

    /**
     * Closes both sockets now. With {@code reset}, SO_LINGER is set to 0 first so that the peers receive a TCP RST
     * instead of a FIN. Idempotent.
     */
    void terminate(boolean reset) {
        if (closed) {
            return;
        }
        closed = true;
        upstreamLink.stopStages();
        downstreamLink.stopStages();
        close(client, reset);
        close(upstream, reset);
        proxy.connectionClosed(this);
    }

    private static void close(SocketChannel channel, boolean reset) {
        if (channel == null) {
            return;
        }
        try {
            if (reset && channel.isOpen()) {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (ClosedChannelException ignored) {
            // already closed
        } catch (IOException e) {
            LOG.log(Level.FINE, "cannot set SO_LINGER 0", e);
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
