package io.multisystem.chaos.proxy;

import io.multisystem.core.error.PlatformException;

import java.util.List;

/**
 * {@link FaultProxyEngine#populate} failed partway: {@link #getCause()} says why, {@link #applied()} lists the proxies
 * applied before the failure (Toxiproxy reports them next to the error).
 */
public final class PopulateException extends RuntimeException {
    private final transient List<ProxyView> applied;

    PopulateException(PlatformException cause, List<ProxyView> applied) {
        super(cause.getMessage(), cause);
        this.applied = List.copyOf(applied);
    }

    /** The error that stopped the populate. */
    @Override
    public synchronized PlatformException getCause() {
        return (PlatformException) super.getCause();
    }

    /** The proxies applied before the failure, in request order. */
    public List<ProxyView> applied() {
        return applied;
    }
}
