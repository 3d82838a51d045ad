package io.multisystem.core.grpc;

import io.multisystem.core.error.InvalidInputException;

/**
 * A {@code host:port} target as users type it ({@code localhost:9101}, {@code 10.0.0.5:9101}, {@code [::1]:9101}).
 *
 * @param host a name or IP literal, without brackets
 * @param port 1..65535
 */
public record ServerAddress(String host, int port) {
    /**
     * @throws InvalidInputException code {@code SERVER_ADDRESS_INVALID} saying what is wrong
     */
    public static ServerAddress parse(String target) {
        if (target == null || target.isBlank()) {
            throw invalid(target, "expected host:port, e.g. localhost:9101");
        }
        String host;
        String portText;
        if (target.startsWith("[")) {
            int close = target.indexOf("]:");
            if (close < 0) {
                throw invalid(target, "an IPv6 address must be written [address]:port");
            }
            host = target.substring(1, close);
            portText = target.substring(close + 2);
        } else {
            int colon = target.lastIndexOf(':');
            if (colon <= 0 || target.indexOf(':') != colon) {
                throw invalid(target, "expected host:port, e.g. localhost:9101");
            }
            host = target.substring(0, colon);
            portText = target.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw invalid(target, "port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw invalid(target, "port must be 1..65535, was " + port);
        }
        return new ServerAddress(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    private static InvalidInputException invalid(String target, String why) {
        return new InvalidInputException("shared-core", "SERVER_ADDRESS_INVALID",
                "invalid server address '" + target + "': " + why);
    }
}
