package io.multisystem.ledger.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates a Python {@code re} pattern (the dialect fail2ban filters are written in) into a {@link Pattern}.
 *
 * <p>Design: one left-to-right scan over the pattern that tracks character classes and group nesting. It rewrites
 * the constructs the two engines spell differently: {@code (?P<name>...)} becomes {@code (?<jname>...)} where
 * {@code jname} is a Java-legal name (Python allows {@code _} and digits anywhere; Java does not), {@code (?P=name)}
 * becomes {@code \k<jname>}, {@code \Z} becomes {@code \z}, {@code (?#...)} comments are dropped, literal
 * {@code {} that is not a quantifier is escaped, {@code {,n}} becomes {@code {0,n}}, and {@code [} / {@code &} inside
 * a character class are escaped (Java reads them as class union / intersection). Python's conditional group
 * {@code (?(name)yes|no)}, which Java lacks, is emulated: the referenced group gets an empty marker group
 * {@code (?<mkN>)} as its first element; {@code \k<mkN>} then matches the empty string exactly when the group took
 * part in the match, so the conditional becomes {@code (?:\k<mkN>(?:yes)|(?!\k<mkN>)(?:no))}.
 */
public final class PythonRegex {
    private static final Pattern JAVA_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
    private static final Pattern QUANTIFIER = Pattern.compile("\\{(\\d*)(,(\\d*))?}");

    private final Pattern pattern;
    private final Map<String, String> javaToPython;
    private final Map<String, String> pythonToJava;

    /** Capturing-group index of each entry of {@code javaToPython} (in its order), or null to look names up. */
    private final int[] groupIndex;
    private final String[] pythonNames;

    private PythonRegex(Pattern pattern, Map<String, String> javaToPython, Map<String, String> pythonToJava) {
        this.pattern = pattern;
        this.javaToPython = javaToPython;
        this.pythonToJava = pythonToJava;
        Map<String, Integer> indices = namedGroupIndices(pattern);
        int[] idx = new int[javaToPython.size()];
        String[] names = new String[javaToPython.size()];
        int k = 0;
        boolean ok = indices != null;
        for (Map.Entry<String, String> e : javaToPython.entrySet()) {
            Integer i = ok ? indices.get(e.getKey()) : null;
            if (i == null) {
                ok = false;
                break;
            }
            idx[k] = i;
            names[k++] = e.getValue();
        }
        this.groupIndex = ok ? idx : null;
        this.pythonNames = ok ? names : null;
        this.distinctNames = ok && new java.util.HashSet<>(java.util.Arrays.asList(names)).size() == names.length;
    }

    /** Whether every Python name appears once (then a group map's size is the count of groups that took part). */
    private final boolean distinctNames;

    /**
     * Java 17 has no public name-to-index map of a Pattern, and {@code Matcher.group(String)} hashes the name on
     * every call; so the indices are recovered once by counting capturing groups in the pattern text (checked
     * against {@code groupCount()}; null if they disagree, and the slow path is used).
     */
    static Map<String, Integer> namedGroupIndices(Pattern pattern) {
        String p = pattern.pattern();
        if ((pattern.flags() & (Pattern.COMMENTS | Pattern.LITERAL)) != 0) {
            return null;
        }
        Map<String, Integer> out = new java.util.HashMap<>();
        int count = 0;
        boolean inClass = false;
        int classDepth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
                continue;
            }
            if (inClass) {
                if (c == '[') {
                    classDepth++;
                } else if (c == ']' && --classDepth == 0) {
                    inClass = false;
                }
                continue;
            }
            if (c == '[') {
                inClass = true;
                classDepth = 1;
                if (i + 1 < p.length() && p.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < p.length() && p.charAt(i + 1) == ']') {
                    i++;
                }
                continue;
            }
            if (c != '(') {
                continue;
            }
            if (i + 1 < p.length() && p.charAt(i + 1) == '?') {
                if (i + 2 < p.length() && p.charAt(i + 2) == '<' && i + 3 < p.length()
                        && Character.isLetter(p.charAt(i + 3))) {
                    int end = p.indexOf('>', i + 3);
                    count++;
                    out.put(p.substring(i + 3, end), count);
                }
                continue;
            }
            count++;
        }
        return count == pattern.matcher("").groupCount() ? out : null;
    }

    /** Compiles {@code python}; throws {@link IllegalArgumentException} with the reason if it is not a valid regex. */
    public static PythonRegex compile(String python) {
        return compile(python, 0, UnaryOperator.identity());
    }

    /** Compiles with Java {@code flags} and a function that renames Python group names first. */
    public static PythonRegex compile(String python, int flags, UnaryOperator<String> rename) {
        Translator t = new Translator(python, rename);
        String java = t.translate();
        try {
            return new PythonRegex(Pattern.compile(java, flags), t.javaToPython, t.pythonToJava);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " near index " + e.getIndex() + " of the translated pattern", e);
        }
    }

    /** Translates only (no compile), for embedding the result into a bigger pattern. */
    public static String translate(String python, UnaryOperator<String> rename) {
        return new Translator(python, rename).translate();
    }

    public Pattern pattern() {
        return pattern;
    }

    /**
     * The same entries as {@code new HashMap<>(groups(m))} — same table size, same insertion order, hence the same
     * iteration order — without building the intermediate ordered map.
     */
    public java.util.HashMap<String, Object> groupsAsHashMap(Matcher m) {
        if (groupIndex == null || !distinctNames) {
            return new java.util.HashMap<>(groups(m));
        }
        int s = 0;
        for (int i : groupIndex) {
            if (m.start(i) >= 0) {
                s++;
            }
        }
        java.util.HashMap<String, Object> out = s == 0 ? new java.util.HashMap<>()
                : new java.util.HashMap<>((int) ((float) s / 0.75f + 1.0f));
        for (int k = 0; k < groupIndex.length; k++) {
            int i = groupIndex[k];
            if (m.start(i) >= 0) {
                out.put(pythonNames[k], m.group(i));
            }
        }
        return out;
    }

    /** Named groups of a match, by their Python names, only those that took part. */
    public Map<String, String> groups(Matcher m) {
        Map<String, String> out = new LinkedHashMap<>();
        if (groupIndex != null) {
            for (int k = 0; k < groupIndex.length; k++) {
                int i = groupIndex[k];
                if (m.start(i) >= 0) {
                    out.put(pythonNames[k], m.group(i));
                }
            }
            return out;
        }
        for (Map.Entry<String, String> e : javaToPython.entrySet()) {
            String v = m.group(e.getKey());
            if (v != null) {
                out.put(e.getValue(), v);
            }
        }
        return out;
    }

    /** Python group names in this pattern. */
    public java.util.Set<String> groupNames() {
        return pythonToJava.keySet();
    }

    private static final class Translator {
        private final String src;
        private final UnaryOperator<String> rename;
        final Map<String, String> javaToPython = new LinkedHashMap<>();
        final Map<String, String> pythonToJava = new HashMap<>();
        private final Map<String, String> markers = new HashMap<>();
        private int counter;

        Translator(String src, UnaryOperator<String> rename) {
            this.src = src;
            this.rename = rename;
        }

        String translate() {
            // first pass: find the groups used by conditionals, so their definitions get a marker
            Matcher cond = Pattern.compile("\\(\\?\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(src);
            while (cond.find()) {
                markers.put(rename.apply(cond.group(1)), "mk" + (markers.size() + 1) + "x" + Integer.toHexString(System.identityHashCode(this) & 0xfff));
            }
            return translate(0, src.length());
        }

        private String javaName(String pythonName) {
            String existing = pythonToJava.get(pythonName);
            if (existing != null) {
                return existing;
            }
            String j = JAVA_NAME.matcher(pythonName).matches() && !pythonName.startsWith("mk") ? pythonName
                    : "g" + (++counter) + pythonName.replaceAll("[^A-Za-z0-9]", "");
            while (javaToPython.containsKey(j)) {
                j = j + "x";
            }
            javaToPython.put(j, pythonName);
            pythonToJava.put(pythonName, j);
            return j;
        }

        private String translate(int from, int to) {
            StringBuilder out = new StringBuilder();
            int i = from;
            while (i < to) {
                char c = src.charAt(i);
                if (c == '\\') {
                    if (i + 1 >= to) {
                        throw new IllegalArgumentException("bad escape (end of pattern)");
                    }
                    char n = src.charAt(i + 1);
                    if (n == 'Z') {
                        out.append("\\z");
                    } else {
                        out.append(c).append(n);
                    }
                    i += 2;
                } else if (c == '[') {
                    i = charClass(i, out);
                } else if (c == '{') {
                    Matcher q = QUANTIFIER.matcher(src).region(i, to);
                    if (q.lookingAt() && !(q.group(1).isEmpty() && q.group(2) == null)) {
                        String min = q.group(1).isEmpty() ? "0" : q.group(1);
                        out.append('{').append(min);
                        if (q.group(2) != null) {
                            out.append(',').append(q.group(3));
                        }
                        out.append('}');
                        i = q.end();
                    } else {
                        out.append("\\{");
                        i++;
                    }
                } else if (c == '}') {
                    out.append("\\}");
                    i++;
                } else if (c == '(') {
                    i = group(i, to, out);
                } else {
                    out.append(c);
                    i++;
                }
            }
            return out.toString();
        }

        private int charClass(int i, StringBuilder out) {
            out.append('[');
            i++;
            if (i < src.length() && src.charAt(i) == '^') {
                out.append('^');
                i++;
            }
            if (i < src.length() && src.charAt(i) == ']') {
                out.append("\\]");
                i++;
            }
            while (i < src.length() && src.charAt(i) != ']') {
                char c = src.charAt(i);
                if (c == '\\' && i + 1 < src.length()) {
                    out.append(c).append(src.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (c == '[' || c == '&' || (c == '^')) {
                    out.append('\\');
                }
                out.append(c);
                i++;
            }
            if (i >= src.length()) {
                throw new IllegalArgumentException("unterminated character set");
            }
            out.append(']');
            return i + 1;
        }

        /** Index just after the ')' that closes the group opened at {@code open}. */
        private int closing(int open) {
            int depth = 0;
            int i = open;
            while (i < src.length()) {
                char c = src.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '[') {
                    i = skipClass(i);
                    continue;
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                i++;
            }
            throw new IllegalArgumentException("missing ), unterminated subpattern at position " + open);
        }

        private int skipClass(int i) {
            i++;
            if (i < src.length() && src.charAt(i) == '^') {
                i++;
            }
            if (i < src.length() && src.charAt(i) == ']') {
                i++;
            }
            while (i < src.length() && src.charAt(i) != ']') {
                i += src.charAt(i) == '\\' ? 2 : 1;
            }
            return i + 1;
        }

        private int group(int i, int to, StringBuilder out) {
            int end = closing(i);
            if (src.startsWith("(?P<", i)) {
                int gt = src.indexOf('>', i);
                String name = rename.apply(src.substring(i + 4, gt));
                String j = javaName(name);
                out.append("(?<").append(j).append('>');
                String marker = markers.get(name);
                if (marker != null) {
                    out.append("(?<").append(marker).append(">)");
                }
                out.append(translate(gt + 1, end - 1)).append(')');
                return end;
            }
            if (src.startsWith("(?P=", i)) {
                String name = rename.apply(src.substring(i + 4, end - 1));
                String j = pythonToJava.get(name);
                if (j == null) {
                    throw new IllegalArgumentException("unknown group name '" + name + "' in backreference");
                }
                out.append("\\k<").append(j).append('>');
                return end;
            }
            if (src.startsWith("(?#", i)) {
                return end;
            }
            if (src.startsWith("(?(", i)) {
                int close = src.indexOf(')', i + 3);
                String name = rename.apply(src.substring(i + 3, close));
                String marker = markers.get(name);
                if (marker == null || !pythonToJava.containsKey(name)) {
                    throw new IllegalArgumentException("conditional on unknown group '" + name + "'");
                }
                List<int[]> branches = splitTopLevel(close + 1, end - 1);
                String yes = translate(branches.get(0)[0], branches.get(0)[1]);
                String no = branches.size() > 1 ? translate(branches.get(1)[0], branches.get(1)[1]) : "";
                out.append("(?:\\k<").append(marker).append(">(?:").append(yes).append(")|(?!\\k<")
                        .append(marker).append(">)(?:").append(no).append("))");
                return end;
            }
            // (?:  (?=  (?!  (?<=  (?<!  (?i)  (?i:  (?>  or a plain group: keep the prefix, translate the body
            int bodyStart = i + 1;
            if (src.startsWith("(?", i)) {
                int k = i + 2;
                if (src.startsWith("<=", k) || src.startsWith("<!", k)) {
                    bodyStart = k + 2;
                } else if (k < src.length() && (src.charAt(k) == ':' || src.charAt(k) == '=' || src.charAt(k) == '!'
                        || src.charAt(k) == '>')) {
                    bodyStart = k + 1;
                } else {
                    while (k < src.length() && (Character.isLetter(src.charAt(k)) || src.charAt(k) == '-')) {
                        k++;
                    }
                    bodyStart = k < src.length() && src.charAt(k) == ':' ? k + 1 : k;
                    if (src.charAt(k) == ')') {
                        // global flags group like (?i)
                        String flags = src.substring(i + 2, k).replace("u", "").replace("a", "").replace("L", "");
                        if (!flags.isEmpty()) {
                            out.append("(?").append(flags).append(')');
                        }
                        return k + 1;
                    }
                    String flags = src.substring(i + 2, k).replace("u", "").replace("a", "").replace("L", "");
                    out.append("(?").append(flags).append(':').append(translate(bodyStart, end - 1)).append(')');
                    return end;
                }
            }
            out.append(src, i, bodyStart).append(translate(bodyStart, end - 1)).append(')');
            return end;
        }

        private List<int[]> splitTopLevel(int from, int to) {
            List<int[]> parts = new ArrayList<>();
            int depth = 0;
            int start = from;
            int i = from;
            while (i < to) {
                char c = src.charAt(i);
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '[') {
                    i = skipClass(i);
                    continue;
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if (c == '|' && depth == 0 && parts.isEmpty()) {
                    parts.add(new int[]{start, i});
                    start = i + 1;
                }
                i++;
            }
            parts.add(new int[]{start, to});
            return parts;
        }
    }
}
