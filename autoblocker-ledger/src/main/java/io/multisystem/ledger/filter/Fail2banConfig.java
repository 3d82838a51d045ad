package io.multisystem.ledger.filter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fail2ban's configuration dialect: Python {@code configparser} INI files plus fail2ban's extensions.
 *
 * <p>Design: files are read in fail2ban's order — for each file its {@code [INCLUDES] before} files (recursively),
 * the file itself, its {@code .local} sibling, then its {@code after} files; a later value of the same option wins.
 * Values may continue on indented lines; {@code #} and {@code ;} start a comment line, {@code " ;"} starts an inline
 * comment. {@code %(name)s} interpolation (Python's BasicInterpolation: own section, then {@code [DEFAULT]}; fail2ban's
 * {@code %(section/name)s} form; {@code %%} for a literal percent) happens on read. The source line of every option is
 * kept for error messages.
 */
public final class Fail2banConfig {
    private static final Pattern SECTION = Pattern.compile("^\\[([^]]+)]\\s*$");
    private static final Pattern OPTION = Pattern.compile("^([^=:\\s][^=:]*?)\\s*[=:]\\s?(.*)$");
    private static final Pattern INTERPOLATION = Pattern.compile("%\\(([^)]+)\\)s");
    public static final String DEFAULT = "DEFAULT";

    /** An option value and where it was defined. */
    public record Value(String raw, Path file, int line) {
    }

    private final Map<String, Map<String, Value>> sections = new LinkedHashMap<>();
    private final Path mainFile;

    private Fail2banConfig(Path mainFile) {
        this.mainFile = mainFile;
    }

    /** Reads {@code file} with its includes. */
    public static Fail2banConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new FilterConfigException(file, 0, "file", "no such filter file");
        }
        Fail2banConfig config = new Fail2banConfig(file);
        config.readWithIncludes(file, new HashSet<>());
        return config;
    }

    public Path file() {
        return mainFile;
    }

    public boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    /** Raw (uninterpolated) options of a section, without DEFAULT. */
    public Map<String, Value> section(String section) {
        return sections.getOrDefault(section, Map.of());
    }

    private void readWithIncludes(Path file, Set<Path> seen) {
        Path real = file.toAbsolutePath().normalize();
        if (!seen.add(real)) {
            throw new FilterConfigException(file, 0, "[INCLUDES]", "include cycle through " + file.getFileName());
        }
        Map<String, Map<String, Value>> own = parse(file);
        Map<String, Value> includes = own.getOrDefault("INCLUDES", Map.of());
        for (String name : words(includes.get("before"))) {
            Path inc = file.resolveSibling(name);
            if (Files.isRegularFile(inc)) {
                readWithIncludes(inc, seen);
            } else if (!name.endsWith(".local")) {
                Value v = includes.get("before");
                throw new FilterConfigException(file, v.line(), "before", "included file " + name + " not found");
            }
        }
        merge(own);
        String fn = file.getFileName().toString();
        if (fn.endsWith(".conf")) {
            Path local = file.resolveSibling(fn.substring(0, fn.length() - 5) + ".local");
            if (Files.isRegularFile(local)) {
                merge(parse(local));
            }
        }
        for (String name : words(includes.get("after"))) {
            Path inc = file.resolveSibling(name);
            if (Files.isRegularFile(inc)) {
                readWithIncludes(inc, seen);
            } else if (!name.endsWith(".local")) {
                Value v = includes.get("after");
                throw new FilterConfigException(file, v.line(), "after", "included file " + name + " not found");
            }
        }
        seen.remove(real);
    }

    private static List<String> words(Value v) {
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String w : v.raw().trim().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    private void merge(Map<String, Map<String, Value>> other) {
        other.forEach((section, options) -> {
            if (!section.equals("INCLUDES")) {
                Map<String, Value> target = sections.computeIfAbsent(section, k -> new LinkedHashMap<>());
                options.forEach((k, v) -> {
                    Value previous = target.put(k, v);
                    if (previous != null) {
                        sections.computeIfAbsent("KNOWN/" + section, s -> new LinkedHashMap<>()).put(k, previous);
                    }
                });
            }
        });
    }

    static Map<String, Map<String, Value>> parse(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FilterConfigException(file, 0, "file", "cannot read: " + e.getMessage());
        }
        Map<String, Map<String, Value>> result = new LinkedHashMap<>();
        Map<String, Value> current = null;
        String key = null;
        StringBuilder value = null;
        int keyLine = 0;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            String t = line.strip();
            if (t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            if (t.isEmpty()) {
                if (key != null) {
                    value.append('\n');
                }
                continue;
            }
            boolean continuation = Character.isWhitespace(line.charAt(0));
            if (continuation && key != null) {
                value.append('\n').append(stripInline(t));
                continue;
            }
            if (key != null) {
                current.put(key, new Value(value.toString().strip(), file, keyLine));
                key = null;
            }
            Matcher s = SECTION.matcher(t);
            if (s.matches()) {
                current = result.computeIfAbsent(s.group(1).strip(), k -> new LinkedHashMap<>());
                continue;
            }
            Matcher o = OPTION.matcher(t);
            if (!o.matches()) {
                throw new FilterConfigException(file, n + 1, "line", "expected 'name = value' or '[section]', got: " + t);
            }
            if (current == null) {
                throw new FilterConfigException(file, n + 1, o.group(1).strip(), "option outside of any [section]");
            }
            key = o.group(1).strip();
            value = new StringBuilder(stripInline(o.group(2)));
            keyLine = n + 1;
        }
        if (key != null) {
            current.put(key, new Value(value.toString().strip(), file, keyLine));
        }
        return result;
    }

    private static String stripInline(String v) {
        int i = v.indexOf(" ;");
        return i >= 0 ? v.substring(0, i).stripTrailing() : v;
    }

    /** The raw value of {@code option} in {@code section}, falling back to DEFAULT; null if absent. */
    public Value raw(String section, String option) {
        Value v = sections.getOrDefault(section, Map.of()).get(option);
        if (v == null) {
            v = sections.getOrDefault(DEFAULT, Map.of()).get(option);
        }
        return v;
    }

    /** All option names visible in a section (its own and DEFAULT's). */
    public Set<String> optionNames(String section) {
        Set<String> names = new java.util.LinkedHashSet<>(sections.getOrDefault(DEFAULT, Map.of()).keySet());
        names.addAll(sections.getOrDefault(section, Map.of()).keySet());
        return names;
    }

    /** The interpolated value of {@code option} in {@code section}, with {@code overrides} taking precedence. */
    public String get(String section, String option, Map<String, String> overrides) {
        if (overrides.containsKey(option)) {
            return overrides.get(option);
        }
        Value v = raw(section, option);
        if (v == null) {
            return null;
        }
        return interpolate(section, v, overrides, 0);
    }

    private String interpolate(String section, Value v, Map<String, String> overrides, int depth) {
        if (depth > 20) {
            throw new FilterConfigException(v.file(), v.line(), section, "interpolation too deep (self reference?)");
        }
        String raw = v.raw();
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (raw.startsWith("%%", i)) {
                out.append('%');
                i += 2;
                continue;
            }
            Matcher m = INTERPOLATION.matcher(raw).region(i, raw.length());
            if (!m.lookingAt()) {
                throw new FilterConfigException(v.file(), v.line(), section,
                        "'%' must be followed by '%' or '(name)s' at: " + raw.substring(i, Math.min(raw.length(), i + 20)));
            }
            String name = m.group(1);
            String sec = section;
            String opt = name;
            int slash = name.indexOf('/');
            if (slash > 0) {
                sec = name.substring(0, slash);
                opt = name.substring(slash + 1);
                if (sec.equalsIgnoreCase("default")) {
                    sec = DEFAULT;
                } else if (sec.equalsIgnoreCase("known")) {
                    sec = raw("KNOWN/" + section, opt) != null ? "KNOWN/" + section : section;
                }
            }
            String replacement;
            if (slash < 0 && overrides.containsKey(opt)) {
                replacement = overrides.get(opt);
            } else {
                Value ref = raw(sec, opt);
                if (ref == null) {
                    throw new FilterConfigException(v.file(), v.line(), section,
                            "bad interpolation: no option '" + name + "' for %(" + name + ")s");
                }
                replacement = interpolate(sec, ref, overrides, depth + 1);
            }
            out.append(replacement);
            i = m.end();
        }
        return out.toString();
    }
}
