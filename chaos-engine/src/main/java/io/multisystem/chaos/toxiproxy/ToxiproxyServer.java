package io.multisystem.chaos.toxiproxy;

import com.sun.net.httpserver.HttpServer;
import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.proxy.ProxyErrors;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.Severity;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running Toxiproxy-compatible server: the HTTP API on one address plus the {@link FaultProxyEngine} it controls.
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.builder().apiPort(0).start()) {
 *     new ToxiproxyClient("127.0.0.1", server.apiPort()).createProxy("db", "127.0.0.1:0", "127.0.0.1:5432");
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} is graceful and idempotent: it stops answering the API, removes every toxic,
 * closes every proxy listener and connection, and stops the I/O threads.
 */
public final class ToxiproxyServer implements AutoCloseable {
    /** Toxiproxy's default API port. */
    public static final int DEFAULT_API_PORT = 8474;

    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final FaultProxyEngine engine;
    private final boolean ownsEngine;
    private boolean closed;

    private ToxiproxyServer(HttpServer http, ExecutorService httpThreads, FaultProxyEngine engine, boolean ownsEngine) {
        this.http = http;
        this.httpThreads = httpThreads;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The engine behind the API: the registry of proxies, for in-process callers. */
    public FaultProxyEngine proxies() {
        return engine;
    }

    /** The address the API listens on, with the actually bound port. */
    public InetSocketAddress apiAddress() {
        return http.getAddress();
    }

    public int apiPort() {
        return http.getAddress().getPort();
    }

    /** The API's base URL, e.g. {@code http://127.0.0.1:8474}. */
    public String apiUrl() {
        String host = http.getAddress().getAddress().getHostAddress();
        return "http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + apiPort();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop(0);
        httpThreads.shutdown();
        try {
            httpThreads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsEngine) {
            engine.close();
        }
    }

    /** Configures and starts a {@link ToxiproxyServer}. Not thread-safe; use once. */
    public static final class Builder {
        private String apiHost = "127.0.0.1";
        private int apiPort = DEFAULT_API_PORT;
        private FaultProxyOptions options = FaultProxyOptions.defaults();
        private FaultProxyEngine engine;
        private int apiThreads = 2;

        private Builder() {
        }

        /** The API's bind address; default {@code 127.0.0.1}. */
        public Builder apiHost(String host) {
            this.apiHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * The API's port; default 8474, 0 picks a free one.
         *
         * @throws IllegalArgumentException outside 0..65535
         */
        public Builder apiPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("apiPort must be 0..65535, was " + port);
            }
            this.apiPort = port;
            return this;
        }

        /** Options of the engine the server creates (ignored when {@link #engine} is given). */
        public Builder engineOptions(FaultProxyOptions engineOptions) {
            this.options = Objects.requireNonNull(engineOptions, "engineOptions");
            return this;
        }

        /** Serves an existing engine instead of creating one; the server then does not close it. */
        public Builder engine(FaultProxyEngine existing) {
            this.engine = Objects.requireNonNull(existing, "engine");
            return this;
        }

        /**
         * Threads answering API requests; default 2.
         *
         * @throws IllegalArgumentException if below 1
         */
        public Builder apiThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("apiThreads must be >= 1, was " + threads);
            }
            this.apiThreads = threads;
            return this;
        }

        /**
         * Binds the API and starts serving.
         *
         * @throws FailedPreconditionException {@code LISTEN_FAILED} if the API address cannot be bound
         */
        public ToxiproxyServer start() {
            HttpServer http;
            String address = apiHost + ":" + apiPort;
            try {
                http = HttpServer.create(new InetSocketAddress(apiHost, apiPort), 64);
            } catch (IOException e) {
                String reason = String.valueOf(e.getMessage());
                throw new FailedPreconditionException(ProxyErrors.COMPONENT, ProxyErrors.LISTEN_FAILED,
                        Severity.OPERATIONAL, "the Toxiproxy API cannot listen on " + address + ": " + reason
                        + "; choose a free port (or 0)", Map.of("listen", address, "reason", reason), e);
            }
            AtomicInteger counter = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(apiThreads, task -> {
                Thread thread = new Thread(task, "toxiproxy-api-" + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            boolean owns = engine == null;
            FaultProxyEngine served = owns ? FaultProxyEngine.create(options) : engine;
            http.createContext("/", new ToxiproxyHttpApi(served));
            http.setExecutor(threads);
            http.start();
            return new ToxiproxyServer(http, threads, served, owns);
        }
    }
}
