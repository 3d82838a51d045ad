package io.multisystem.chaos.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.error.AlreadyExistsException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.UnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code proxy ls|add|rm|reset|toxic add|toxic rm}: toxiproxy-cli's verbs against any Toxiproxy 2.x API (this
 * engine's on port 8474 by default, or Shopify's). JSON output is the API's own JSON.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true, description = "Manage fault proxies through the Toxiproxy API.",
        subcommands = {ProxyCommands.Ls.class, ProxyCommands.Add.class, ProxyCommands.Rm.class,
                ProxyCommands.Reset.class, ProxyCommands.Toxic.class})
final class ProxyCommands {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The {@code --api} option and the HTTP calls. */
    static final class Api {
        @Option(names = "--api", defaultValue = "http://127.0.0.1:8474", paramLabel = "URL",
                description = "Toxiproxy API (default: ${DEFAULT-VALUE}).")
        URI api;

        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        JsonNode call(String method, String path, JsonNode body, int expected) {
            String base = api.toString().replaceAll("/+$", "");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body.toString()))
                    .header("Content-Type", "application/json");
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UnavailableException("chaos-engine", "PROXY_API_UNAVAILABLE",
                        "cannot reach the Toxiproxy API at " + api + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException("chaos-engine", "PROXY_API_UNAVAILABLE", "interrupted");
            }
            if (response.statusCode() == expected) {
                return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
            }
            String message = response.body();
            try {
                message = JSON.readTree(response.body()).path("error").asString(message);
            } catch (RuntimeException ignored) {
                // not JSON: use the raw body
            }
            String what = method + " " + path + ": " + message;
            throw switch (response.statusCode()) {
                case 404 -> new NotFoundException("chaos-engine", "NOT_FOUND", what);
                case 409 -> new AlreadyExistsException("chaos-engine", "ALREADY_EXISTS", what);
                case 400 -> new InvalidInputException("chaos-engine", "BAD_REQUEST", what);
                default -> new UnavailableException("chaos-engine", "PROXY_API_FAILED", what + " (HTTP "
                        + response.statusCode() + ")");
            };
        }

        static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List proxies and their toxics.")
    static final class Ls implements Callable<Integer> {
        @Mixin
        Api api;
        @Mixin
        CommonOptions common;

        public Integer call() {
            JsonNode proxies = api.call("GET", "/proxies", null, 200);
            common.console().result(proxies, () -> {
                StringBuilder b = new StringBuilder(String.format("%-20s %-22s %-22s %-8s %s%n", "NAME", "LISTEN",
                        "UPSTREAM", "ENABLED", "TOXICS"));
                for (Map.Entry<String, JsonNode> e : proxies.properties()) {
                    JsonNode p = e.getValue();
                    StringBuilder toxics = new StringBuilder();
                    for (JsonNode t : p.path("toxics")) {
                        toxics.append(toxics.length() == 0 ? "" : ", ").append(t.path("name").asString());
                    }
                    b.append(String.format("%-20s %-22s %-22s %-8s %s%n", e.getKey(), p.path("listen").asString(),
                            p.path("upstream").asString(), p.path("enabled").asBoolean(),
                            toxics.length() == 0 ? "-" : toxics));
                }
                return b.toString().stripTrailing();
            });
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a proxy.")
    static final class Add implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = {"-l", "--listen"}, defaultValue = "127.0.0.1:0", description = "host:port (port 0 = any).")
        String listen;
        @Option(names = {"-u", "--upstream"}, required = true, description = "host:port to forward to.")
        String upstream;
        @Mixin
        Api api;
        @Mixin
        CommonOptions common;

        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("name", name).put("listen", listen).put("upstream", upstream)
                    .put("enabled", true);
            JsonNode created = api.call("POST", "/proxies", body, 201);
            common.console().result(created, () -> "created proxy " + name + " listening on "
                    + created.path("listen").asString() + " -> " + upstream);
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a proxy.")
    static final class Rm implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;
        @Mixin
        Api api;
        @Mixin
        CommonOptions common;

        public Integer call() {
            api.call("DELETE", "/proxies/" + Api.enc(name), null, 204);
            common.console().result(Map.of("deleted", name), () -> "deleted proxy " + name);
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true,
            description = "Enable every proxy and remove every toxic.")
    static final class Reset implements Callable<Integer> {
        @Mixin
        Api api;
        @Mixin
        CommonOptions common;

        public Integer call() {
            api.call("POST", "/reset", null, 204);
            common.console().result(Map.of("reset", true), () -> "reset: every proxy enabled, every toxic removed");
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "toxic", mixinStandardHelpOptions = true, description = "Add or remove toxics.",
            subcommands = {ToxicAdd.class, ToxicRm.class})
    static final class Toxic {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a toxic, e.g. proxy toxic add db -t latency -a latency=200 -a jitter=20")
    static final class ToxicAdd implements Callable<Integer> {
        @Parameters(paramLabel = "PROXY")
        String proxy;
        @Option(names = {"-t", "--type"}, required = true, description = "latency, bandwidth, slow_close, timeout, "
                + "reset_peer, slicer, limit_data, limit_time, noop, ...")
        String type;
        @Option(names = {"-n", "--name"}, description = "Toxic name (default: TYPE_STREAM).")
        String name;
        @Option(names = {"-s", "--stream"}, defaultValue = "downstream", description = "upstream or downstream.")
        String stream;
        @Option(names = "--toxicity", defaultValue = "1.0", description = "Probability in [0, 1].")
        double toxicity;
        @Option(names = {"-a", "--attribute"}, paramLabel = "KEY=VALUE", description = "An integer attribute.")
        Map<String, Long> attributes = new LinkedHashMap<>();
        @Mixin
        Api api;
        @Mixin
        CommonOptions common;

        public Integer call() {
            ObjectNode body = JSON.createObjectNode().put("type", type).put("stream", stream).put("toxicity", toxicity);
            if (name != null) {
                body.put("name", name);
            }
            ObjectNode attrs = body.putObject("attributes");
            attributes.forEach(attrs::put);
            JsonNode created = api.call("POST", "/proxies/" + Api.enc(proxy) + "/toxics", body, 200);
            common.console().result(created, () -> "added toxic " + created.path("name").asString() + " to " + proxy);
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a toxic.")
    static final class ToxicRm implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PROXY")
        String proxy;
        @Parameters(index = "1", paramLabel = "TOXIC")
        String toxic;
        @Mixin
        Api api;
        @Mixin
        CommonOptions common;

        public Integer call() {
            api.call("DELETE", "/proxies/" + Api.enc(proxy) + "/toxics/" + Api.enc(toxic), null, 204);
            common.console().result(Map.of("deleted", toxic), () -> "removed toxic " + toxic + " from " + proxy);
            return ExitCode.SUCCESS.code();
        }
    }

}
