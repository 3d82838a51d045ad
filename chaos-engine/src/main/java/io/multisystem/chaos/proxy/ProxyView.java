package io.multisystem.chaos.proxy;

import java.util.List;

/**
 * A snapshot of one proxy.
 *
 * @param listen the address it listens on; when enabled, with the port actually bound (never 0)
 * @param toxics its toxics, upstream ones first, each direction in insertion order (Toxiproxy's order)
 */
public record ProxyView(String name, String listen, String upstream, boolean enabled, List<Toxic> toxics) {
    public ProxyView {
        toxics = List.copyOf(toxics);
    }
}
