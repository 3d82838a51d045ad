package io.multisystem.ledger.filter;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a filter against one of fail2ban's annotated sample logs ({@code tests/files/logs/<filter>}), the way
 * fail2ban's own {@code samplestestcase.py} does: every {@code # failJSON: {...}} comment states whether the next
 * line matches and for which host; {@code # filterOptions: [...]} runs the following lines once per option set (e.g.
 * {@code mode=aggressive}); {@code # fileOptions:} sets common options; {@code # addFILE: "name"} appends another log.
 * Lines with a Python {@code constraint} and option sets with a {@code test.condition} other than
 * {@code name=='<filter>'} are skipped (they need a Python evaluator).
 */
public final class Fail2banSampleLog {
    private static final Pattern DIRECTIVE = Pattern.compile("^#+ ?(failJSON|(?:file|filter)Options|addFILE):(.+)$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A line where we and fail2ban's annotation disagree. */
    public record Disagreement(String log, int line, String options, boolean expectedMatch, String expectedHost,
                               boolean actualMatch, String actualHost, String text) {
    }

    /** The result of one sample log. */
    public record Result(String filter, int checked, int agreed, int skipped, List<Disagreement> disagreements) {
        public boolean allAgree() {
            return checked == agreed;
        }
    }

    private Fail2banSampleLog() {
    }

    /** Runs filter {@code name} from {@code filterDir} against {@code logDir/name} (and its addFILE logs). */
    public static Result check(Path filterDir, Path logDir, String name, Instant reference) {
        List<String> files = new ArrayList<>(List.of(name));
        Map<String, String> fileOptions = new HashMap<>();
        List<Map<String, String>> optionSets = null;
        List<FilterMatcher> matchers = new ArrayList<>();
        int checked = 0;
        int agreed = 0;
        int skipped = 0;
        List<Disagreement> disagreements = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            List<String> lines;
            try {
                lines = Files.readAllLines(logDir.resolve(files.get(f)), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read sample log " + files.get(f), e);
            }
            boolean ignoreBlock = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                JsonNode faildata = null;
                Matcher d = DIRECTIVE.matcher(line);
                if (d.matches()) {
                    JsonNode json = JSON.readTree(d.group(2));
                    switch (d.group(1)) {
                        case "fileOptions" -> {
                            fileOptions = toMap(json);
                            continue;
                        }
                        case "filterOptions" -> {
                            optionSets = new ArrayList<>();
                            matchers = new ArrayList<>();
                            ignoreBlock = false;
                            List<JsonNode> sets = new ArrayList<>();
                            if (json.isArray()) {
                                json.forEach(sets::add);
                            } else {
                                sets.add(json);
                            }
                            for (JsonNode set : sets) {
                                Map<String, String> opts = new HashMap<>(fileOptions);
                                opts.putAll(toMap(set));
                                String cond = opts.get("test.condition");
                                if (cond != null) {
                                    Matcher c = Pattern.compile("name\\s*==\\s*'([^']*)'").matcher(cond);
                                    ignoreBlock = !(c.matches() && c.group(1).equals(name));
                                }
                                if (!ignoreBlock) {
                                    optionSets.add(opts);
                                    matchers.add(load(filterDir, name, opts).newMatcher(reference));
                                }
                            }
                            continue;
                        }
                        case "addFILE" -> {
                            files.add(json.asString());
                            continue;
                        }
                        default -> {
                            faildata = json;
                            i++;
                            if (i >= lines.size()) {
                                continue;
                            }
                            line = lines.get(i);
                        }
                    }
                } else if (ignoreBlock || line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (ignoreBlock) {
                    continue;
                }
                if (optionSets == null) {
                    optionSets = new ArrayList<>(List.of(new HashMap<>(fileOptions)));
                    matchers = new ArrayList<>(List.of(load(filterDir, name, fileOptions).newMatcher(reference)));
                }
                boolean expected = faildata != null && faildata.path("match").asBoolean(false);
                String expectedHost = faildata == null || faildata.path("host").isMissingNode() ? null
                        : faildata.path("host").asString();
                boolean constrained = faildata != null && faildata.has("constraint");
                for (int s = 0; s < matchers.size(); s++) {
                    Map<String, String> opts = optionSets.get(s);
                    String text = line;
                    Optional<FilterMatch> got;
                    if ("journal".equals(opts.get("logtype"))) {
                        String prefix = opts.getOrDefault("test.prefix-line", "");
                        got = matchers.get(s).processWithoutDate(prefix + text, reference);
                    } else {
                        got = matchers.get(s).process(text);
                    }
                    if (constrained) {
                        skipped++;
                        continue;
                    }
                    checked++;
                    boolean actual = got.isPresent();
                    String actualHost = got.map(FilterMatch::host).orElse(null);
                    boolean ok = actual == expected && (!actual || expectedHost == null || expectedHost.equals(actualHost));
                    if (ok) {
                        agreed++;
                    } else {
                        disagreements.add(new Disagreement(files.get(f), i + 1, opts.toString(), expected, expectedHost,
                                actual, actualHost, text));
                    }
                }
            }
        }
        return new Result(name, checked, agreed, skipped, disagreements);
    }

    private static Fail2banFilter load(Path filterDir, String name, Map<String, String> opts) {
        Map<String, String> filterOptions = new HashMap<>();
        opts.forEach((k, v) -> {
            if (!k.startsWith("test.")) {
                filterOptions.put(k, v);
            }
        });
        return Fail2banFilter.load(filterDir.resolve(name + ".conf"), filterOptions);
    }

    private static Map<String, String> toMap(JsonNode node) {
        Map<String, String> out = new HashMap<>();
        node.properties().forEach(e -> out.put(e.getKey(), e.getValue().isString() ? e.getValue().asString()
                : e.getValue().toString()));
        return out;
    }
}
