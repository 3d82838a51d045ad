/**
 * The fault proxy: a non-blocking TCP proxy (JDK NIO) that injects faults ("toxics") into the bytes it relays.
 *
 * <p>Entry point: {@link io.multisystem.chaos.proxy.FaultProxyEngine#create(FaultProxyOptions)}. The engine keeps a
 * registry of named proxies; each proxy listens on one address, dials one upstream per accepted client, and runs the
 * data of each direction through the toxics configured for that direction. The model and its defaults follow
 * Toxiproxy 2.x so that the HTTP adapter in {@code io.multisystem.chaos.toxiproxy} can speak Toxiproxy's API
 * unchanged; the extensions (limit_time, proxy_bandwidth, source filters, expiry, toxicity 0 = never) are additive.
 *
 * <p>Plain Java only: no Spring, gRPC or protobuf types in this package.
 */
package io.multisystem.chaos.proxy;
