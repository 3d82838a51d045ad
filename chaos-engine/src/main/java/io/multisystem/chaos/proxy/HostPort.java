package io.multisystem.chaos.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A {@code host:port} address as Toxiproxy writes them: {@code 127.0.0.1:8080}, {@code localhost:0},
 * {@code [::1]:80}, or {@code :8080} (every interface). Immutable.
 */
record HostPort(String host, int port) {

    /**
     * Parses {@code value}.
     *
     * @param field names the field in errors
     * @throws io.multisystem.core.error.InvalidInputException ({@code INVALID_FIELD}) unless the value is
     *         {@code host:port} with a port in {@code minPort..65535}
     */
    static HostPort parse(String field, String value, int minPort) {
        int colon = value == null ? -1 : value.lastIndexOf(':');
        if (colon < 0) {
            throw ProxyErrors.invalidField(field, "must be host:port, such as 127.0.0.1:8080, was '" + value + "'");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            throw ProxyErrors.invalidField(field, "an IPv6 host must be in brackets, such as [::1]:8080, was '"
                    + value + "'");
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < minPort || port > 65535) {
            throw ProxyErrors.invalidField(field, "port must be " + minPort + "..65535, was '" + value + "'");
        }
        return new HostPort(host, port);
    }

    /** The address to bind; an empty host means every interface. Resolves names (may block on DNS). */
    InetSocketAddress toBindAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    /** Formats a bound address the way Go prints it: {@code 127.0.0.1:8080}, {@code [::1]:8080}. */
    static String format(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip == null ? address.getHostString() : ip.getHostAddress();
        int scope = host.indexOf('%');
        if (scope >= 0) {
            host = host.substring(0, scope);
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }
}
