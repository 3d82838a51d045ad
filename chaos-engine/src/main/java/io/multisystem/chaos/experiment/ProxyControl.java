package io.multisystem.chaos.experiment;

import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.NewToxic;
import io.multisystem.chaos.proxy.ProxyErrors;
import io.multisystem.chaos.proxy.ProxyView;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.UnavailableException;
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
import java.util.ArrayList;
import java.util.List;

/** Where toxic actions act: the engine's own proxies, or a Toxiproxy-compatible HTTP API (ours or Shopify's). */
public interface ProxyControl {
    /** Names of the proxies. */
    List<String> proxyNames();

    /** Adds a toxic (its name is set by the caller and unique). */
    void addToxic(String proxy, NewToxic toxic);

    /** Removes a toxic; false if the proxy or toxic is already gone. */
    boolean removeToxic(String proxy, String toxic);

    /** The engine's own proxies. */
    static ProxyControl local(FaultProxyEngine engine) {
        return new ProxyControl() {
            public List<String> proxyNames() {
                return engine.listProxies().stream().map(ProxyView::name).toList();
            }

            public void addToxic(String proxy, NewToxic toxic) {
                engine.addToxic(proxy, toxic);
            }

            public boolean removeToxic(String proxy, String toxic) {
                try {
                    engine.removeToxic(proxy, toxic);
                    return true;
                } catch (PlatformException e) {
                    if (ProxyErrors.PROXY_NOT_FOUND.equals(e.code()) || ProxyErrors.TOXIC_NOT_FOUND.equals(e.code())
                            || "ENGINE_CLOSED".equals(e.code())) {
                        return false;
                    }
                    throw e;
                }
            }
        };
    }

    /** A Toxiproxy 2.x HTTP API at {@code api} (e.g. {@code http://127.0.0.1:8474}). */
    static ProxyControl http(URI api) {
        return new HttpProxyControl(api);
    }

    /** Toxiproxy's HTTP API through {@link HttpClient}. */
    final class HttpProxyControl implements ProxyControl {
        private static final JsonMapper JSON = JsonMapper.builder().build();
        private final URI api;
        private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpProxyControl(URI api) {
            String s = api.toString();
            this.api = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        }

        public List<String> proxyNames() {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api + "/proxies")).GET());
            expect(r, 200);
            List<String> names = new ArrayList<>();
            JSON.readTree(r.body()).propertyNames().forEach(names::add);
            return names;
        }

        public void addToxic(String proxy, NewToxic toxic) {
            ObjectNode body = JSON.createObjectNode();
            body.put("name", toxic.name());
            body.put("type", toxic.type());
            body.put("stream", toxic.stream());
            body.put("toxicity", toxic.toxicity() == null ? 1.0 : toxic.toxicity());
            ObjectNode attributes = body.putObject("attributes");
            if (toxic.attributes() != null) {
                toxic.attributes().forEach(attributes::put);
            }
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(api + "/proxies/" + enc(proxy) + "/toxics"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
            if (r.statusCode() == 404) {
                throw new NotFoundException(ChaosErrors.COMPONENT, ProxyErrors.PROXY_NOT_FOUND,
                        "proxy " + proxy + " not found at " + api);
            }
            expect(r, 200);
        }

        public boolean removeToxic(String proxy, String toxic) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(
                    URI.create(api + "/proxies/" + enc(proxy) + "/toxics/" + enc(toxic))).DELETE());
            if (r.statusCode() == 404) {
                return false;
            }
            expect(r, 204);
            return true;
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UnavailableException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED,
                        "Toxiproxy API " + api + " unavailable: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UnavailableException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED,
                        "interrupted calling " + api);
            }
        }

        private void expect(HttpResponse<String> r, int status) {
            if (r.statusCode() != status && !(status == 200 && r.statusCode() == 201)) {
                String message = r.body();
                try {
                    JsonNode error = JSON.readTree(r.body()).get("error");
                    message = error == null ? message : error.asString();
                } catch (RuntimeException ignored) {
                    // not JSON: keep the raw body
                }
                throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED,
                        "Toxiproxy API " + api + " answered " + r.statusCode() + ": " + message);
            }
        }
    }
}
