package io.multisystem.chaos.proxy;

/**
 * Byte counters of one proxy in one direction since it was created, for {@code /metrics}. Received bytes were read
 * from the sending side; sent bytes were written to the receiving side (they differ when toxics drop data).
 */
public record ProxyTraffic(String proxy, String listen, String upstream, StreamDirection direction,
                           long receivedBytes, long sentBytes, int activeConnections) {
}
