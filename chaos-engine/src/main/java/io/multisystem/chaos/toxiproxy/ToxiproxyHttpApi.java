package io.multisystem.chaos.toxiproxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.multisystem.chaos.proxy.FaultProxyEngine;
import io.multisystem.chaos.proxy.PopulateException;
import io.multisystem.chaos.proxy.ProxyErrors;
import io.multisystem.core.error.PlatformException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes Toxiproxy 2.x's endpoints to a {@link FaultProxyEngine} and maps its errors to Toxiproxy's status codes and
 * {@code {"error": ..., "status": ...}} bodies:
 * <pre>
 * GET  /proxies                         200 {name: proxy}          POST /proxies          201 proxy
 * POST /populate                        201 {"proxies": [...]}     POST /reset            204
 * GET  /proxies/{p}                     200 proxy                  POST|PATCH /proxies/{p} 200 proxy
 * DELETE /proxies/{p}                   204
 * GET  /proxies/{p}/toxics              200 [toxic]                POST /proxies/{p}/toxics 200 toxic
 * GET  /proxies/{p}/toxics/{t}          200 toxic                  POST|PATCH .../{t}     200 toxic
 * DELETE /proxies/{p}/toxics/{t}        204
 * GET  /version                         200 {"version": ...}       GET /metrics           200 Prometheus text
 * </pre>
 * Unknown paths answer 404 and known paths with another method 405, as Toxiproxy's router does. Thread-safe.
 */
final class ToxiproxyHttpApi implements HttpHandler {
    /** The Toxiproxy release whose API this server reproduces. */
    static final String VERSION = "2.12.0";
    private static final Logger LOG = Logger.getLogger(ToxiproxyHttpApi.class.getName());
    private static final int MAX_BODY = 1024 * 1024;
    private static final String JSON = "application/json";

    private final FaultProxyEngine engine;
    private final ToxiproxyJson json = new ToxiproxyJson();

    ToxiproxyHttpApi(FaultProxyEngine engine) {
        this.engine = engine;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (PopulateException e) {
                ObjectNode body = errorBody(e.getCause());
                body.set("proxies", json.proxyArray(e.applied()));
                send(exchange, body.get("status").intValue(), body);
            } catch (PlatformException e) {
                ObjectNode body = errorBody(e);
                send(exchange, body.get("status").intValue(), body);
            } catch (MethodNotAllowed e) {
                sendEmpty(exchange, 405);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "unexpected failure serving " + exchange.getRequestURI(), e);
                send(exchange, 500, json.error(String.valueOf(e.getMessage()), 500));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> path = segments(exchange.getRequestURI().getRawPath());
        int size = path.size();
        String root = size == 0 ? "" : path.get(0);
        if (size == 1 && root.equals("proxies")) {
            if (method.equals("GET")) {
                send(exchange, 200, json.proxies(engine.listProxies()));
            } else if (method.equals("POST")) {
                send(exchange, 201, json.proxy(engine.createProxy(json.proxySpec(body(exchange)))));
            } else {
                methodNotAllowed(exchange);
            }
        } else if (size == 1 && root.equals("populate")) {
            requireMethod(method.equals("POST"));
            send(exchange, 201, json.populated(engine.populate(json.proxySpecs(body(exchange)))));
        } else if (size == 1 && root.equals("reset")) {
            requireMethod(method.equals("POST"));
            engine.reset();
            sendEmpty(exchange, 204);
        } else if (size == 1 && root.equals("version")) {
            requireMethod(method.equals("GET"));
            send(exchange, 200, json.version(VERSION));
        } else if (size == 1 && root.equals("metrics")) {
            requireMethod(method.equals("GET"));
            byte[] text = ToxiproxyJson.metrics(engine.traffic()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, text.length);
            exchange.getResponseBody().write(text);
        } else if (size == 2 && root.equals("proxies")) {
            proxy(exchange, method, path.get(1));
        } else if (size == 3 && root.equals("proxies") && path.get(2).equals("toxics")) {
            if (method.equals("GET")) {
                send(exchange, 200, json.toxics(engine.listToxics(path.get(1))));
            } else if (method.equals("POST")) {
                send(exchange, 200, json.toxic(engine.addToxic(path.get(1), json.newToxic(body(exchange)))));
            } else {
                methodNotAllowed(exchange);
            }
        } else if (size == 4 && root.equals("proxies") && path.get(2).equals("toxics")) {
            toxic(exchange, method, path.get(1), path.get(3));
        } else {
            byte[] text = "404 page not found\n".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(404, text.length);
            exchange.getResponseBody().write(text);
        }
    }

