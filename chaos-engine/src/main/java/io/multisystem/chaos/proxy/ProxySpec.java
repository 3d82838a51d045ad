package io.multisystem.chaos.proxy;

/**
 * A request to create a proxy.
 *
 * @param name     required, unique in the engine
 * @param listen   {@code host:port} to listen on; port 0 picks a free port; null or blank means {@code 127.0.0.1:0}
 * @param upstream {@code host:port} to forward to; required. Resolved for each new connection.
 * @param enabled  whether to listen right away
 */
public record ProxySpec(String name, String listen, String upstream, boolean enabled) {
}
