package io.multisystem.symbolic.saturation;

import java.util.List;

/**
 * egg's {@code BackoffScheduler}: a rule whose search finds more than its threshold of matches is not applied but
 * banned for some iterations; each ban doubles both the threshold ({@code matchLimit << timesBanned}) and the ban
 * length ({@code banLength << timesBanned}). Saturation can only be declared once no rule is banned: when asked while
 * some are, the scheduler lifts the earliest bans early and answers no. Not thread-safe.
 */
final class BackoffScheduler {
    private final int matchLimit;
    private final int banLength;
    private final int[] timesBanned;
    private final int[] bannedUntil;

    BackoffScheduler(int ruleCount, int matchLimit, int banLength) {
        this.matchLimit = matchLimit;
        this.banLength = banLength;
        this.timesBanned = new int[ruleCount];
        this.bannedUntil = new int[ruleCount];
    }

    /** Searches for the rule's matches in this iteration, or returns none if it is banned or just got banned. */
    CompiledPattern.Matches search(int iteration, int ruleIndex, CompiledRule rule, EGraph egraph) {
        if (iteration < bannedUntil[ruleIndex]) {
            return CompiledPattern.Matches.empty();
        }
        int threshold = shifted(matchLimit, timesBanned[ruleIndex]);
        CompiledPattern.Matches matches = rule.searcher().search(egraph, threshold);
        if (matches.size() > threshold) {
            int ban = shifted(banLength, timesBanned[ruleIndex]);
            timesBanned[ruleIndex]++;
            bannedUntil[ruleIndex] = iteration + ban;
            return CompiledPattern.Matches.empty();
        }
        return matches;
    }

    /** Whether the run may stop as saturated; if rules are banned, unbans the earliest and returns false. */
    boolean canStop(int iteration) {
        int earliest = Integer.MAX_VALUE;
        for (int until : bannedUntil) {
            if (until > iteration) {
                earliest = Math.min(earliest, until);
            }
        }
        if (earliest == Integer.MAX_VALUE) {
            return true;
        }
        int delta = earliest - iteration;
        for (int i = 0; i < bannedUntil.length; i++) {
            if (bannedUntil[i] > iteration) {
                bannedUntil[i] -= delta;
            }
        }
        return false;
    }

    private static int shifted(int value, int shift) {
        return shift >= 30 || value > (Integer.MAX_VALUE >> shift) ? Integer.MAX_VALUE - 1 : value << shift;
    }

    static BackoffScheduler forRules(List<CompiledRule> rules) {
        return new BackoffScheduler(rules.size(), 1_000, 5);
    }
}
