/**
 * Toxiproxy 2.x's HTTP API over the fault proxy engine, so that existing Toxiproxy clients (toxiproxy-java,
 * toxiproxy-cli, Testcontainers' Toxiproxy module, the Go client) work unchanged. Start it with
 * {@link io.multisystem.chaos.toxiproxy.ToxiproxyServer}. Served by the JDK's {@code com.sun.net.httpserver}; no
 * Spring in this package.
 */
package io.multisystem.chaos.toxiproxy;
