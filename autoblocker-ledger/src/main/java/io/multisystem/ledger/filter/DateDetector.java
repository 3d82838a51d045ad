package io.multisystem.ledger.filter;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and parses the timestamp in a log line the way fail2ban's {@code DateDetector} does.
 *
 * <p>Design: a template is a strptime-style pattern ({@code %Y-%m-%d %H:%M:%S}, fail2ban's {@code %Ex*} variants,
 * {@code EPOCH}) turned into a regex whose group 1 is the date text; each directive becomes a named group so the
 * fields can be read back. Word boundaries are added as fail2ban does ({@code (?=^|\b|\W)} before,
 * {@code (?=\b|\W|$)} after) unless the pattern is anchored; {@code {^LN-BEG}} anchors at the line start allowing up
 * to two non-word characters (a {@code [}). The default set is fail2ban's list of 20 templates, each tried first
 * anchored at the line start and then anywhere, in order; the first match wins and the last winner is tried first
 * next time (logs keep one format). A filter's {@code datepattern} replaces the default set; {@code {DATE}} inside
 * it stands for each default template in turn. The date text is cut out of the line before the failregex runs.
 * Times without a zone are UTC; a missing year is the year of the reference time. Two hand-written parsers run
 * before their template's regex — the plain syslog date and the plain ISO 8601 date at the line start — and answer
 * only where that regex provably has a single match taking none of its optional parts; otherwise the regex decides.
 */
public final class DateDetector {
    static final String[] DEFAULT_TEMPLATES = {
        "%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?(?:\\s*%z)?",
        "(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?",
        "(?:%a )?%b %d %ExY %k:%M:%S(?:\\.%f)?",
        "%d(?P<_sep>[-/])%m(?P=_sep)(?:%ExY|%Exy) %k:%M:%S",
        "%d(?P<_sep>[-/])%b(?P=_sep)%ExY[ :]?%H:%M:%S(?:\\.%f)?(?: %z)?",
        "%m/%d/%ExY:%H:%M:%S",
        "%m-%d-%ExY %k:%M:%S(?:\\.%f)?",
        "EPOCH",
        "{^LN-BEG}%H:%M:%S",
        "^<%m/%d/%Exy@%H:%M:%S>",
        "%Exy%Exm%Exd  ?%H:%M:%S",
        "%b %d, %ExY %I:%M:%S %p",
        "^%b-%d-%Exy %k:%M:%S",
        "%ExY%Exm%Exd(?:T|  ?)%ExH%ExM%ExS(?:[.,]%f)?(?:\\s*%z)?",
        "(?:%Z )?(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?",
        "(?:%z )?(?:%a )?%b %d %k:%M:%S(?:\\.%f)?(?: %ExY)?",
    };
    private static final Map<String, String> TIME_RE = new LinkedHashMap<>();
    private static final String MONTHS = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?"
            + "|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
    private static final String DAYS = "mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?"
            + "|sat(?:urday)?|sun(?:day)?";

    static {
        String tzAbbr = "[A-Z](?:[A-Z]{2,4})?";
        // longest keys first so that %ExY wins over %E...
        TIME_RE.put("ExY", "(?P<Y>20[0-3]\\d|19\\d\\d)");
        TIME_RE.put("Exy", "(?P<y>\\d{2})");
        TIME_RE.put("Exd", "(?P<d>[1-2]\\d|0[1-9]|3[0-1])");
        TIME_RE.put("Exm", "(?P<m>0[1-9]|1[0-2])");
        TIME_RE.put("ExH", "(?P<H>[0-1]\\d|2[0-3])");
        TIME_RE.put("Exk", " ?(?P<H>[0-1]?\\d|2[0-3])");
        TIME_RE.put("Exl", " ?(?P<I>1[0-2]|\\d)");
        TIME_RE.put("ExM", "(?P<M>[0-5]\\d)");
        TIME_RE.put("ExS", "(?P<S>[0-5]\\d|6[0-1])");
        TIME_RE.put("ExZ", "(?P<Z>" + tzAbbr + ")");
        TIME_RE.put("Exz", "(?P<z>(?:" + tzAbbr + ")?[+-][01]\\d(?::?\\d{2})?|" + tzAbbr + ")");
        TIME_RE.put("k", " ?(?P<H>[0-2]?\\d)");
        TIME_RE.put("l", " ?(?P<I>1?\\d)");
        TIME_RE.put("Z", "(?P<Z>Z|[A-Z]{3,5})");
        TIME_RE.put("z", "(?P<z>Z|UTC|GMT|[+-][01]\\d(?::?\\d{2})?)");
        TIME_RE.put("d", "(?P<d>[1-2]\\d|[0 ]?[1-9]|3[0-1])");
        TIME_RE.put("m", "(?P<m>0?[1-9]|1[0-2])");
        TIME_RE.put("Y", "(?P<Y>\\d{4})");
        TIME_RE.put("y", "(?P<y>\\d\\d)");
        TIME_RE.put("H", "(?P<H>[0-1]?\\d|2[0-3])");
        TIME_RE.put("I", "(?P<I>1[0-2]|0[1-9]|[1-9])");
        TIME_RE.put("M", "(?P<M>[0-5]?\\d)");
        TIME_RE.put("S", "(?P<S>[0-5]?\\d|6[0-1])");
        TIME_RE.put("f", "(?P<f>[0-9]{1,6})");
        TIME_RE.put("p", "(?P<p>am|pm)");
        TIME_RE.put("a", "(?P<a>" + DAYS + ")");
        TIME_RE.put("A", "(?P<a>" + DAYS + ")");
        TIME_RE.put("b", "(?P<b>" + MONTHS + ")");
        TIME_RE.put("B", "(?P<b>" + MONTHS + ")");
        TIME_RE.put("j", "(?P<j>36[0-6]|3[0-5]\\d|[12]\\d\\d|0[1-9]\\d|00[1-9]|[1-9]\\d|0[1-9]|[1-9])");
    }

    private static final Pattern GROUPED = Pattern.compile("(?<!\\(\\?)(?<!\\\\)\\((?!\\?)");
    private static final Pattern NO_WORD_BOUND_BEGIN = Pattern.compile("^\\(*(?:\\(\\?\\w+\\))?(?:\\^|\\(*\\*\\*|\\((?:\\?:)?\\^)");
    private static final Pattern NO_WORD_BOUND_END = Pattern.compile("(?<!\\\\)(?:\\$\\)?|\\\\b|\\\\s|\\*\\*\\)*)$");

    /** A compiled template. */
    record Template(String name, PythonRegex regex, String suffix) {
    }

    /** A found date: where its text is in the line and the instant it denotes (null if it did not parse). */
    public record DateMatch(int start, int end, Instant time) {
    }

    private final List<Template> templates;
    private final int referenceYear;
    private int last = -1;
    private static int counter;

    /** One reused matcher per template (a new Matcher per line and template was a visible share of the profile). */
    private final Matcher[] matchers;

    private DateDetector(List<Template> templates, int referenceYear) {
        this.templates = templates;
        this.referenceYear = referenceYear;
        this.matchers = new Matcher[templates.size()];
        this.lastText = new String[templates.size()];
        this.lastTime = new Instant[templates.size()];
        this.syslogFast = new boolean[templates.size()];
        this.isoFast = new boolean[templates.size()];
        for (int i = 0; i < templates.size(); i++) {
            syslogFast[i] = SYSLOG_TEMPLATE.equals(templates.get(i).name());
            isoFast[i] = ISO_TEMPLATE.equals(templates.get(i).name());
        }
    }

    /** The same detector with the hand-written date parsers switched off (for tests comparing both paths). */
    DateDetector withoutFastPaths() {
        java.util.Arrays.fill(syslogFast, false);
        java.util.Arrays.fill(isoFast, false);
        return this;
    }

    /** fail2ban's syslog template anchored at the line start; it gets the hand-written fast path. */
    static final String SYSLOG_TEMPLATE = "{^LN-BEG}" + DEFAULT_TEMPLATES[1];

    /** Per template: whether it is {@link #SYSLOG_TEMPLATE} (tried by {@link #syslogAtStart} before its regex). */
    private final boolean[] syslogFast;
    /** fail2ban's ISO 8601 template anchored at the line start; it gets {@link #isoAtStart} first. */
    static final String ISO_TEMPLATE = "{^LN-BEG}" + DEFAULT_TEMPLATES[0];
    private final boolean[] isoFast;
    private long lastSyslogKey = -1;
    private Instant lastSyslogTime;

    /** Per template: the whole text of its last match and the instant it parsed to. */
    private final String[] lastText;
    private final Instant[] lastTime;

    /** The detector for a filter's {@code datepattern} (blank or null: fail2ban's default templates). */
    public static DateDetector forPattern(String datepattern, Instant reference) {
        int year = reference.atZone(ZoneOffset.UTC).getYear();
        List<Template> out = new ArrayList<>();
        String p = datepattern == null ? "" : datepattern.strip();
        if (p.isEmpty()) {
            addDefaults(out, false);
        }
        for (String line : p.split("\n")) {
            line = line.strip();
            String key = line.toUpperCase(Locale.ROOT);
            if (line.isEmpty()) {
                continue;
            }
            if (key.equals("{^LN-BEG}") || key.equals("{DEFAULT}")) {
                addDefaults(out, key.equals("{^LN-BEG}"));
            } else if (key.equals("TAI64N") || key.equals("{^LN-BEG}TAI64N") || key.equals("^TAI64N")) {
                String regex = key.equals("TAI64N") ? "@(?P<tai>[0-9a-f]{24})(?=\\b|\\W|$)"
                        : "^(?:\\W{0,2})?@(?P<tai>[0-9a-f]{24})(?=\\b|\\W|$)";
                regex = regex.replace("@(?P<tai>", "(@(?P<tai>").replace("{24})(?=", "{24}))(?=");
                out.add(new Template(line, PythonRegex.compile(regex, 0, n -> n + "_tai"), "_tai"));
            } else if (key.contains("{DATE}")) {
                for (String t : DEFAULT_TEMPLATES) {
                    out.add(template(line.replaceAll("(?i)\\{DATE}", Matcher.quoteReplacement(t))));
                }
            } else if (key.equals("{NONE}")) {
                continue;
            } else {
                out.add(template(line));
            }
        }
        return new DateDetector(out, year);
    }

    private static void addDefaults(List<Template> out, boolean anchoredOnly) {
        for (String t : DEFAULT_TEMPLATES) {
            if (!t.startsWith("{^LN-BEG}") && !t.startsWith("^")) {
                out.add(template("{^LN-BEG}" + t));
            }
        }
        for (String t : DEFAULT_TEMPLATES) {
            if (!anchoredOnly || t.startsWith("{^LN-BEG}") || t.startsWith("^")) {
                out.add(template(t));
            }
        }
    }

    static synchronized String nextSuffix() {
        return "_t" + (++counter);
    }

    static Template template(String pattern) {
        String p = pattern;
        boolean wordBegin = true;
        boolean wordEnd = true;
        boolean lineStart = false;
        if (p.startsWith("{UNB}")) {
            p = p.substring(5);
            wordBegin = false;
            wordEnd = false;
        }
        if (p.startsWith("{^LN-BEG}")) {
            p = p.substring(9);
            lineStart = true;
        }
        String upper = p.toUpperCase(Locale.ROOT);
        String regex;
        boolean alpha = false;
        if (upper.equals("EPOCH") || upper.equals("LEPOCH")) {
            String digits = upper.equals("EPOCH") ? "\\d{10,11}" : "\\d{13}";
            regex = (lineStart ? "^(?:\\W{0,2})?" : "(?:^|(?<=^\\[)|(?<=\\baudit\\()|(?<=\\W))")
                    + "(?P<epoch>" + digits + "(?:\\.\\d{3,6})?)(?=\\b|\\W|$)";
            return new Template(pattern, PythonRegex.compile(regex, 0, n -> n + "_e"), "_e");
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '%' && i + 1 < p.length()) {
                if (p.charAt(i + 1) == '%') {
                    b.append('%');
                    i++;
                    continue;
                }
                String key = null;
                for (String k : TIME_RE.keySet()) {
                    if (p.startsWith(k, i + 1)) {
                        key = k;
                        break;
                    }
                }
                if (key == null) {
                    throw new IllegalArgumentException("unknown date directive %" + p.charAt(i + 1) + " in " + pattern);
                }
                if ("aAbBp".contains(key)) {
                    alpha = true;
                }
                b.append(TIME_RE.get(key));
                i += key.length();
            } else {
                b.append(c);
            }
        }
        regex = b.toString().strip();
        if (!GROUPED.matcher(regex).find()) {
            Matcher g = Pattern.compile("^((?:\\(\\?\\w+\\))?\\^?(?:\\(\\?\\w+\\))?)(.*?)(\\$?)$", Pattern.DOTALL).matcher(regex);
            if (g.matches()) {
                regex = g.group(1) + "(" + g.group(2) + ")" + g.group(3);
            }
        }
        boolean boundBegin = wordBegin && !NO_WORD_BOUND_BEGIN.matcher(regex).find();
        boolean boundEnd = wordEnd && !NO_WORD_BOUND_END.matcher(regex).find();
        if (lineStart && wordBegin) {
            if (boundBegin) {
                regex = "^(?:\\W{0,2})?" + regex;
            }
        } else if (boundBegin) {
            regex = "(?=^|\\b|\\W)" + regex;
        }
        if (boundEnd) {
            regex = regex + "(?=\\b|\\W|$)";
        }
        regex = regex.replaceAll("^\\(*(?:\\(\\?\\w+\\))?\\(*\\*\\*|(?<!\\\\)\\*\\*\\)*$", "");
        String suffix = nextSuffix();
        return new Template(pattern, PythonRegex.compile(regex, alpha ? Pattern.CASE_INSENSITIVE : 0,
                n -> n + suffix), suffix);
    }

    /** The first date in {@code line}, or null. */
    public DateMatch find(CharSequence line) {
        if (last >= 0) {
            DateMatch m = tryTemplate(last, line);
            if (m != null) {
                return m;
            }
        }
        for (int i = 0; i < templates.size(); i++) {
            if (i == last) {
                continue;
            }
            DateMatch m = tryTemplate(i, line);
            if (m != null) {
                last = i;
                return m;
            }
        }
        return null;
    }

    private DateMatch tryTemplate(int index, CharSequence line) {
        if (syslogFast[index] || isoFast[index]) {
            DateMatch fast = syslogFast[index] ? syslogAtStart(line) : isoAtStart(line);
            if (fast != null) {
                return fast;
            }
        }
        Template t = templates.get(index);
        Matcher m = matchers[index];
        if (m == null) {
            m = matchers[index] = t.regex().pattern().matcher(line);
        } else {
            m.reset(line);
        }
        if (!m.find() || m.groupCount() < 1) {
            return null;
        }
        int start = m.start(1);
        int end = m.end(1);
        if (start < 0) {
            return null;
        }
        // consecutive lines often carry the same timestamp: the same matched text of the same template parses to
        // the same instant (date templates capture nothing in their look-arounds), so the last parse is reused
        int ms = m.start();
        int len = m.end() - ms;
        String prev = lastText[index];
        if (prev != null && prev.length() == len && line instanceof String str && str.regionMatches(ms, prev, 0, len)) {
            return new DateMatch(start, end, lastTime[index]);
        }
        Instant time = parse(t, m);
        lastText[index] = line.subSequence(ms, ms + len).toString();
        lastTime[index] = time;
        return new DateMatch(start, end, time);
    }

    private static final String MONTH_NAMES = "janfebmaraprmayjunjulaugsepoctnovdec";

    /**
     * Hand-written recogniser for the plain syslog date at the very start of a line, {@code Mmm dd HH:MM:SS}
     * ({@code dd} also {@code " d"}), followed by the end of the line or a non-word character (not {@code .}, and not
     * a space before a digit). Only on that subset, where the template's regex
     * {@code ^(?:\W{0,2})?((?:%a )?%b %d %k:%M:%S(?:\.%f)?(?: %ExY)?)(?=\b|\W|$)} provably takes no optional part
     * and has exactly one way to match, does it answer; anything else (a weekday, a fraction, a year, single-digit
     * fields, a leading {@code [}) returns null and the regex decides. The instant is computed as {@link #parse}
     * would (reference year, UTC, second 60/61 clamped to 59, null for an impossible date).
     * {@code DateDetectorFastPathTest} checks it against the regex path on generated lines.
     */
    DateMatch syslogAtStart(CharSequence line) {
        int n = line.length();
        if (n < 15) {
            return null;
        }
        char a = line.charAt(0);
        char b = line.charAt(1);
        char c = line.charAt(2);
        if (!isAsciiLetter(a) || !isAsciiLetter(b) || !isAsciiLetter(c) || line.charAt(3) != ' ') {
            return null;
        }
        int mi = MONTH_NAMES.indexOf(new String(new char[] {lower(a), lower(b), lower(c)}));
        if (mi < 0 || mi % 3 != 0) {
            return null;
        }
        int month = mi / 3 + 1;
        char d1 = line.charAt(4);
        char d2 = line.charAt(5);
        int day;
        if (d1 == ' ' || d1 == '0') {
            if (d2 < '1' || d2 > '9') {
                return null;
            }
            day = d2 - '0';
        } else if (d1 == '1' || d1 == '2') {
            if (!isDigit(d2)) {
                return null;
            }
            day = (d1 - '0') * 10 + d2 - '0';
        } else if (d1 == '3') {
            if (d2 != '0' && d2 != '1') {
                return null;
            }
            day = 30 + d2 - '0';
        } else {
            return null;
        }
        if (line.charAt(6) != ' ' || line.charAt(9) != ':' || line.charAt(12) != ':') {
            return null;
        }
        char h1 = line.charAt(7);
        char h2 = line.charAt(8);
        char m1 = line.charAt(10);
        char m2 = line.charAt(11);
        char s1 = line.charAt(13);
        char s2 = line.charAt(14);
        if (h1 < '0' || h1 > '2' || !isDigit(h2) || m1 < '0' || m1 > '5' || !isDigit(m2) || !isDigit(s2)) {
            return null;
        }
        if (!(s1 >= '0' && s1 <= '5') && !(s1 == '6' && (s2 == '0' || s2 == '1'))) {
            return null;
        }
        if (n > 15) {
            char next = line.charAt(15);
            if (isAsciiLetter(next) || isDigit(next) || next == '_' || next == '.' || next >= 128) {
                return null;
            }
            if (next == ' ' && n > 16 && isDigit(line.charAt(16))) {
                return null;
            }
        }
        int hour = (h1 - '0') * 10 + h2 - '0';
        int minute = (m1 - '0') * 10 + m2 - '0';
        int second = Math.min(59, (s1 - '0') * 10 + s2 - '0');
        long key = ((((long) month * 32 + day) * 32 + hour) * 64 + minute) * 64 + second;
        if (key != lastSyslogKey) {
            Instant time;
            try {
                time = LocalDateTime.of(referenceYear, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                time = null;
            }
            lastSyslogKey = key;
            lastSyslogTime = time;
        }
        return new DateMatch(0, 15, lastSyslogTime);
    }

    /**
     * Hand-written recogniser for {@code YYYY-MM-DD HH:MM:SS} / {@code YYYY-MM-DDTHH:MM:SS} at the very start of a line
     * (year 1900-2039, two-digit fields), without fraction or zone: followed by the end of the line or by a non-word
     * ASCII character other than {@code . , + -}, and, when that is white space, the next non-space character is none
     * of {@code Z U G + -} (a zone could follow). On that subset fail2ban's
     * {@code {^LN-BEG}%ExY(?P<_sep>[-/.])%m(?P=_sep)%d(?:T|  ?)%H:%M:%S(?:[.,]%f)?(?:\s*%z)?} regex has exactly one
     * way to match and takes none of its optional parts; anything else returns null and the regex decides.
     */
    DateMatch isoAtStart(CharSequence line) {
        int n = line.length();
        if (n < 19 || line.charAt(4) != '-' || line.charAt(7) != '-' || line.charAt(13) != ':' || line.charAt(16) != ':') {
            return null;
        }
        char sep = line.charAt(10);
        if (sep != 'T' && !(sep == ' ' && isDigit(line.charAt(11)))) {
            return null;
        }
        for (int i : new int[] {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
            if (!isDigit(line.charAt(i))) {
                return null;
            }
        }
        int year = num(line, 0) * 100 + num(line, 2);
        int month = num(line, 5);
        int day = num(line, 8);
        int hour = num(line, 11);
        int minute = num(line, 14);
        int second = num(line, 17);
        if (year < 1900 || year > 2039 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59
                || second > 61) {
            return null;
        }
        if (n > 19) {
            char next = line.charAt(19);
            if (isAsciiLetter(next) || isDigit(next) || next == '_' || next == '.' || next == ','
                    || next == '+' || next == '-' || next >= 128) {
                return null;
            }
            int j = 19;
            while (j < n && isRegexSpace(line.charAt(j))) {
                j++;
            }
            if (j > 19 && j < n && "ZUG+-".indexOf(line.charAt(j)) >= 0) {
                return null;
            }
        }
        second = Math.min(59, second);
        long key = (((((long) year * 16 + month) * 32 + day) * 32 + hour) * 64 + minute) * 64 + second;
        if (key != lastIsoKey) {
            Instant time;
            try {
                time = LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
            } catch (DateTimeException e) {
                time = null;
            }
            lastIsoKey = key;
            lastIsoTime = time;
        }
        return new DateMatch(0, 19, lastIsoTime);
    }

    private long lastIsoKey = -1;
    private Instant lastIsoTime;

    private static int num(CharSequence s, int i) {
        return (s.charAt(i) - '0') * 10 + s.charAt(i + 1) - '0';
    }

    private static boolean isRegexSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static char lower(char c) {
        return c <= 'Z' ? (char) (c + 32) : c;
    }

    /** Group name without its template suffix, memoised (the renaming was a visible share of the per-line cost). */
    private final Map<String, String> unsuffixed = new java.util.concurrent.ConcurrentHashMap<>();

    private Instant parse(Template t, Matcher m) {
        Map<String, String> groups = t.regex().groups(m);
        Map<String, String> f = new java.util.HashMap<>(groups.size() * 2);
        groups.forEach((k, v) -> f.put(unsuffixed.computeIfAbsent(k, x -> x.endsWith(t.suffix())
                ? x.substring(0, x.length() - t.suffix().length()) : x), v));
        try {
            if (f.containsKey("tai")) {
                String h = f.get("tai");
                long secs = Long.parseUnsignedLong(h.substring(0, 16), 16) - (1L << 62);
                long nanos = Long.parseLong(h.substring(16), 16);
                return Instant.ofEpochSecond(secs, nanos);
            }
            if (f.containsKey("epoch")) {
                String e = f.get("epoch");
                int dot = e.indexOf('.');
                long secs = Long.parseLong(dot < 0 ? e : e.substring(0, dot));
                long nanos = dot < 0 ? 0 : (long) (Double.parseDouble("0" + e.substring(dot)) * 1e9);
                return Instant.ofEpochSecond(secs, nanos);
            }
            int year = f.containsKey("Y") ? Integer.parseInt(f.get("Y"))
                    : f.containsKey("y") ? 2000 + Integer.parseInt(f.get("y")) : referenceYear;
            int month = f.containsKey("m") ? Integer.parseInt(f.get("m").strip())
                    : f.containsKey("b") ? month(f.get("b")) : 1;
            int day = f.containsKey("d") ? Integer.parseInt(f.get("d").strip()) : 1;
            int hour = f.containsKey("H") ? Integer.parseInt(f.get("H").strip()) : 0;
            if (f.containsKey("I")) {
                hour = Integer.parseInt(f.get("I").strip()) % 12;
                if ("pm".equalsIgnoreCase(f.get("p"))) {
                    hour += 12;
                }
            }
            int minute = f.containsKey("M") ? Integer.parseInt(f.get("M")) : 0;
            int second = f.containsKey("S") ? Math.min(59, Integer.parseInt(f.get("S"))) : 0;
            int nanos = 0;
            if (f.containsKey("f")) {
                String frac = (f.get("f") + "000000000").substring(0, 9);
                nanos = Integer.parseInt(frac);
            }
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
            ZoneOffset zone = ZoneOffset.UTC;
            String z = f.get("z");
            if (z != null && (z.startsWith("+") || z.startsWith("-"))) {
                String digits = z.replace(":", "");
                int h = Integer.parseInt(digits.substring(1, 3));
                int mm = digits.length() >= 5 ? Integer.parseInt(digits.substring(3, 5)) : 0;
                int total = (h * 3600 + mm * 60) * (z.startsWith("-") ? -1 : 1);
                zone = ZoneOffset.ofTotalSeconds(total);
            }
            return local.toInstant(zone);
        } catch (NumberFormatException | DateTimeException e) {
            return null;
        }
    }

    private static int month(String name) {
        String n = name.toLowerCase(Locale.ROOT).substring(0, 3);
        return "janfebmaraprmayjunjulaugsepoctnovdec".indexOf(n) / 3 + 1;
    }
}
