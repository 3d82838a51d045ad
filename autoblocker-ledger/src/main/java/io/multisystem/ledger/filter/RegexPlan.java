package io.multisystem.ledger.filter;

import java.util.regex.Pattern;

/**
 * A cheap pre-check for a compiled regex: a literal every match must contain, and whether the regex can only match
 * at the start of the input.
 *
 * <p>Design: one scan of the Java pattern text at nesting depth 0. Runs of plain characters (and escaped
 * punctuation) between metacharacters are the candidates; a group, class, dot, anchor or class escape ends a run; a
 * character followed by {@code ?}, {@code *} or {@code {0,...}} is dropped from its run (it may be absent), one
 * followed by {@code +} or {@code {n,...}} ends it. What is inside groups is never used, so alternation, lookaround
 * and backreferences inside them cannot make the literal wrong; a top-level {@code |} gives no literal at all (either
 * branch may match). Case-insensitive or comments-mode patterns give none either. The longest run is kept: if it is
 * not in the input, the regex cannot match, so the matcher is skipped (fail2ban's sshd filter has ~20 failregex, most
 * of which a given line rules out this way). A pattern that starts with {@code ^} at depth 0, without a top-level
 * {@code |} and without MULTILINE, can only match at offset 0, so {@code lookingAt} replaces the scanning {@code find};
 * the plain characters right after its {@code ^} (up to the first metacharacter, minus a quantified last one) are a
 * prefix every match starts with, checked with {@code startsWith} before anything else (sshd's failregex mostly start
 * with a distinct word: {@code ^Failed }, {@code ^User }, {@code ^Received }...).
 *
 * @param literal  a substring of every match, or null if none is known
 * @param anchored the pattern only matches at the start of the input
 * @param prefix   for an anchored pattern, a non-empty string every match starts with, or null
 */
record RegexPlan(String literal, boolean anchored, String prefix) {
    RegexPlan(String literal, boolean anchored) {
        this(literal, anchored, null);
    }

    /** Whether the regex may match {@code text} (false only when the match is certainly impossible). */
    boolean mayMatch(String text) {
        return (prefix == null || text.startsWith(prefix)) && (literal == null || text.contains(literal));
    }

    /** The plain characters after the leading {@code ^} of an anchored pattern, or null. */
    private static String prefixOf(String p) {
        StringBuilder b = new StringBuilder();
        int i = 1;
        while (i < p.length()) {
            char c = p.charAt(i);
            int next;
            char lit;
            if (c == '\\' && i + 1 < p.length() && !Character.isLetterOrDigit(p.charAt(i + 1))) {
                lit = p.charAt(i + 1);
                next = i + 2;
            } else if (c == '\\' || "[](){}.^$|?*+".indexOf(c) >= 0) {
                break;
            } else {
                lit = c;
                next = i + 1;
            }
            if (next < p.length() && "?*+{".indexOf(p.charAt(next)) >= 0) {
                break; // quantified: this char may be absent or repeated; what is before it is still a prefix
            }
            b.append(lit);
            i = next;
        }
        return b.length() == 0 ? null : b.toString();
    }
    private static final Pattern INLINE_FLAGS = Pattern.compile("\\(\\?[a-zA-Z]*[ix][a-zA-Z]*[:)-]");

