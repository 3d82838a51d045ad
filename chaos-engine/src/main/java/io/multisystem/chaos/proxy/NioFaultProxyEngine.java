package io.multisystem.chaos.proxy;

import io.multisystem.core.error.PlatformException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link FaultProxyEngine} on JDK NIO: a fixed set of {@link EventLoop}s shared by every proxy (listeners on the
 * first, connections spread round-robin), one lock serialising configuration changes, and a single timer thread that
 * removes expired toxics. Configuration reads take the same lock; they are cheap.
 */
final class NioFaultProxyEngine implements FaultProxyEngine {
    private static final String DEFAULT_LISTEN = "127.0.0.1:0";

    private final FaultProxyOptions options;
    private final EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();
    private final Random seeds;
    private final ScheduledExecutorService expiries;
    private final Map<String, ProxyInstance> proxies = new TreeMap<>();
    private boolean closed;

    NioFaultProxyEngine(FaultProxyOptions options) {
        this.options = options;
        this.seeds = new Random(options.randomSeed());
        this.loops = new EventLoop[options.ioThreads()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new EventLoop("chaos-proxy-io-" + i);
        }
        this.expiries = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "chaos-toxic-expiry");
            thread.setDaemon(true);
            return thread;
        });
    }

    private EventLoop nextLoop() {
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    private Random nextRandom() {
        synchronized (seeds) {
            return new Random(seeds.nextLong());
        }
    }

    private ProxyInstance newInstance(String name, String listen, String upstream) {
        return new ProxyInstance(name, listen, upstream, loops[0], this::nextLoop, this::nextRandom);
    }

    @Override
    public synchronized ProxyView createProxy(ProxySpec spec) {
        ensureOpen();
        ProxySpec valid = validate(spec);
        if (proxies.containsKey(valid.name())) {
            throw ProxyErrors.proxyAlreadyExists(valid.name());
        }
        ProxyInstance proxy = newInstance(valid.name(), valid.listen(), valid.upstream());
        if (valid.enabled()) {
            proxy.start();
        }
        proxies.put(proxy.name(), proxy);
        return proxy.view();
    }

    private static ProxySpec validate(ProxySpec spec) {
        if (spec.name() == null || spec.name().isEmpty()) {
            throw ProxyErrors.missingField("name");
        }
        if (spec.upstream() == null || spec.upstream().isEmpty()) {
            throw ProxyErrors.missingField("upstream");
        }
        String listen = spec.listen() == null || spec.listen().isBlank() ? DEFAULT_LISTEN : spec.listen();
        HostPort.parse("listen", listen, 0);
        HostPort.parse("upstream", spec.upstream(), 1);
        return new ProxySpec(spec.name(), listen, spec.upstream(), spec.enabled());
    }

    @Override
    public synchronized List<ProxyView> populate(List<ProxySpec> specs) {
        ensureOpen();
        List<ProxySpec> valid = new ArrayList<>();
        for (ProxySpec spec : specs) {
            valid.add(validate(spec));
        }
        List<ProxyView> applied = new ArrayList<>();
        for (ProxySpec spec : valid) {
            try {
                applied.add(createOrReplace(spec));
            } catch (PlatformException e) {
                throw new PopulateException(e, applied);
            }
        }
        return applied;
    }

    private ProxyView createOrReplace(ProxySpec spec) {
        ProxyInstance existing = proxies.get(spec.name());
        if (existing != null) {
            if (sameAddress(existing.listen(), spec.listen()) && existing.upstream().equals(spec.upstream())) {
                if (spec.enabled()) {
                    existing.start();
                } else {
                    existing.stop();
                }
                return existing.view();
            }
            existing.stop();
            removeToxics(existing);
            proxies.remove(spec.name());
        }
        ProxyInstance proxy = newInstance(spec.name(), spec.listen(), spec.upstream());
        if (spec.enabled()) {
            proxy.start();
        }
        proxies.put(proxy.name(), proxy);
        return proxy.view();
    }

    /** Whether a bound address ({@code 127.0.0.1:41234}) satisfies a requested one ({@code 127.0.0.1:0}). */
    private static boolean sameAddress(String bound, String requested) {
        if (bound.equals(requested)) {
            return true;
        }
        HostPort have = HostPort.parse("listen", bound, 0);
        HostPort want = HostPort.parse("listen", requested, 0);
        return want.port() == 0 && have.host().equals(want.host());
    }

    @Override
    public synchronized List<ProxyView> listProxies() {
        ensureOpen();
        List<ProxyView> views = new ArrayList<>();
        for (ProxyInstance proxy : proxies.values()) {
            views.add(proxy.view());
        }
        return views;
    }

    @Override
    public synchronized Optional<ProxyView> findProxy(String name) {
        ensureOpen();
        ProxyInstance proxy = proxies.get(name);
        return proxy == null ? Optional.empty() : Optional.of(proxy.view());
    }

    @Override
    public synchronized ProxyView getProxy(String name) {
        return require(name).view();
    }

    @Override
    public synchronized ProxyView updateProxy(String name, ProxyPatch patch) {
        ProxyInstance proxy = require(name);
        String listen = patch.listen() == null ? proxy.listen() : patch.listen();
        String upstream = patch.upstream() == null ? proxy.upstream() : patch.upstream();
        HostPort.parse("listen", listen, 0);
        HostPort.parse("upstream", upstream, 1);
        boolean enable = patch.enabled() == null ? proxy.enabled() : patch.enabled();
        boolean addressChanged = !listen.equals(proxy.listen()) || !upstream.equals(proxy.upstream());
        if (addressChanged || !enable) {
            proxy.stop();
        }
        proxy.setListen(listen);
        proxy.setUpstream(upstream);
        if (enable) {
            proxy.start();
        }
        return proxy.view();
    }

    @Override
    public synchronized void deleteProxy(String name) {
        ProxyInstance proxy = require(name);
        proxy.stop();
        removeToxics(proxy);
        proxies.remove(name);
    }

    @Override
    public synchronized List<Toxic> listToxics(String proxy) {
        return require(proxy).view().toxics();
    }

    @Override
    public synchronized Toxic getToxic(String proxy, String toxic) {
        return requireToxic(require(proxy), toxic).toxic();
    }

    @Override
    public synchronized Toxic addToxic(String proxyName, NewToxic request) {
        ProxyInstance proxy = require(proxyName);
        if (request.type() == null || request.type().isEmpty()) {
            throw ProxyErrors.invalidToxicType(String.valueOf(request.type()));
        }
        StreamDirection stream = request.stream() == null
                ? StreamDirection.DOWNSTREAM
                : StreamDirection.parse(request.stream()).orElseThrow(() -> ProxyErrors.invalidStream(request.stream()));
        String name = request.name() == null || request.name().isEmpty()
                ? request.type() + "_" + stream.wireName()
                : request.name();
        ToxicType type = ToxicType.fromWireName(request.type())
                .orElseThrow(() -> ProxyErrors.invalidToxicType(request.type()));
        if (findToxic(proxy, name) != null) {
            throw ProxyErrors.toxicAlreadyExists(proxyName, name);
        }
        double toxicity = request.toxicity() == null ? 1.0 : validToxicity(request.toxicity());
        ToxicAttributes attributes = ToxicAttributes.defaults(type, request.attributes());
        SourceFilter sources = SourceFilter.parse(request.sources());
        Duration expiresIn = request.expiresIn() == null ? options.defaultToxicExpiry() : validExpiry(request.expiresIn());
        Toxic toxic = new Toxic(name, stream, toxicity, attributes, sources, expiryInstant(expiresIn));
        ToxicRuntime runtime = new ToxicRuntime(toxic);
        List<ToxicRuntime> list = new ArrayList<>(proxy.toxicRuntimes());
        list.add(runtime);
        scheduleExpiry(proxy, runtime);
        proxy.setToxics(list);
        return toxic;
    }

    @Override
    public synchronized Toxic updateToxic(String proxyName, String toxicName, ToxicPatch patch) {
        ProxyInstance proxy = require(proxyName);
        ToxicRuntime current = requireToxic(proxy, toxicName);
        Toxic old = current.toxic();
        double toxicity = patch.toxicity() == null ? old.toxicity() : validToxicity(patch.toxicity());
        ToxicAttributes attributes = old.attributes().with(patch.attributes());
        SourceFilter sources = patch.sources() == null ? old.sources() : SourceFilter.parse(patch.sources());
        Instant expiresAt = patch.expiresIn() == null ? old.expiresAt() : expiryInstant(validExpiry(patch.expiresIn()));
        Toxic updated = new Toxic(old.name(), old.stream(), toxicity, attributes, sources, expiresAt);
        ToxicRuntime runtime = new ToxicRuntime(updated);
        List<ToxicRuntime> list = new ArrayList<>(proxy.toxicRuntimes());
        list.set(list.indexOf(current), runtime);
        current.cancelExpiry();
        scheduleExpiry(proxy, runtime);
        proxy.setToxics(list);
        return updated;
    }

    @Override
    public synchronized void removeToxic(String proxyName, String toxicName) {
        ProxyInstance proxy = require(proxyName);
        ToxicRuntime runtime = requireToxic(proxy, toxicName);
        removeRuntime(proxy, runtime);
    }

    private void removeRuntime(ProxyInstance proxy, ToxicRuntime runtime) {
        runtime.cancelExpiry();
        List<ToxicRuntime> list = new ArrayList<>(proxy.toxicRuntimes());
        list.remove(runtime);
        proxy.setToxics(list);
    }

    private void removeToxics(ProxyInstance proxy) {
        for (ToxicRuntime runtime : proxy.toxicRuntimes()) {
            runtime.cancelExpiry();
        }
        proxy.setToxics(List.of());
    }

    @Override
    public synchronized void reset() {
        ensureOpen();
        for (ProxyInstance proxy : proxies.values()) {
            proxy.start();
            removeToxics(proxy);
        }
    }

    @Override
    public synchronized List<ProxyTraffic> traffic() {
        ensureOpen();
        List<ProxyTraffic> result = new ArrayList<>();
        for (ProxyInstance proxy : proxies.values()) {
            for (StreamDirection direction : StreamDirection.values()) {
                result.add(proxy.traffic(direction));
            }
        }
        return result;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            for (ProxyInstance proxy : proxies.values()) {
                removeToxics(proxy);
                proxy.stop();
            }
            proxies.clear();
        }
        expiries.shutdownNow();
        for (EventLoop loop : loops) {
            loop.close();
        }
    }

    private void scheduleExpiry(ProxyInstance proxy, ToxicRuntime runtime) {
        Instant expiresAt = runtime.toxic().expiresAt();
        if (expiresAt == null) {
            return;
        }
        long delayMillis = Math.max(0, Duration.between(options.clock().instant(), expiresAt).toMillis());
        runtime.expireWith(expiries.schedule(() -> expire(proxy, runtime), delayMillis, TimeUnit.MILLISECONDS));
    }

    private synchronized void expire(ProxyInstance proxy, ToxicRuntime runtime) {
        if (!closed && proxies.get(proxy.name()) == proxy && proxy.toxicRuntimes().contains(runtime)) {
            removeRuntime(proxy, runtime);
        }
    }

    private Instant expiryInstant(Duration expiresIn) {
        return expiresIn.isZero() ? null : options.clock().instant().plus(expiresIn);
    }

    private static Duration validExpiry(Duration expiresIn) {
        if (expiresIn.isNegative()) {
            throw ProxyErrors.invalidField("expires_in", "must be >= 0 ms (0 = never expires), was "
                    + expiresIn.toMillis());
        }
        return expiresIn;
    }

    private static double validToxicity(double toxicity) {
        if (!(toxicity >= 0.0 && toxicity <= 1.0)) {
            throw ProxyErrors.invalidField("toxicity", "must be between 0 (never) and 1 (always), was " + toxicity);
        }
        return toxicity;
    }

    private ProxyInstance require(String name) {
        ensureOpen();
        ProxyInstance proxy = proxies.get(name);
        if (proxy == null) {
            throw ProxyErrors.proxyNotFound(name);
        }
        return proxy;
    }

    private static ToxicRuntime findToxic(ProxyInstance proxy, String name) {
        for (ToxicRuntime runtime : proxy.toxicRuntimes()) {
            if (runtime.name().equals(name)) {
                return runtime;
            }
        }
        return null;
    }

    private static ToxicRuntime requireToxic(ProxyInstance proxy, String name) {
        ToxicRuntime runtime = findToxic(proxy, name);
        if (runtime == null) {
            throw ProxyErrors.toxicNotFound(proxy.name(), name);
        }
        return runtime;
    }

    private void ensureOpen() {
        if (closed) {
            throw ProxyErrors.engineClosed();
        }
    }
}
