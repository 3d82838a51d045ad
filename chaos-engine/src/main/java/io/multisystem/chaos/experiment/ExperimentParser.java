package io.multisystem.chaos.experiment;

import io.multisystem.chaos.proxy.ProxySpec;
import io.multisystem.chaos.proxy.ToxicType;
import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an experiment from YAML or JSON (a document starting with <code>{</code> is JSON) into a validated
 * {@link Experiment}.
 *
 * <p>Design: the document is first turned into a JSON tree (SnakeYAML's safe loader for YAML, so no arbitrary types
 * are built), {@code ${key}} references are substituted from {@code configuration} (whose values may be literals or
 * {@code {type: env, key, default}}), then one pass reads every field, collecting every problem as a
 * {@link FieldViolation} whose field is an RFC 6901 JSON pointer ({@code /method/2/provider/url}). Nothing is
 * executed. Thread-safe and stateless.
 *
 * @see <a href="https://chaostoolkit.org/reference/api/experiment/">Chaos Toolkit experiment API</a>
 */
public final class ExperimentParser {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");
    private static final int MAX_DOCUMENT_CHARS = 1 << 20;

    private final Function<String, String> environment;

    public ExperimentParser() {
        this(System::getenv);
    }

    /** A parser reading {@code {type: env}} configuration values from {@code environment}. */
    public ExperimentParser(Function<String, String> environment) {
        this.environment = environment;
    }

    /**
     * Parses and validates an experiment.
     *
     * @throws InvalidInputException {@code INVALID_EXPERIMENT}, with one violation per problem, each naming the
     *                               JSON pointer of the offending field
     */
    public Experiment parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(List.of(new FieldViolation("/", "the experiment document is empty")));
        }
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw invalid(List.of(new FieldViolation("/", "the document is larger than 1 MiB")));
        }
        JsonNode root = readTree(text);
        Reader r = new Reader();
        if (!root.isObject()) {
            r.fail("", "must be an object with title, method, ...");
            throw invalid(r.violations);
        }
        Map<String, String> configuration = r.configuration(root.get("configuration"));
        JsonNode doc = r.substitute(root, "", configuration);
        Experiment experiment = r.experiment(doc, configuration);
        if (!r.violations.isEmpty()) {
            throw invalid(r.violations);
        }
        return experiment;
    }

    private static InvalidInputException invalid(List<FieldViolation> violations) {
        return InvalidInputException.ofViolations(ChaosErrors.COMPONENT, ChaosErrors.INVALID_EXPERIMENT, violations);
    }

    private static JsonNode readTree(String text) {
        String trimmed = text.stripLeading();
        if (trimmed.startsWith("{")) {
            try {
                return JSON.readTree(text);
            } catch (JacksonException e) {
                String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
                throw invalid(List.of(new FieldViolation("/", "not valid JSON" + where + ": " + e.getOriginalMessage())));
            }
        }
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            return JSON.valueToTree(loaded);
        } catch (MarkedYAMLException e) {
            throw invalid(List.of(new FieldViolation("/", "not valid YAML at line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1) + ": " + e.getProblem())));
        } catch (YAMLException | IllegalArgumentException e) {
            throw invalid(List.of(new FieldViolation("/", "not valid YAML: " + e.getMessage())));
        }
    }

    /** One parse: reads fields and collects violations. */
    private final class Reader {
        final List<FieldViolation> violations = new ArrayList<>();

        void fail(String pointer, String problem) {
            violations.add(new FieldViolation(pointer.isEmpty() ? "/" : pointer, problem));
        }

        Map<String, String> configuration(JsonNode node) {
            Map<String, String> values = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return values;
            }
            if (!node.isObject()) {
                fail("/configuration", "must be an object of name: value");
                return values;
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                String at = "/configuration/" + escape(e.getKey());
                JsonNode v = e.getValue();
                if (v.isObject()) {
                    String type = v.path("type").asString("");
                    String key = v.path("key").asString("");
                    if (!"env".equals(type) || key.isEmpty()) {
                        fail(at, "must be a value or {type: env, key: NAME, default: ...}");
                        continue;
                    }
                    String value = environment.apply(key);
                    if (value == null) {
                        if (!v.has("default")) {
                            fail(at + "/key", "environment variable " + key + " is not set and no default is given");
                            continue;
                        }
                        value = scalar(v.get("default"));
                    }
                    values.put(e.getKey(), value);
                } else if (v.isValueNode() && !v.isNull()) {
                    values.put(e.getKey(), scalar(v));
                } else {
                    fail(at, "must be a string, number, boolean or {type: env, key: NAME}");
                }
            }
            return values;
        }

        JsonNode substitute(JsonNode node, String at, Map<String, String> configuration) {
            if (node.isString() && !at.startsWith("/configuration")) {
                String text = node.stringValue();
                Matcher m = REFERENCE.matcher(text);
                if (!m.find()) {
                    return node;
                }
                if (m.start() == 0 && m.end() == text.length() && configuration.containsKey(m.group(1))) {
                    String whole = configuration.get(m.group(1));
                    return JSON.getNodeFactory().stringNode(whole);
                }
                StringBuilder b = new StringBuilder();
                m.reset();
                while (m.find()) {
                    String value = configuration.get(m.group(1));
                    if (value == null) {
                        fail(at, "refers to ${" + m.group(1) + "}, which configuration does not define");
                        value = m.group();
                    }
                    m.appendReplacement(b, Matcher.quoteReplacement(value));
                }
                m.appendTail(b);
                return JSON.getNodeFactory().stringNode(b.toString());
            }
            if (node.isObject()) {
                ObjectNode copy = JSON.createObjectNode();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    copy.set(e.getKey(), substitute(e.getValue(), at + "/" + escape(e.getKey()), configuration));
                }
                return copy;
            }
            if (node.isArray()) {
                ArrayNode copy = JSON.createArrayNode();
                int i = 0;
                for (JsonNode element : node) {
                    copy.add(substitute(element, at + "/" + i++, configuration));
                }
                return copy;
            }
            return node;
        }

        Experiment experiment(JsonNode doc, Map<String, String> configuration) {
            allowOnly(doc, "", "title", "description", "configuration", "steady-state-hypothesis", "method",
                    "rollbacks", "safety", "rollout", "proxies", "seed", "tags", "contributions", "version", "extensions");
            String title = string(doc, "", "title", true);
            String description = string(doc, "", "description", false);
            Experiment.Hypothesis hypothesis = hypothesis(doc.get("steady-state-hypothesis"));
            List<Experiment.Activity> method = activities(doc.get("method"), "/method", true);
            List<Experiment.Activity> rollbacks = activities(doc.get("rollbacks"), "/rollbacks", false);
            Experiment.Safety safety = safety(doc.get("safety"));
            List<Experiment.RolloutStage> rollout = rollout(doc.get("rollout"));
            List<ProxySpec> proxies = proxies(doc.get("proxies"));
            long seed = 0;
            if (doc.has("seed")) {
                if (!doc.get("seed").isIntegralNumber()) {
                    fail("/seed", "must be an integer");
                } else {
                    seed = doc.get("seed").longValue();
                }
            }
            for (int i = 0; i < rollbacks.size(); i++) {
                if (rollbacks.get(i) != null && rollbacks.get(i).provider() != null
                        && rollbacks.get(i).provider().injectsFaults()) {
                    fail("/rollbacks/" + i + "/provider", "a rollback must not inject faults");
                }
            }
            return new Experiment(title, description == null ? "" : description, Map.copyOf(configuration),
                    hypothesis, method, rollbacks, safety, rollout, proxies, seed);
        }

        Experiment.Hypothesis hypothesis(JsonNode node) {
            if (node == null || node.isNull()) {
                return null;
            }
            String at = "/steady-state-hypothesis";
            if (!node.isObject()) {
                fail(at, "must be an object with title and probes");
                return null;
            }
            allowOnly(node, at, "title", "probes", "frequency");
            String title = string(node, at, "title", false);
            List<Experiment.Activity> probes = activities(node.get("probes"), at + "/probes", true);
            for (int i = 0; i < probes.size(); i++) {
                Experiment.Activity p = probes.get(i);
                if (p == null) {
                    continue;
                }
                if (p.kind() != Experiment.Activity.Kind.PROBE) {
                    fail(at + "/probes/" + i + "/type", "the hypothesis may only contain probes");
                } else if (p.tolerance() == null) {
                    fail(at + "/probes/" + i + "/tolerance", "a hypothesis probe needs a tolerance");
                }
            }
            Duration frequency = duration(node, at, "frequency", null);
            if (frequency != null && frequency.toMillis() < 10) {
                fail(at + "/frequency", "must be at least 10ms");
            }
            return new Experiment.Hypothesis(title == null ? "" : title, probes, frequency);
        }

        List<Experiment.Activity> activities(JsonNode node, String at, boolean required) {
            List<Experiment.Activity> result = new ArrayList<>();
            if (node == null || node.isNull()) {
                if (required) {
                    fail(at, "is required: a list of activities");
                }
                return result;
            }
            if (!node.isArray()) {
                fail(at, "must be a list of activities");
                return result;
            }
            if (required && node.isEmpty()) {
                fail(at, "must contain at least one activity");
            }
            int i = 0;
            for (JsonNode element : node) {
                result.add(activity(element, at + "/" + i++));
            }
            return result;
        }

        Experiment.Activity activity(JsonNode node, String at) {
            if (!node.isObject()) {
                fail(at, "must be an object with type, name and provider");
                return null;
            }
            allowOnly(node, at, "type", "name", "provider", "tolerance", "pauses", "background", "controls");
            String name = string(node, at, "name", true);
            String type = string(node, at, "type", true);
            Experiment.Activity.Kind kind = null;
            if ("action".equals(type)) {
                kind = Experiment.Activity.Kind.ACTION;
            } else if ("probe".equals(type)) {
                kind = Experiment.Activity.Kind.PROBE;
            } else if (type != null) {
                fail(at + "/type", "must be action or probe, not '" + type + "'");
            }
            Provider provider = provider(node.get("provider"), at + "/provider");
            if (kind == Experiment.Activity.Kind.PROBE && provider != null && provider.injectsFaults()) {
                fail(at + "/provider/type", "a probe must not inject faults; use type: action");
            }
            Tolerance tolerance = node.has("tolerance") ? tolerance(node.get("tolerance"), at + "/tolerance") : null;
            if (tolerance != null && kind == Experiment.Activity.Kind.ACTION) {
                fail(at + "/tolerance", "only probes have a tolerance");
            }
            Duration before = Duration.ZERO;
            Duration after = Duration.ZERO;
            JsonNode pauses = node.get("pauses");
            if (pauses != null) {
                if (!pauses.isObject()) {
                    fail(at + "/pauses", "must be {before: DURATION, after: DURATION}");
                } else {
                    allowOnly(pauses, at + "/pauses", "before", "after");
                    before = duration(pauses, at + "/pauses", "before", Duration.ZERO);
                    after = duration(pauses, at + "/pauses", "after", Duration.ZERO);
                }
            }
            return new Experiment.Activity(name, kind, provider, tolerance, before, after, at);
        }

        Provider provider(JsonNode node, String at) {
            if (node == null || !node.isObject()) {
                fail(at, "is required: an object with a type (http, tcp, prometheus, grpc-health, process, command, "
                        + "toxic, process-signal, cgroup)");
                return null;
            }
            String type = string(node, at, "type", true);
            if (type == null) {
                return null;
            }
            Duration timeout = duration(node, at, "timeout", Duration.ofSeconds(5));
            switch (type) {
                case "http": {
                    allowOnly(node, at, "type", "url", "method", "headers", "body", "timeout");
                    URI url = uri(node, at, "url", true);
                    String method = string(node, at, "method", false);
                    method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
                    if (!method.matches("GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS")) {
                        fail(at + "/method", "must be an HTTP method such as GET or POST");
                    }
                    Map<String, String> headers = stringMap(node, at, "headers");
                    String body = string(node, at, "body", false);
                    return new Provider.Http(url, method, headers, body, timeout);
                }
                case "tcp": {
                    allowOnly(node, at, "type", "host", "port", "timeout");
                    String host = string(node, at, "host", true);
                    int port = port(node, at);
                    return new Provider.Tcp(host, port, timeout);
                }
                case "prometheus": {
                    allowOnly(node, at, "type", "url", "metric", "labels", "mode", "interval", "timeout");
                    URI url = uri(node, at, "url", true);
                    String metric = string(node, at, "metric", true);
                    if (metric != null && !metric.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
                        fail(at + "/metric", "must be a Prometheus metric name like http_requests_total");
                    }
                    Map<String, String> labels = stringMap(node, at, "labels");
                    String mode = string(node, at, "mode", false);
                    if (mode != null && !mode.equals("value") && !mode.equals("rate")) {
                        fail(at + "/mode", "must be value or rate");
                    }
                    Duration interval = duration(node, at, "interval", Duration.ofSeconds(1));
                    return new Provider.Prometheus(url, metric, labels, "rate".equals(mode), interval, timeout);
                }
                case "grpc-health": {
                    allowOnly(node, at, "type", "target", "service", "timeout");
                    String target = string(node, at, "target", true);
                    if (target != null && !target.matches(".+:\\d{1,5}")) {
                        fail(at + "/target", "must be host:port");
                    }
                    String service = string(node, at, "service", false);
                    return new Provider.GrpcHealth(target, service == null ? "" : service, timeout);
                }
                case "process": {
                    allowOnly(node, at, "type", "selector");
                    return new Provider.ProcessCount(selector(node.get("selector"), at + "/selector", true));
                }
                case "command": {
                    allowOnly(node, at, "type", "command", "timeout");
                    List<String> argv = strings(node, at, "command");
                    if (argv.isEmpty()) {
                        fail(at + "/command", "is required: the program and its arguments as a list");
                    }
                    return new Provider.Command(argv, timeout);
                }
                case "toxic":
                    return toxic(node, at);
                case "process-signal": {
                    allowOnly(node, at, "type", "signal", "selector");
                    String signal = string(node, at, "signal", true);
                    Provider.ProcessSignal s = null;
                    if (signal != null) {
                        for (Provider.ProcessSignal candidate : Provider.ProcessSignal.values()) {
                            if (candidate.wireName().equals(signal)) {
                                s = candidate;
                            }
                        }
                        if (s == null) {
                            fail(at + "/signal", "must be kill, terminate, pause or resume");
                        }
                    }
                    return new Provider.Signal(s, selector(node.get("selector"), at + "/selector", true));
                }
                case "cgroup": {
                    allowOnly(node, at, "type", "resource", "limit", "selector");
                    String resource = string(node, at, "resource", true);
                    Provider.CgroupResource r = null;
                    if ("cpu".equals(resource)) {
                        r = Provider.CgroupResource.CPU;
                    } else if ("memory".equals(resource)) {
                        r = Provider.CgroupResource.MEMORY;
                    } else if (resource != null) {
                        fail(at + "/resource", "must be cpu or memory");
                    }
                    String limit = string(node, at, "limit", true);
                    if (r != null && limit != null && CgroupLimits.parseLimit(r, limit) == null) {
                        fail(at + "/limit", r == Provider.CgroupResource.CPU
                                ? "must be a positive number of CPUs, e.g. 0.5"
                                : "must be a size in bytes with an optional unit, e.g. 64M");
                    }
                    return new Provider.CgroupLimit(r, limit, selector(node.get("selector"), at + "/selector", true));
                }
                default:
                    fail(at + "/type", "unknown provider type '" + type + "'; expected http, tcp, prometheus, "
                            + "grpc-health, process, command, toxic, process-signal or cgroup");
                    return null;
            }
        }

        Provider.Toxic toxic(JsonNode node, String at) {
            allowOnly(node, at, "type", "api", "proxy", "selector", "toxic");
            URI api = node.has("api") ? uri(node, at, "api", true) : null;
            Selector selector;
            if (node.has("proxy")) {
                String proxy = string(node, at, "proxy", true);
                if (node.has("selector")) {
                    fail(at + "/selector", "give either proxy or selector, not both");
                }
                selector = new Selector(null, proxy, null, Selector.Mode.ALL, 0);
            } else {
                selector = selector(node.get("selector"), at + "/selector", false);
            }
            JsonNode toxic = node.get("toxic");
            String tat = at + "/toxic";
            if (toxic == null || !toxic.isObject()) {
                fail(tat, "is required: {type, stream, toxicity, attributes}");
                return new Provider.Toxic(api, selector, null, null, 1.0, Map.of(), List.of(), null);
            }
            allowOnly(toxic, tat, "type", "stream", "toxicity", "attributes", "sources", "expires_in");
            String type = string(toxic, tat, "type", true);
            ToxicType toxicType = null;
            if (type != null) {
                toxicType = ToxicType.fromWireName(type).orElse(null);
                if (toxicType == null) {
                    fail(tat + "/type", "unknown toxic type '" + type + "'");
                }
            }
            String stream = string(toxic, tat, "stream", false);
            if (stream != null && !stream.equals("upstream") && !stream.equals("downstream")) {
                fail(tat + "/stream", "must be upstream or downstream");
            }
            double toxicity = 1.0;
            if (toxic.has("toxicity")) {
                JsonNode t = toxic.get("toxicity");
                if (!t.isNumber() || t.doubleValue() < 0 || t.doubleValue() > 1) {
                    fail(tat + "/toxicity", "must be a number from 0 to 1");
                } else {
                    toxicity = t.doubleValue();
                }
            }
            Map<String, Long> attributes = new LinkedHashMap<>();
            JsonNode attrs = toxic.get("attributes");
            if (attrs != null && !attrs.isNull()) {
                if (!attrs.isObject()) {
                    fail(tat + "/attributes", "must be an object of name: integer");
                } else {
                    for (Map.Entry<String, JsonNode> e : attrs.properties()) {
                        String aat = tat + "/attributes/" + escape(e.getKey());
                        if (!e.getValue().isIntegralNumber() || e.getValue().longValue() < 0) {
                            fail(aat, "must be a non-negative integer");
                        } else if (toxicType != null && !toxicType.attributeNames().contains(e.getKey())) {
                            fail(aat, "toxic " + type + " has no attribute '" + e.getKey() + "'; it has "
                                    + toxicType.attributeNames());
                        } else {
                            attributes.put(e.getKey(), e.getValue().longValue());
                        }
                    }
                }
            }
            List<String> sources = strings(toxic, tat, "sources");
            Duration expires = duration(toxic, tat, "expires_in", null);
            return new Provider.Toxic(api, selector, type, stream == null ? "downstream" : stream, toxicity,
                    Map.copyOf(attributes), sources, expires);
        }

        Selector selector(JsonNode node, String at, boolean needsCriterion) {
            if (node == null || !node.isObject()) {
                fail(at, "is required: {pid | name | pattern, mode, value}");
                return null;
            }
            allowOnly(node, at, "pid", "name", "pattern", "mode", "value");
            Long pid = null;
            if (node.has("pid")) {
                if (!node.get("pid").isIntegralNumber() || node.get("pid").longValue() <= 0) {
                    fail(at + "/pid", "must be a positive process id");
                } else {
                    pid = node.get("pid").longValue();
                }
            }
            String name = string(node, at, "name", false);
            Pattern pattern = null;
            String regex = string(node, at, "pattern", false);
            if (regex != null) {
                try {
                    pattern = Pattern.compile(regex);
                } catch (PatternSyntaxException e) {
                    fail(at + "/pattern", "is not a valid regular expression: " + e.getDescription());
                }
            }
            if (needsCriterion && pid == null && name == null && regex == null) {
                fail(at, "needs pid, name or pattern (selecting every process is not allowed)");
            }
            String modeText = string(node, at, "mode", false);
            Selector.Mode mode = modeText == null ? Selector.Mode.ONE : Selector.Mode.fromWire(modeText);
            if (mode == null) {
                fail(at + "/mode", "must be one, all, fixed, fixed-percent or max-percent");
                mode = Selector.Mode.ONE;
            }
            double value = 0;
            if (mode == Selector.Mode.FIXED || mode == Selector.Mode.FIXED_PERCENT || mode == Selector.Mode.MAX_PERCENT) {
                JsonNode v = node.get("value");
                if (v == null || !v.isNumber() || v.doubleValue() <= 0
                        || (mode != Selector.Mode.FIXED && v.doubleValue() > 100)
                        || (mode == Selector.Mode.FIXED && !v.isIntegralNumber())) {
                    fail(at + "/value", mode == Selector.Mode.FIXED ? "must be a positive integer count"
                            : "must be a percentage in (0, 100]");
                } else {
                    value = v.doubleValue();
                }
            }
            return new Selector(pid, name, pattern, mode, value);
        }

        Tolerance tolerance(JsonNode node, String at) {
            if (node.isNumber() || node.isString() || node.isBoolean()) {
                return new Tolerance.Exact(node);
            }
            if (node.isArray()) {
                if (node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()
                        || node.get(0).doubleValue() > node.get(1).doubleValue()) {
                    fail(at, "a list tolerance must be a range [low, high] of two numbers, low <= high");
                    return null;
                }
                return new Tolerance.Range(node.get(0).doubleValue(), node.get(1).doubleValue(), null);
            }
            if (!node.isObject()) {
                fail(at, "must be a value, a [low, high] range or {type: range|regex|jsonpath|baseline, ...}");
                return null;
            }
            String type = string(node, at, "type", true);
            String target = string(node, at, "target", false);
            if (type == null) {
                return null;
            }
            switch (type) {
                case "range": {
                    allowOnly(node, at, "type", "range", "target");
                    JsonNode range = node.get("range");
                    if (range == null || !range.isArray() || range.size() != 2 || !range.get(0).isNumber()
                            || !range.get(1).isNumber() || range.get(0).doubleValue() > range.get(1).doubleValue()) {
                        fail(at + "/range", "must be [low, high], two numbers with low <= high");
                        return null;
                    }
                    return new Tolerance.Range(range.get(0).doubleValue(), range.get(1).doubleValue(), target);
                }
                case "regex": {
                    allowOnly(node, at, "type", "pattern", "target");
                    String regex = string(node, at, "pattern", true);
                    if (regex == null) {
                        return null;
                    }
                    try {
                        return new Tolerance.Regex(Pattern.compile(regex), target);
                    } catch (PatternSyntaxException e) {
                        fail(at + "/pattern", "is not a valid regular expression: " + e.getDescription());
                        return null;
                    }
                }
                case "jsonpath": {
                    allowOnly(node, at, "type", "path", "expect", "count", "target");
                    String path = string(node, at, "path", true);
                    Integer count = null;
                    JsonNode countNode = node.get("count");
                    if (countNode != null && !countNode.isNull()) {
                        if (!countNode.isIntegralNumber() || !countNode.canConvertToInt() || countNode.intValue() < 0) {
                            fail(at + "/count", "must be a whole number >= 0 (how many values the path must match)");
                        } else {
                            count = countNode.intValue();
                        }
                    }
                    if (path == null) {
                        return null;
                    }
                    try {
                        return new Tolerance.JsonPath(path, node.get("expect"), count, target);
                    } catch (IllegalArgumentException e) {
                        fail(at + "/path", e.getMessage());
                        return null;
                    }
                }
                case "baseline": {
                    allowOnly(node, at, "type", "band", "delta", "target");
                    double band = nonNegative(node, at, "band");
                    double delta = nonNegative(node, at, "delta");
                    if (!node.has("band") && !node.has("delta")) {
                        fail(at, "needs band (a fraction of the baseline, e.g. 0.2) or delta (an absolute amount)");
                    }
                    return new Tolerance.Baseline(band, delta, target);
                }
                default:
                    fail(at + "/type", "must be range, regex, jsonpath or baseline");
                    return null;
            }
        }

        Experiment.Safety safety(JsonNode node) {
            if (node == null || node.isNull()) {
                return Experiment.Safety.DEFAULT;
            }
            if (!node.isObject()) {
                fail("/safety", "must be {max-concurrent-faults, max-affected-targets}");
                return Experiment.Safety.DEFAULT;
            }
            allowOnly(node, "/safety", "max-concurrent-faults", "max-affected-targets");
            return new Experiment.Safety(positiveInt(node, "/safety", "max-concurrent-faults",
                    Experiment.Safety.DEFAULT.maxConcurrentFaults()),
                    positiveInt(node, "/safety", "max-affected-targets", Experiment.Safety.DEFAULT.maxAffectedTargets()));
        }

        List<Experiment.RolloutStage> rollout(JsonNode node) {
            if (node == null || node.isNull()) {
                return List.of(new Experiment.RolloutStage(null, 100.0));
            }
            JsonNode stages = node.isObject() ? node.get("stages") : node;
            String at = node.isObject() ? "/rollout/stages" : "/rollout";
            if (stages == null || !stages.isArray() || stages.isEmpty()) {
                fail(at, "must be a non-empty list of stages like {count: 1} or {percent: 10}");
                return List.of(new Experiment.RolloutStage(null, 100.0));
            }
            List<Experiment.RolloutStage> result = new ArrayList<>();
            double lastPercent = 0;
            int i = 0;
            for (JsonNode stage : stages) {
                String sat = at + "/" + i++;
                if (!stage.isObject() || stage.size() != 1 || !(stage.has("count") || stage.has("percent"))) {
                    fail(sat, "must be {count: N} or {percent: P}");
                    continue;
                }
                if (stage.has("count")) {
                    JsonNode c = stage.get("count");
                    if (!c.isIntegralNumber() || c.intValue() < 1) {
                        fail(sat + "/count", "must be a positive integer");
                        continue;
                    }
                    result.add(new Experiment.RolloutStage(c.intValue(), null));
                } else {
                    JsonNode p = stage.get("percent");
                    if (!p.isNumber() || p.doubleValue() <= 0 || p.doubleValue() > 100) {
                        fail(sat + "/percent", "must be a percentage in (0, 100]");
                        continue;
                    }
                    if (p.doubleValue() < lastPercent) {
                        fail(sat + "/percent", "stages must not shrink: " + p.doubleValue() + " < " + lastPercent);
                    }
                    lastPercent = p.doubleValue();
                    result.add(new Experiment.RolloutStage(null, p.doubleValue()));
                }
            }
            Experiment.RolloutStage last = result.isEmpty() ? null : result.get(result.size() - 1);
            if (last == null || last.percent() == null || last.percent() < 100) {
                result.add(new Experiment.RolloutStage(null, 100.0));
            }
            return result;
        }

        List<ProxySpec> proxies(JsonNode node) {
            List<ProxySpec> result = new ArrayList<>();
            if (node == null || node.isNull()) {
                return result;
            }
            if (!node.isArray()) {
                fail("/proxies", "must be a list of {name, listen, upstream}");
                return result;
            }
            int i = 0;
            for (JsonNode p : node) {
                String at = "/proxies/" + i++;
                if (!p.isObject()) {
                    fail(at, "must be {name, listen, upstream}");
                    continue;
                }
                allowOnly(p, at, "name", "listen", "upstream");
                String name = string(p, at, "name", true);
                String listen = string(p, at, "listen", false);
                String upstream = string(p, at, "upstream", true);
                if (upstream != null && !upstream.matches(".+:\\d{1,5}")) {
                    fail(at + "/upstream", "must be host:port");
                }
                result.add(new ProxySpec(name, listen == null ? "127.0.0.1:0" : listen, upstream, true));
            }
            return result;
        }

        // ---- field helpers ----

        void allowOnly(JsonNode node, String at, String... names) {
            List<String> allowed = List.of(names);
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!allowed.contains(e.getKey())) {
                    fail(at + "/" + escape(e.getKey()), "unknown field; expected one of " + allowed);
                }
            }
        }

        String string(JsonNode node, String at, String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    fail(at + "/" + field, "is required");
                }
                return null;
            }
            if (!v.isString() && !v.isNumber() && !v.isBoolean()) {
                fail(at + "/" + field, "must be a string");
                return null;
            }
            String s = scalar(v);
            if (required && s.isBlank()) {
                fail(at + "/" + field, "must not be blank");
                return null;
            }
            return s;
        }

        URI uri(JsonNode node, String at, String field, boolean required) {
            String s = string(node, at, field, required);
            if (s == null) {
                return null;
            }
            try {
                URI uri = new URI(s);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    fail(at + "/" + field, "must be an absolute http(s) URL, not '" + s + "'");
                    return null;
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                fail(at + "/" + field, "is not a URL: " + e.getReason());
                return null;
            }
        }

        int port(JsonNode node, String at) {
            JsonNode v = node.get("port");
            if (v == null || !v.isIntegralNumber() || v.intValue() < 1 || v.intValue() > 65535) {
                fail(at + "/port", "must be a port number 1..65535");
                return 0;
            }
            return v.intValue();
        }

        Duration duration(JsonNode node, String at, String field, Duration otherwise) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return otherwise;
            }
            Duration d = v.isNumber() ? (v.doubleValue() < 0 ? null : Durations.parse(v.asString()))
                    : v.isString() ? Durations.parse(v.stringValue()) : null;
            if (d == null) {
                fail(at + "/" + field, "must be a duration like 500ms, 2s or 1m (a bare number means seconds)");
                return otherwise;
            }
            return d;
        }

        Map<String, String> stringMap(JsonNode node, String at, String field) {
            JsonNode v = node.get(field);
            Map<String, String> result = new LinkedHashMap<>();
            if (v == null || v.isNull()) {
                return result;
            }
            if (!v.isObject()) {
                fail(at + "/" + field, "must be an object of name: value");
                return result;
            }
            for (Map.Entry<String, JsonNode> e : v.properties()) {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    fail(at + "/" + field + "/" + escape(e.getKey()), "must be a string");
                } else {
                    result.put(e.getKey(), scalar(e.getValue()));
                }
            }
            return result;
        }

        List<String> strings(JsonNode node, String at, String field) {
            JsonNode v = node.get(field);
            List<String> result = new ArrayList<>();
            if (v == null || v.isNull()) {
                return result;
            }
            if (!v.isArray()) {
                fail(at + "/" + field, "must be a list of strings");
                return result;
            }
            int i = 0;
            for (JsonNode element : v) {
                if (!element.isValueNode() || element.isNull()) {
                    fail(at + "/" + field + "/" + i, "must be a string");
                } else {
                    result.add(scalar(element));
                }
                i++;
            }
            return result;
        }

        int positiveInt(JsonNode node, String at, String field, int otherwise) {
            JsonNode v = node.get(field);
            if (v == null) {
                return otherwise;
            }
            if (!v.isIntegralNumber() || v.intValue() < 1) {
                fail(at + "/" + field, "must be a positive integer");
                return otherwise;
            }
            return v.intValue();
        }

        double nonNegative(JsonNode node, String at, String field) {
            JsonNode v = node.get(field);
            if (v == null) {
                return 0;
            }
            if (!v.isNumber() || v.doubleValue() < 0) {
                fail(at + "/" + field, "must be a non-negative number");
                return 0;
            }
            return v.doubleValue();
        }
    }

    private static String scalar(JsonNode v) {
        return v.isString() ? v.stringValue() : v.asString();
    }

    /** RFC 6901 escaping of one reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