    static RegexPlan of(Pattern pattern) {
        String p = pattern.pattern();
        int flags = pattern.flags();
        boolean anchored = p.startsWith("^") && (flags & Pattern.MULTILINE) == 0;
        if ((flags & (Pattern.CASE_INSENSITIVE | Pattern.COMMENTS | Pattern.LITERAL)) != 0
                || INLINE_FLAGS.matcher(p).find() || p.contains("\\Q")) {
            return new RegexPlan(null, anchored && !topLevelAlternation(p));
        }
        String best = null;
        StringBuilder run = new StringBuilder();
        int depth = 0;
        int i = 0;
        int n = p.length();
        while (i < n) {
            char c = p.charAt(i);
            if (c == '\\' && i + 1 < n) {
                char e = p.charAt(i + 1);
                if (depth == 0 && !Character.isLetterOrDigit(e)) {
                    run.append(e);
                    i += 2;
                    i = quantifier(p, i, run);
                    continue;
                }
                i = skipEscape(p, i);
                if (depth == 0) {
                    best = longer(best, run);
                    i = quantifier(p, i, null);
                }
                continue;
            }
            if (c == '[') {
                if (depth == 0) {
                    best = longer(best, run);
                }
                i = skipClass(p, i);
                if (depth == 0) {
                    i = quantifier(p, i, null);
                }
                continue;
            }
            if (c == '(') {
                if (depth == 0) {
                    best = longer(best, run);
                }
                depth++;
                i++;
                continue;
            }
            if (c == ')') {
                depth = Math.max(0, depth - 1);
                i++;
                if (depth == 0) {
                    i = quantifier(p, i, null);
                }
                continue;
            }
            if (depth > 0) {
                i++;
                continue;
            }
            if (c == '|') {
                return new RegexPlan(null, false);
            }
            if (c == '.') {
                best = longer(best, run);
                i = quantifier(p, i + 1, null);
                continue;
            }
            if (c == '^' || c == '$' || c == '?' || c == '*' || c == '+' || c == '{' || c == '}') {
                best = longer(best, run);
                i++;
                continue;
            }
            run.append(c);
            i = quantifier(p, i + 1, run);
        }
        best = longer(best, run);
        return new RegexPlan(best == null || best.isEmpty() ? null : best, anchored, anchored ? prefixOf(p) : null);
    }

    /** If a quantifier follows at {@code i}, applies it to the last char of {@code run} (or ends the run). */
    private static int quantifier(String p, int i, StringBuilder run) {
        if (i >= p.length()) {
            return i;
        }
        char q = p.charAt(i);
        boolean optional;
        int next;
        if (q == '?' || q == '*') {
            optional = true;
            next = i + 1;
        } else if (q == '+') {
            optional = false;
            next = i + 1;
        } else if (q == '{') {
            int close = p.indexOf('}', i);
            if (close < 0) {
                return i;
            }
            String body = p.substring(i + 1, close);
            String min = body.contains(",") ? body.substring(0, body.indexOf(',')) : body;
            optional = min.isEmpty() || min.strip().equals("0");
            next = close + 1;
        } else {
            return i;
        }
        if (next < p.length() && (p.charAt(next) == '?' || p.charAt(next) == '+')) {
            next++;
        }
        if (run != null && run.length() > 0) {
            if (optional) {
                run.setLength(run.length() - 1);
            }
            // the repeated or optional char cannot be glued to what follows
            runBreak(run);
        }
        return next;
    }

    private static final String BREAK = "\u0000";

    private static void runBreak(StringBuilder run) {
        run.append(BREAK);
    }

    private static String longer(String best, StringBuilder run) {
        String cur = run.toString();
        run.setLength(0);
        String b = best;
        for (String part : cur.split(BREAK, -1)) {
            if (!part.isEmpty() && (b == null || part.length() > b.length())) {
                b = part;
            }
        }
        return b;
    }

    private static int skipEscape(String p, int i) {
        char e = p.charAt(i + 1);
        int j = i + 2;
        switch (e) {
            case 'p', 'P', 'N' -> {
                if (j < p.length() && p.charAt(j) == '{') {
                    j = p.indexOf('}', j) + 1;
                } else {
                    j++;
                }
            }
            case 'k' -> {
                if (j < p.length() && p.charAt(j) == '<') {
                    j = p.indexOf('>', j) + 1;
                }
            }
            case 'x' -> j = j < p.length() && p.charAt(j) == '{' ? p.indexOf('}', j) + 1 : j + 2;
            case 'u' -> j += 4;
            case 'c' -> j += 1;
            case '0' -> {
                int k = 0;
                while (k < 3 && j < p.length() && p.charAt(j) >= '0' && p.charAt(j) <= '7') {
                    j++;
                    k++;
                }
            }
            default -> {
            }
        }
        return Math.max(j, i + 2);
    }

    private static int skipClass(String p, int i) {
        int depth = 0;
        int j = i;
        while (j < p.length()) {
            char c = p.charAt(j);
            if (c == '\\') {
                j += 2;
                continue;
            }
            if (c == '[') {
                depth++;
                j++;
                if (j < p.length() && p.charAt(j) == '^') {
                    j++;
                }
                if (j < p.length() && p.charAt(j) == ']') {
                    j++;
                }
                continue;
            }
            if (c == ']') {
                depth--;
                j++;
                if (depth == 0) {
                    return j;
                }
                continue;
            }
            j++;
        }
        return j;
    }

    private static boolean topLevelAlternation(String p) {
        int depth = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = skipClass(p, i) - 1;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }
}
