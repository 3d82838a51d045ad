package io.multisystem.chaos.proxy;

/**
 * A change to an existing proxy; null fields are left as they are. Changing {@code listen} or {@code upstream} of an
 * enabled proxy restarts it (its connections are closed), as in Toxiproxy; {@code enabled=false} closes the listener
 * and every connection.
 */
public record ProxyPatch(String listen, String upstream, Boolean enabled) {
}