    private void proxy(HttpExchange exchange, String method, String name) throws IOException {
        switch (method) {
            case "GET":
                send(exchange, 200, json.proxy(engine.getProxy(name)));
                break;
            case "POST":
            case "PATCH":
                engine.getProxy(name);
                send(exchange, 200, json.proxy(engine.updateProxy(name, json.proxyPatch(body(exchange)))));
                break;
            case "DELETE":
                engine.deleteProxy(name);
                sendEmpty(exchange, 204);
                break;
            default:
                methodNotAllowed(exchange);
        }
    }

    private void toxic(HttpExchange exchange, String method, String proxy, String toxic) throws IOException {
        switch (method) {
            case "GET":
                send(exchange, 200, json.toxic(engine.getToxic(proxy, toxic)));
                break;
            case "POST":
            case "PATCH":
                engine.getToxic(proxy, toxic);
                send(exchange, 200, json.toxic(engine.updateToxic(proxy, toxic, json.toxicPatch(body(exchange)))));
                break;
            case "DELETE":
                engine.removeToxic(proxy, toxic);
                sendEmpty(exchange, 204);
                break;
            default:
                methodNotAllowed(exchange);
        }
    }

    /** Toxiproxy's message and status for an engine error. */
    private ObjectNode errorBody(PlatformException e) {
        String code = e.code();
        int status;
        String message;
        switch (code) {
            case ProxyErrors.PROXY_NOT_FOUND:
                status = 404;
                message = "proxy not found";
                break;
            case ProxyErrors.TOXIC_NOT_FOUND:
                status = 404;
                message = "toxic not found";
                break;
            case ProxyErrors.PROXY_ALREADY_EXISTS:
                status = 409;
                message = "proxy already exists";
                break;
            case ProxyErrors.TOXIC_ALREADY_EXISTS:
                status = 409;
                message = "toxic already exists";
                break;
            case ProxyErrors.INVALID_TOXIC_TYPE:
                status = 400;
                message = "invalid toxic type";
                break;
            case ProxyErrors.INVALID_STREAM:
                status = 400;
                message = "stream was invalid, can be either upstream or downstream";
                break;
            case ProxyErrors.MISSING_FIELD:
                status = 400;
                message = "missing required field: " + e.details().getOrDefault("field", "?");
                break;
            case ProxyErrors.LISTEN_FAILED:
                status = 500;
                message = "listen tcp " + e.details().get("listen") + ": " + e.details().get("reason");
                break;
            default:
                status = statusOf(e);
                message = status == 400 ? "bad request body: " + e.getMessage() : e.getMessage();
        }
        return json.error(message, status);
    }

    private static int statusOf(PlatformException e) {
        switch (e.kind()) {
            case INVALID_ARGUMENT:
                return 400;
            case NOT_FOUND:
                return 404;
            case ALREADY_EXISTS:
                return 409;
            default:
                return 500;
        }
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw ToxiproxyJson.badBody("body larger than " + MAX_BODY + " bytes");
            }
            return json.parse(bytes);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> result = new ArrayList<>();
        if (rawPath == null || rawPath.equals("/")) {
            return result;
        }
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        for (String part : trimmed.split("/", -1)) {
            result.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return result;
    }

    private static void requireMethod(boolean allowed) {
        if (!allowed) {
            throw new MethodNotAllowed("");
        }
    }

    private static void methodNotAllowed(HttpExchange exchange) {
        throw new MethodNotAllowed(exchange.getRequestMethod());
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.write(body);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendEmpty(HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
    }

    /** Signals a known path asked with a method it does not serve. */
    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed(String method) {
            super(method, null, false, false);
        }
    }
}
