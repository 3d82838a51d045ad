package io.multisystem.contract.eval;

/**
 * Cedar's {@code like}: a pattern is a list of literal segments separated by unescaped {@code *} wildcards
 * (represented as {@code null} entries). Matching is the classic single-star backtracking scan over code points in linear space,
 * O(n·m) worst case, never exponential.
 */
public final class Like {
    private Like() {
    }

    /** Pattern elements: a literal string, or null for a wildcard. */
    public static boolean matches(String s, String[] pattern) {
        int si = 0, pi = 0;
        int starP = -1, starS = -1;
        int n = 0;
        for (String p : pattern) {
            n += p == null ? 1 : p.length();
        }
        int[] cs = s.codePoints().toArray();
        int[] ps = new int[n];
        boolean[] w = new boolean[n];
        int k = 0;
        for (String p : pattern) {
            if (p == null) {
                w[k] = true;
                ps[k++] = '*';
            } else {
                for (int c : p.codePoints().toArray()) {
                    ps[k++] = c;
                }
            }
        }
        int plen = k;
        while (si < cs.length) {
            if (pi < plen && !w[pi] && ps[pi] == cs[si]) {
                si++;
                pi++;
            } else if (pi < plen && w[pi]) {
                starP = pi++;
                starS = si;
            } else if (starP >= 0) {
                pi = starP + 1;
                si = ++starS;
            } else {
                return false;
            }
        }
        while (pi < plen && w[pi]) {
            pi++;
        }
        return pi == plen;
    }
}
