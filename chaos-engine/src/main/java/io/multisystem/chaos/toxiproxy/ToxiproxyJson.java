package io.multisystem.chaos.toxiproxy;

import io.multisystem.chaos.proxy.NewToxic;
import io.multisystem.chaos.proxy.ProxyErrors;
import io.multisystem.chaos.proxy.ProxyPatch;
import io.multisystem.chaos.proxy.ProxySpec;
import io.multisystem.chaos.proxy.ProxyTraffic;
import io.multisystem.chaos.proxy.ProxyView;
import io.multisystem.chaos.proxy.StreamDirection;
import io.multisystem.chaos.proxy.Toxic;
import io.multisystem.chaos.proxy.ToxicPatch;
import io.multisystem.core.error.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Toxiproxy's JSON shapes, both ways. Decoding is as lenient as Go's {@code encoding/json} where Toxiproxy relies on
 * it (unknown top-level fields are ignored, missing ones take defaults) and strict where silence would hide a typo:
 * an attribute the toxic type does not have is refused (Toxiproxy ignores it). Wrong value types are refused with
 * {@code BAD_REQUEST_BODY}, which the API reports as Toxiproxy's "bad request body". Thread-safe.
 */
final class ToxiproxyJson {
    private final JsonMapper mapper = JsonMapper.builder().build();

    // ---- decoding -----------------------------------------------------------------------------------------------

    JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw badBody("EOF");
        }
        try {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            throw badBody(e.getOriginalMessage());
        }
    }

    ProxySpec proxySpec(JsonNode node) {
        requireObject(node, "proxy");
        return new ProxySpec(text(node, "name"), text(node, "listen"), text(node, "upstream"),
                bool(node, "enabled", true));
    }

    List<ProxySpec> proxySpecs(JsonNode node) {
        if (!node.isArray()) {
            throw badBody("expected a JSON array of proxies");
        }
        List<ProxySpec> specs = new ArrayList<>();
        for (JsonNode element : node) {
            specs.add(proxySpec(element));
        }
        return specs;
    }

    ProxyPatch proxyPatch(JsonNode node) {
        requireObject(node, "proxy");
        Boolean enabled = node.has("enabled") && !node.get("enabled").isNull() ? bool(node, "enabled", true) : null;
        return new ProxyPatch(text(node, "listen"), text(node, "upstream"), enabled);
    }

    NewToxic newToxic(JsonNode node) {
        requireObject(node, "toxic");
        return new NewToxic(text(node, "name"), text(node, "type"), text(node, "stream"), number(node, "toxicity"),
                attributes(node), strings(node, "sources"), millis(node, "expires_in"));
    }

    ToxicPatch toxicPatch(JsonNode node) {
        requireObject(node, "toxic");
        return new ToxicPatch(number(node, "toxicity"), attributes(node), strings(node, "sources"),
                millis(node, "expires_in"));
    }

    private static void requireObject(JsonNode node, String what) {
        if (!node.isObject()) {
            throw badBody("expected a JSON object describing a " + what);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw badBody("field " + field + " must be a string");
        }
        return value.stringValue();
    }

    private static boolean bool(JsonNode node, String field, boolean otherwise) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isBoolean()) {
            throw badBody("field " + field + " must be true or false");
        }
        return value.booleanValue();
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw badBody("field " + field + " must be a number");
        }
        return value.doubleValue();
    }

    private static Duration millis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw badBody("field " + field + " must be an integer number of milliseconds");
        }
        return Duration.ofMillis(value.longValue());
    }

    private static List<String> strings(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw badBody("field " + field + " must be an array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode element : value) {
            if (!element.isString()) {
                throw badBody("field " + field + " must be an array of strings");
            }
            result.add(element.stringValue());
        }
        return result;
    }

    private static Map<String, Long> attributes(JsonNode node) {
        JsonNode value = node.get("attributes");
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw badBody("field attributes must be an object");
        }
        Map<String, Long> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> attribute : value.properties()) {
            JsonNode number = attribute.getValue();
            if (!number.isIntegralNumber() || !number.canConvertToLong()) {
                throw badBody("attribute " + attribute.getKey() + " must be an integer");
            }
            result.put(attribute.getKey(), number.longValue());
        }
        return result;
    }

    static InvalidInputException badBody(String problem) {
        return new InvalidInputException(ProxyErrors.COMPONENT, ProxyErrors.BAD_REQUEST_BODY, problem);
    }

    // ---- encoding -----------------------------------------------------------------------------------------------

    byte[] write(JsonNode node) {
        return mapper.writeValueAsBytes(node);
    }

    ObjectNode proxy(ProxyView view) {
        ObjectNode node = mapper.createObjectNode();
        node.put("name", view.name());
        node.put("listen", view.listen());
        node.put("upstream", view.upstream());
        node.put("enabled", view.enabled());
        ArrayNode toxics = node.putArray("toxics");
        for (Toxic toxic : view.toxics()) {
            toxics.add(toxic(toxic));
        }
        return node;
    }

    ObjectNode proxies(List<ProxyView> views) {
        ObjectNode node = mapper.createObjectNode();
        for (ProxyView view : views) {
            node.set(view.name(), proxy(view));
        }
        return node;
    }

    ArrayNode proxyArray(List<ProxyView> views) {
        ArrayNode array = mapper.createArrayNode();
        for (ProxyView view : views) {
            array.add(proxy(view));
        }
        return array;
    }

    /** The body of a successful {@code /populate}: {@code {"proxies": [...]}}. */
    ObjectNode populated(List<ProxyView> views) {
        ObjectNode node = mapper.createObjectNode();
        node.set("proxies", proxyArray(views));
        return node;
    }

    ObjectNode toxic(Toxic toxic) {
        ObjectNode node = mapper.createObjectNode();
        ObjectNode attributes = node.putObject("attributes");
        for (Map.Entry<String, Long> attribute : toxic.attributes().asMap().entrySet()) {
            attributes.put(attribute.getKey(), attribute.getValue());
        }
        node.put("name", toxic.name());
        node.put("type", toxic.type().wireName());
        node.put("stream", toxic.stream().wireName());
        double toxicity = toxic.toxicity();
        if (toxicity == Math.rint(toxicity)) {
            node.put("toxicity", (long) toxicity);
        } else {
            node.put("toxicity", toxicity);
        }
        if (!toxic.sources().blocks().isEmpty()) {
            ArrayNode sources = node.putArray("sources");
            toxic.sources().blocks().forEach(sources::add);
        }
        if (toxic.expiresAt() != null) {
            node.put("expires_at", toxic.expiresAt().toString());
        }
        return node;
    }

    ArrayNode toxics(List<Toxic> toxics) {
        ArrayNode array = mapper.createArrayNode();
        for (Toxic toxic : toxics) {
            array.add(toxic(toxic));
        }
        return array;
    }

    ObjectNode error(String message, int status) {
        ObjectNode node = mapper.createObjectNode();
        node.put("error", message);
        node.put("status", status);
        return node;
    }

    ObjectNode version(String version) {
        ObjectNode node = mapper.createObjectNode();
        node.put("version", version);
        return node;
    }

    /** Prometheus text exposition with Toxiproxy's metric names. */
    static String metrics(List<ProxyTraffic> traffic) {
        StringBuilder out = new StringBuilder();
        out.append("# HELP toxiproxy_proxy_received_bytes_total The total bytes received from the sending side\n");
        out.append("# TYPE toxiproxy_proxy_received_bytes_total counter\n");
        for (ProxyTraffic t : traffic) {
            out.append("toxiproxy_proxy_received_bytes_total").append(labels(t)).append(' ')
                    .append(t.receivedBytes()).append('\n');
        }
        out.append("# HELP toxiproxy_proxy_sent_bytes_total The total bytes sent to the receiving side\n");
        out.append("# TYPE toxiproxy_proxy_sent_bytes_total counter\n");
        for (ProxyTraffic t : traffic) {
            out.append("toxiproxy_proxy_sent_bytes_total").append(labels(t)).append(' ')
                    .append(t.sentBytes()).append('\n');
        }
        out.append("# HELP toxiproxy_proxy_active_connections Open client connections\n");
        out.append("# TYPE toxiproxy_proxy_active_connections gauge\n");
        for (ProxyTraffic t : traffic) {
            if (t.direction() == StreamDirection.UPSTREAM) {
                out.append("toxiproxy_proxy_active_connections{listener=\"").append(escape(t.listen()))
                        .append("\",proxy=\"").append(escape(t.proxy())).append("\",upstream=\"")
                        .append(escape(t.upstream())).append("\"} ").append(t.activeConnections()).append('\n');
            }
        }
        return out.toString();
    }

    private static String labels(ProxyTraffic t) {
        return "{direction=\"" + t.direction().wireName() + "\",listener=\"" + escape(t.listen()) + "\",proxy=\""
                + escape(t.proxy()) + "\",upstream=\"" + escape(t.upstream()) + "\"}";
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
