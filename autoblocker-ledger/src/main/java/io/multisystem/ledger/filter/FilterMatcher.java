package io.multisystem.ledger.filter;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * Runs a {@link Fail2banFilter} over log lines one at a time, with fail2ban's {@code Filter.findFailure} semantics.
 *
 * <p>Design: the date is cut out of the line ({@link DateDetector}); the rest (the last {@code maxlines} lines joined
 * by newlines) goes through {@code ignoreregex} (pre-check), {@code prefregex} (whose {@code <F-CONTENT>} becomes the
 * text the failregex see), then each {@code failregex} in order; the first that matches and is not ignored wins.
 * Multi-line failure ids ({@code <F-MLFID>}, e.g. sshd's connection prefix) keep a small per-connection cache that
 * merges groups across lines: {@code <F-NOFAIL>} lines remember a host without reporting it,
 * {@code <F-MLFFORGET>} drops the entry, a failure without a host stays pending until a later line of the same
 * connection supplies one, and {@code <F-MLFGAINED>} (a successful login) cancels pending failures. A failure is
 * reported only with a host (or failure id) and without {@code nofail}. Hosts are raw (no DNS; fail2ban's
 * {@code usedns = raw}). Each failregex is skipped without running it when its required prefix or literal is absent
 * from the text ({@link RegexPlan}), and with {@code maxlines = 1} only the failregex whose fixed prefix can start
 * with the text's first character are looked at; matchers are reused. Two modes, both fail2ban's: the server's (the first
 * failregex that matches wins) and {@code checkAllRegex} (every failregex is tried, each match merged and counted;
 * what {@code fail2ban-regex} and fail2ban's sample tests use), which differ only in {@link #regexHits()}.
 * Not thread-safe.
 */
public final class FilterMatcher {
    private static final int MLFID_CACHE_LIMIT = 100_000;

    private final Fail2banFilter filter;
    private final DateDetector dates;
    private final Deque<String> buffer = new ArrayDeque<>();
    private final Map<String, Map<String, Object>> mlfidCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
            return size() > MLFID_CACHE_LIMIT;
        }
    };
    private Instant lastDate;
    private long lineNumber;
    private long regexHits;
    /** Per failregex: its pre-check and a reused matcher (allocating one per line and regex dominated the profile). */
    private final RegexPlan[] failPlans;
    private final Matcher[] failMatchers;
    /** Per failregex: whether it has alt_/tuple_ groups that {@link #mergeAlternates} must fold. */
    private final boolean[] failMerges;
    private final RegexPlan prefPlan;
    /**
     * Per ASCII first character of the text: the failregex (in order) whose plan could match a text starting with
     * it (no fixed prefix, or a prefix starting with that character). The others would fail {@link RegexPlan#mayMatch}
     * anyway, so skipping them changes nothing but the ~30 {@code startsWith} calls per line of sshd's filter.
     */
    private final int[][] byFirstChar;
    private final int[] allFails;
    private final Matcher prefMatcher;

    /** fail2ban's {@code checkAllRegex}: try every failregex on a line instead of stopping at the first match. */
    private final boolean checkAll;

    FilterMatcher(Fail2banFilter filter, DateDetector dates, boolean checkAll) {
        this.filter = filter;
        this.checkAll = checkAll;
        this.dates = dates;
        int n = filter.failRegex().size();
        this.failPlans = new RegexPlan[n];
        this.failMatchers = new Matcher[n];
        this.failMerges = new boolean[n];
        for (int i = 0; i < n; i++) {
            var regex = filter.failRegex().get(i).regex();
            failPlans[i] = RegexPlan.of(regex.pattern());
            failMatchers[i] = regex.pattern().matcher("");
            failMerges[i] = regex.groupNames().stream().anyMatch(g -> g.startsWith("alt_") || g.startsWith("tuple_"));
        }
        this.byFirstChar = new int[128][];
        for (int c = 0; c < 128; c++) {
            int[] idx = new int[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                String prefix = failPlans[i].prefix();
                if (prefix == null || prefix.charAt(0) == c) {
                    idx[k++] = i;
                }
            }
            byFirstChar[c] = java.util.Arrays.copyOf(idx, k);
        }
        this.allFails = new int[n];
        for (int i = 0; i < n; i++) {
            allFails[i] = i;
        }
        var pref = filter.prefRegex();
        this.prefPlan = pref == null ? null : RegexPlan.of(pref.regex().pattern());
        this.prefMatcher = pref == null ? null : pref.regex().pattern().matcher("");
    }

    /** Processes the next line of the log. */
    public Optional<FilterMatch> process(String line) {
        lineNumber++;
        DateDetector.DateMatch date = dates.find(line);
        String rest;
        Instant time;
        if (date != null) {
            time = date.time();
            if (time != null) {
                lastDate = time;
            }
            if (filter.maxLines() == 1) {
                // one copy: the line without its date text, plus the newline fail2ban appends
                int n = line.length();
                String buf = new StringBuilder(n + 1 - (date.end() - date.start()))
                        .append(line, 0, date.start()).append(line, date.end(), n).append('\n').toString();
                return match(buf, time);
            }
            rest = line.substring(0, date.start()) + line.substring(date.end());
        } else {
            rest = line;
            time = lastDate;
        }
        return find(rest, time);
    }

    /** Processes a line whose date is already known (journal entries): no date detection. */
    public Optional<FilterMatch> processWithoutDate(String line, Instant time) {
        lineNumber++;
        return find(line, time);
    }

    private Optional<FilterMatch> find(String rest, Instant time) {
        String buf;
        if (filter.maxLines() == 1) {
            buf = rest + "\n";
        } else {
            buffer.addLast(rest);
            while (buffer.size() > filter.maxLines()) {
                buffer.removeFirst();
            }
            buf = String.join("\n", buffer) + "\n";
        }
        return match(buf, time);
    }

    /** Matches the text the filter sees ({@code maxlines} lines, newline-terminated) against the regexes. */
    private Optional<FilterMatch> match(String buf, Instant time) {
        var ignores = filter.ignoreRegex();
        var fails = filter.failRegex();
        if (!ignores.isEmpty() && ignores.size() < fails.size() - 2 && ignored(buf)) {
            return Optional.empty();
        }
        Map<String, String> pre = Map.of();
        if (filter.prefRegex() != null) {
            Matcher pm = prefMatcher.reset(buf);
            if (!(prefPlan.anchored() ? pm.lookingAt() : pm.find())) {
                return Optional.empty();
            }
            pre = filter.prefRegex().regex().groups(pm); // a fresh map
            String content = pre.remove("content");
            if (content != null) {
                buf = content + "\n";
            }
        }
        FilterMatch first = null;
        char c0 = buf.isEmpty() ? 0 : buf.charAt(0);
        // with maxlines > 1 the text can change inside the loop (check-all), so every failregex stays a candidate
        int[] candidates = filter.maxLines() == 1 && c0 < 128 && !buf.isEmpty() ? byFirstChar[c0] : allFails;
        for (int i : candidates) {
            Fail2banFilter.CompiledRegex fr = fails.get(i);
            RegexPlan plan = failPlans[i];
            if (!plan.mayMatch(buf)) {
                continue;
            }
            Matcher m = failMatchers[i].reset(buf);
            if (!(plan.anchored() ? m.lookingAt() : m.find())) {
                continue;
            }
            Map<String, Object> fail = failMerges[i] ? new HashMap<>(mergeAlternates(fr.regex().groups(m)))
                    : fr.regex().groupsAsHashMap(m);
            if (!ignores.isEmpty() && ignored(buf)) {
                if (checkAll) {
                    continue;
                }
                return Optional.empty();
            }
            regexHits++;
            if (filter.maxLines() > 1) {
                // the matched lines leave the buffer; later failregex (check-all mode) see what is left: nothing
                buffer.clear();
                buf = "\n";
            }
            if (!pre.isEmpty()) {
                Map<String, Object> merged = new HashMap<>(pre);
                merged.putAll(fail);
                fail = merged;
            }
            Object mlfid = fail.get("mlfid");
            if (mlfid != null) {
                fail = mergeFailure((String) mlfid, fail);
            }
            String host = str(fail.get("ip4"));
            if (host == null) {
                host = str(fail.get("ip6"));
            }
            if (host == null) {
                host = str(fail.get("dns"));
            }
            if (host == null) {
                host = str(fail.get("fid"));
            }
            if (host == null) {
                if (mlfid != null) {
                    fail.put("mlfpending", 1);
                    Map<String, Object> cached = mlfidCache.get((String) mlfid);
                    if (cached != null) {
                        cached.put("mlfpending", 1);
                    }
                }
                if (checkAll) {
                    continue;
                }
                return Optional.empty();
            }
            if (fail.get("nofail") != null) {
                if (checkAll) {
                    continue;
                }
                return Optional.empty();
            }
            Map<String, String> groups = new LinkedHashMap<>();
            fail.forEach((k, v) -> {
                if (v instanceof String s) {
                    groups.put(k, s);
                }
            });
            FilterMatch found = new FilterMatch(lineNumber, host, str(fail.get("user")), time, groups);
            if (!checkAll) {
                return Optional.of(found);
            }
            if (first == null) {
                first = found;
            }
        }
        return Optional.ofNullable(first);
    }

    /**
     * Failregex matches (not ignored) so far, whether or not they were reported (nofail lines, failures still waiting
     * for a host). In check-all mode ({@link Fail2banFilter#newCheckAllMatcher}) every matching failregex of a line
     * counts, which is what {@code fail2ban-regex -r} prints as "Failregex: N total"; otherwise (server semantics) only
     * the first. Hosts are taken raw (no DNS), like fail2ban's {@code usedns = raw} / {@code fail2ban-regex -r}.
     */
    public long regexHits() {
        return regexHits;
    }

    private boolean ignored(String buf) {
        for (Fail2banFilter.CompiledRegex ir : filter.ignoreRegex()) {
            if (ir.regex().pattern().matcher(buf).find()) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> mergeAlternates(Map<String, String> groups) {
        Map<String, String> out = new HashMap<>();
        groups.forEach((k, v) -> {
            if (k.startsWith("alt_")) {
                String base = k.substring(4).replaceAll("_\\d+$", "");
                base = base.equals("id") ? "fid" : base.equals("port") ? "fport" : base;
                out.putIfAbsent(base, v);
            } else if (k.startsWith("tuple_")) {
                String base = k.substring(6).replaceAll("_\\d+$", "");
                out.merge(base, v, (a, b) -> a + "," + b);
            } else {
                out.put(k, v);
            }
        });
        groups.forEach((k, v) -> {
            if (!k.startsWith("alt_") && !k.startsWith("tuple_")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** fail2ban's {@code _mergeFailure}, without the matched-lines bookkeeping. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> mergeFailure(String mlfid, Map<String, Object> fail) {
        Map<String, Object> cached = mlfidCache.get(mlfid);
        int flags = 0;
        if (fail.get("mlfgained") != null) {
            flags |= 8 | 1;
            fail.putIfAbsent("nofail", fail.get("mlfgained"));
        } else if (fail.get("nofail") != null) {
            flags |= 1;
        }
        if (fail.remove("mlfforget") != null) {
            flags |= 2;
        }
        Set<String> users = null;
        if (cached != null) {
            users = updateUsers(cached, (String) fail.get("user"));
            if (cached.remove("nofail") != null) {
                flags |= 4;
            }
            if (cached.remove("mlfgained") != null) {
                flags |= 4;
            }
            if ((flags & 8) != 0) {
                cached.remove("mlfpending");
            }
            fail.forEach((k, v) -> {
                if (v != null) {
                    cached.put(k, v);
                }
            });
            fail = cached;
            if ((flags & 2) != 0) {
                mlfidCache.remove(mlfid);
            }
        } else if ((flags & 2) == 0) {
            users = updateUsers(fail, (String) fail.get("user"));
            mlfidCache.put(mlfid, fail);
        }
        Object pending = fail.remove("mlfpending");
        if (pending != null || (users != null && users.size() > 1)) {
            fail.remove("nofail");
            fail.remove("mlfgained");
        }
        return fail;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> updateUsers(Map<String, Object> fail, String user) {
        Set<String> users = (Set<String>) fail.get("users");
        if (users == null) {
            users = new LinkedHashSet<>();
            fail.put("users", users);
        }
        if (user != null) {
            users.add(user);
        }
        return users;
    }

    private static String str(Object o) {
        return o instanceof String s ? s : null;
    }
}
