package io.multisystem.chaos.proxy;

import java.util.List;
import java.util.Optional;

/**
 * A registry of named TCP proxies that inject faults, with Toxiproxy 2.x semantics.
 *
 * <p>Thread-safety: every method may be called from any thread. Changes to one proxy are serialised; a change is
 * visible to connections the proxy accepts afterwards and is applied to its open connections shortly after the call
 * returns. A rejected request changes nothing.
 *
 * <p>Errors: methods throw {@link io.multisystem.core.error.PlatformException}s whose codes are listed in
 * {@link ProxyErrors}.
 */
public interface FaultProxyEngine extends AutoCloseable {

    /** Starts an engine and its I/O threads. */
    static FaultProxyEngine create(FaultProxyOptions options) {
        return new NioFaultProxyEngine(options);
    }

    /**
     * Creates a proxy and, if enabled, starts listening before returning.
     *
     * @return the proxy, with the actually bound listen address
     * @throws io.multisystem.core.error.InvalidInputException {@code MISSING_FIELD} (name, upstream) or
     *         {@code INVALID_FIELD} (an address that is not {@code host:port})
     * @throws io.multisystem.core.error.AlreadyExistsException {@code PROXY_ALREADY_EXISTS}
     * @throws io.multisystem.core.error.FailedPreconditionException {@code LISTEN_FAILED} if it cannot listen
     */
    ProxyView createProxy(ProxySpec spec);

    /**
     * Creates or replaces each proxy, in order (Toxiproxy's {@code /populate}): a proxy with the same listen and
     * upstream is kept as it is (with its toxics), a different one is replaced. Every spec is validated before any
     * is applied; if listening fails midway, the proxies applied so far stay.
     *
     * @return the proxies as they are after the call, in request order
     * @throws PopulateException if a proxy could not be applied; it carries the proxies applied before it
     */
    List<ProxyView> populate(List<ProxySpec> specs);

    /** All proxies, ordered by name. */
    List<ProxyView> listProxies();

    /** The proxy with this name, if any. */
    Optional<ProxyView> findProxy(String name);

    /**
     * The proxy with this name.
     *
     * @throws io.multisystem.core.error.NotFoundException {@code PROXY_NOT_FOUND}
     */
    ProxyView getProxy(String name);

    /**
     * Changes a proxy (see {@link ProxyPatch}).
     *
     * @throws io.multisystem.core.error.NotFoundException {@code PROXY_NOT_FOUND}
     * @throws io.multisystem.core.error.InvalidInputException {@code INVALID_FIELD} for a malformed address
     * @throws io.multisystem.core.error.FailedPreconditionException {@code LISTEN_FAILED}; the proxy is left
     *         disabled
     */
    ProxyView updateProxy(String name, ProxyPatch patch);

    /**
     * Removes a proxy, closing its listener and connections.
     *
     * @throws io.multisystem.core.error.NotFoundException {@code PROXY_NOT_FOUND}
     */
    void deleteProxy(String name);

    /**
     * The proxy's toxics, upstream first.
     *
     * @throws io.multisystem.core.error.NotFoundException {@code PROXY_NOT_FOUND}
     */
    List<Toxic> listToxics(String proxy);

    /**
     * One toxic.
     *
     * @throws io.multisystem.core.error.NotFoundException {@code PROXY_NOT_FOUND} or {@code TOXIC_NOT_FOUND}
     */
    Toxic getToxic(String proxy, String toxic);

    /**
     * Adds a toxic; it applies to open connections too.
     *
     * @throws io.multisystem.core.error.NotFoundException {@code PROXY_NOT_FOUND}
     * @throws io.multisystem.core.error.InvalidInputException {@code INVALID_TOXIC_TYPE}, {@code INVALID_STREAM},
     *         {@code INVALID_FIELD} (unknown or negative attribute, toxicity outside [0, 1], bad source, negative
     *         expiry)
     * @throws io.multisystem.core.error.AlreadyExistsException {@code TOXIC_ALREADY_EXISTS}
     */
    Toxic addToxic(String proxy, NewToxic toxic);

    /**
     * Changes a toxic (see {@link ToxicPatch}).
     *
     * @throws io.multisystem.core.error.NotFoundException {@code PROXY_NOT_FOUND} or {@code TOXIC_NOT_FOUND}
     * @throws io.multisystem.core.error.InvalidInputException {@code INVALID_FIELD}
     */
    Toxic updateToxic(String proxy, String toxic, ToxicPatch patch);

    /**
     * Removes a toxic; open connections stop suffering it (data it already delayed keeps its schedule).
     *
     * @throws io.multisystem.core.error.NotFoundException {@code PROXY_NOT_FOUND} or {@code TOXIC_NOT_FOUND}
     */
    void removeToxic(String proxy, String toxic);

    /**
     * Toxiproxy's {@code /reset}: enables every proxy and removes every toxic.
     *
     * @throws io.multisystem.core.error.FailedPreconditionException {@code LISTEN_FAILED} if a disabled proxy
     *         cannot listen again; proxies before it in name order are reset
     */
    void reset();

    /** Byte counters per proxy and direction, ordered by proxy name then direction. */
    List<ProxyTraffic> traffic();

    /**
     * Stops everything: removes every toxic, closes every listener and connection, stops the I/O threads. Idempotent;
     * afterwards every other method throws {@code ENGINE_CLOSED}.
     */
    @Override
    void close();
}
