package io.multisystem.ledger.filter;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loaded fail2ban filter ({@code filter.d/*.conf}): its failregex, ignoreregex, prefregex, datepattern and
 * maxlines, fully expanded and compiled. Immutable and thread-safe; {@link #newMatcher} gives the stateful line
 * processor.
 *
 * <p>Design: values are read with {@link Fail2banConfig} ({@code %(x)s} interpolation), then fail2ban's tag
 * substitution runs: the innermost {@code <name>} whose name is an option (own section, {@code [Init]}, caller
 * options, {@code [DEFAULT]}, or {@code section/option}) is replaced until none is left, so
 * {@code <lt_<logtype>/__prefix_line>} resolves inside out. The remaining tags are fail2ban's regex tags:
 * {@code <HOST>}, {@code <ADDR>}, {@code <IP4>}, {@code <IP6>}, {@code <DNS>}, {@code <CIDR>}, {@code <SUBNET>},
 * {@code <F-ID/>}, {@code <F-PORT/>}, {@code <SKIPLINES>} and the capture tags {@code <F-NAME>...</F-NAME>}, expanded
 * with fail2ban's own regexes, then the Python regex is translated by {@link PythonRegex}.
 */
public final class Fail2banFilter {
    static final String IP4 = "(?:\\d{1,3}\\.){3}\\d{1,3}";
    static final String IP6 = "(?:[0-9a-fA-F]{1,4}::?|::){1,7}(?:[0-9a-fA-F]{1,4}|(?<=:):)";
    static final String R_IP4 = "(?:::f{4,6}:)?(?P<ip4>" + IP4 + ")";
    static final String R_IP6 = "(?P<ip6>" + IP6 + ")";
    static final String R_DNS = "(?P<dns>[\\w\\-.^_]*\\w)";
    static final String R_ADDR = "\\[?(?:" + R_IP4 + "|" + R_IP6 + ")\\]?";
    static final String R_HOST = "(?:" + R_ADDR + "|" + R_DNS + ")";
    static final String R_CIDR = "(?P<cidr>\\d+)";
    static final String R_SUBNET = "\\[?(?:" + R_IP4 + "|" + R_IP6 + ")(?:/" + R_CIDR + ")?\\]?";
    private static final Map<String, String> HOST_TAGS = Map.ofEntries(
            Map.entry("IP4", R_IP4), Map.entry("F-IP4/", R_IP4), Map.entry("IP6", R_IP6), Map.entry("F-IP6/", R_IP6),
            Map.entry("ADDR", R_ADDR), Map.entry("F-ADDR/", R_ADDR), Map.entry("CIDR", R_CIDR),
            Map.entry("F-CIDR/", R_CIDR), Map.entry("SUBNET", R_SUBNET), Map.entry("F-SUBNET/", R_SUBNET),
            Map.entry("DNS", R_DNS), Map.entry("F-DNS/", R_DNS), Map.entry("F-ID/", "(?P<fid>\\S+)"),
            Map.entry("F-PORT/", "(?P<fport>\\w+)"), Map.entry("HOST", R_HOST));
    private static final Pattern FTAG = Pattern.compile("</?[\\w\\-]+/?>");
    private static final Pattern FCUSTNAME = Pattern.compile("^(/?)F-([A-Z0-9_\\-]+)$");
    private static final Pattern TAG = Pattern.compile("<([^ <>]+)>");
    static final List<String> FAILURE_ID_GROUPS = List.of("fid", "ip4", "ip6", "dns", "mlfid");

    /** One compiled regex with its source position. */
    record CompiledRegex(String source, PythonRegex regex) {
    }

    private final String name;
    private final Path file;
    private final List<CompiledRegex> failRegex;
    private final List<CompiledRegex> ignoreRegex;
    private final CompiledRegex prefRegex;
    private final String datePattern;
    private final int maxLines;

    private Fail2banFilter(String name, Path file, List<CompiledRegex> failRegex, List<CompiledRegex> ignoreRegex,
            CompiledRegex prefRegex, String datePattern, int maxLines) {
        this.name = name;
        this.file = file;
        this.failRegex = failRegex;
        this.ignoreRegex = ignoreRegex;
        this.prefRegex = prefRegex;
        this.datePattern = datePattern;
        this.maxLines = maxLines;
    }

    /** Loads a filter file with default options. */
    public static Fail2banFilter load(Path file) {
        return load(file, Map.of());
    }

    /** Loads a filter file, {@code options} overriding its values as a jail's {@code filter = name[mode=...]} does. */
    public static Fail2banFilter load(Path file, Map<String, String> options) {
        Fail2banConfig config = Fail2banConfig.read(file);
        if (!config.hasSection("Definition")) {
            throw new FilterConfigException(file, 0, "[Definition]", "the filter has no [Definition] section");
        }
        Map<String, String> overrides = new HashMap<>();
        config.section("Init").forEach((k, v) -> overrides.put(k, config.get("Init", k, Map.of())));
        overrides.putAll(options);
        Resolver resolver = new Resolver(config, overrides);
        String fail = resolver.option("failregex");
        if (fail == null || fail.isBlank()) {
            throw new FilterConfigException(file, line(config, "failregex"), "failregex", "no failregex defined");
        }
        CompiledRegex pref = null;
        String prefSrc = resolver.option("prefregex");
        if (prefSrc != null && !prefSrc.isBlank()) {
            pref = compile(config, "prefregex", prefSrc.strip());
        }
        List<CompiledRegex> fails = new ArrayList<>();
        for (String r : lines(fail)) {
            CompiledRegex c = compile(config, "failregex", r);
            boolean hasId = FAILURE_ID_GROUPS.stream().anyMatch(c.regex().groupNames()::contains)
                    || (pref != null && FAILURE_ID_GROUPS.stream().anyMatch(pref.regex().groupNames()::contains));
            if (!hasId) {
                throw new FilterConfigException(config.file(), line(config, "failregex"), "failregex",
                        "no failure-id group (<HOST>, <ADDR>, <F-ID> ...) in: " + r);
            }
            fails.add(c);
        }
        List<CompiledRegex> ignores = new ArrayList<>();
        String ignore = resolver.option("ignoreregex");
        if (ignore != null) {
            for (String r : lines(ignore)) {
                ignores.add(compile(config, "ignoreregex", r));
            }
        }
        String maxLinesText = resolver.option("maxlines");
        int maxLines = 1;
        if (maxLinesText != null && !maxLinesText.isBlank()) {
            try {
                maxLines = Integer.parseInt(maxLinesText.strip());
            } catch (NumberFormatException e) {
                throw new FilterConfigException(file, line(config, "maxlines"), "maxlines",
                        "must be a whole number, got '" + maxLinesText.strip() + "'");
            }
            if (maxLines < 1 || maxLines > 1000) {
                throw new FilterConfigException(file, line(config, "maxlines"), "maxlines", "must be 1..1000");
            }
        }
        String datePattern = resolver.option("datepattern");
        try {
            DateDetector.forPattern(datePattern, Instant.EPOCH);
        } catch (IllegalArgumentException e) {
            throw new FilterConfigException(file, line(config, "datepattern"), "datepattern", e.getMessage());
        }
        String fn = file.getFileName().toString();
        String name = fn.endsWith(".conf") ? fn.substring(0, fn.length() - 5) : fn;
        return new Fail2banFilter(name, file, List.copyOf(fails), List.copyOf(ignores), pref, datePattern, maxLines);
    }

    private static int line(Fail2banConfig config, String option) {
        Fail2banConfig.Value v = config.raw("Definition", option);
        return v == null ? 0 : v.line();
    }

    private static List<String> lines(String value) {
        List<String> out = new ArrayList<>();
        for (String l : value.split("\n")) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    private static CompiledRegex compile(Fail2banConfig config, String option, String source) {
        try {
            String python = resolveHostTags(source);
            if (python.isBlank()) {
                throw new IllegalArgumentException("empty regex");
            }
            return new CompiledRegex(source, PythonRegex.compile(python));
        } catch (IllegalArgumentException e) {
            Fail2banConfig.Value v = config.raw("Definition", option);
            throw new FilterConfigException(v == null ? config.file() : v.file(), v == null ? 0 : v.line(), option,
                    "bad regex '" + source + "': " + e.getMessage());
        }
    }

    /** fail2ban's {@code Regex._resolveHostTag}: regex tags to Python regex. */
    static String resolveHostTags(String regex) {
        Map<String, Boolean> open = new HashMap<>();
        int[] skipLines = {0};
        Matcher m = FTAG.matcher(regex);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String tag = m.group();
            String tn = tag.substring(1, tag.length() - 1);
            String repl;
            if (HOST_TAGS.containsKey(tn)) {
                repl = HOST_TAGS.get(tn);
            } else if (tn.equals("SKIPLINES")) {
                repl = "\\n(?P<skiplines" + skipLines[0]++ + ">(?:(?:.*\\n)*?))";
            } else {
                Matcher f = FCUSTNAME.matcher(tn);
                if (f.matches()) {
                    String n = f.group(2);
                    if (!f.group(1).isEmpty()) {
                        repl = open.containsKey(n) ? ")" : tag;
                    } else {
                        open.put(n, true);
                        repl = "(?P<" + mapTag(n) + ">";
                    }
                } else {
                    repl = tag;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(repl));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String mapTag(String tag) {
        String t = tag.toLowerCase(Locale.ROOT);
        return switch (t) {
            case "id" -> "fid";
            case "port" -> "fport";
            default -> t;
        };
    }

    /** Option lookup with fail2ban's recursive tag substitution. */
    private static final class Resolver {
        private final Fail2banConfig config;
        private final Map<String, String> overrides;
        private final Map<String, String> cache = new HashMap<>();

        Resolver(Fail2banConfig config, Map<String, String> overrides) {
            this.config = config;
            this.overrides = overrides;
        }

        String option(String name) {
            String v = lookup(name);
            return v == null ? null : substitute(v, name, 0);
        }

        private String lookup(String name) {
            if (cache.containsKey(name)) {
                return cache.get(name);
            }
            String v;
            int slash = name.indexOf('/');
            if (slash > 0) {
                String sec = name.substring(0, slash);
                String opt = name.substring(slash + 1);
                v = config.raw(sec, opt) == null ? null : config.get(sec, opt, Map.of());
            } else {
                v = config.get("Definition", name, overrides);
            }
            cache.put(name, v);
            return v;
        }

        private String substitute(String value, String owner, int depth) {
            if (depth > 50) {
                Fail2banConfig.Value v = config.raw("Definition", owner);
                throw new FilterConfigException(v == null ? config.file() : v.file(), v == null ? 0 : v.line(), owner,
                        "tag substitution does not terminate (self reference?)");
            }
            Matcher m = TAG.matcher(value);
            int from = 0;
            while (m.find(from)) {
                String tag = m.group(1);
                String repl = tag.equals(owner) ? null : lookup(tag);
                if (repl == null) {
                    from = m.end();
                    continue;
                }
                String expanded = substitute(repl, tag, depth + 1);
                value = value.substring(0, m.start()) + expanded + value.substring(m.end());
                m = TAG.matcher(value);
                from = 0;
            }
            return value;
        }
    }

    public String name() {
        return name;
    }

    public Path file() {
        return file;
    }

    public int failRegexCount() {
        return failRegex.size();
    }

    List<CompiledRegex> failRegex() {
        return failRegex;
    }

    List<CompiledRegex> ignoreRegex() {
        return ignoreRegex;
    }

    CompiledRegex prefRegex() {
        return prefRegex;
    }

    int maxLines() {
        return maxLines;
    }

    String datePattern() {
        return datePattern;
    }

    /** A new stateful matcher (date template memory, multi-line buffer, connection-id cache). Not thread-safe. */
    public FilterMatcher newMatcher(Instant reference) {
        return new FilterMatcher(this, DateDetector.forPattern(datePattern, reference), false);
    }

    /**
     * A new matcher in fail2ban's {@code checkAllRegex} mode (what {@code fail2ban-regex} and fail2ban's sample-log
     * tests use): every failregex is tried on every line and each match is merged and counted, instead of stopping at
     * the first one like the fail2ban server. Reported failures are the same lines; {@link FilterMatcher#regexHits()}
     * then equals {@code fail2ban-regex -r}'s "Failregex: N total".
     */
    public FilterMatcher newCheckAllMatcher(Instant reference) {
        return new FilterMatcher(this, DateDetector.forPattern(datePattern, reference), true);
    }
}
