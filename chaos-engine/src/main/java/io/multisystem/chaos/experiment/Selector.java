package io.multisystem.chaos.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * Chooses targets the way Chaos Mesh does: candidates are matched by {@code pid}, exact {@code name} or a regex
 * {@code pattern} (over a process's command line, or a proxy's name), then {@code mode} picks among them:
 * {@code one} (a random one), {@code all}, {@code fixed} ({@code value} of them), {@code fixed-percent}
 * ({@code value}% rounded down, at least one) and {@code max-percent} (a random count from 1 to {@code value}%).
 * Choices come from a seeded random over the candidates sorted by id, so a plan is reproducible.
 */
public record Selector(Long pid, String name, Pattern pattern, Mode mode, double value) {

    public enum Mode {
        ONE("one"), ALL("all"), FIXED("fixed"), FIXED_PERCENT("fixed-percent"), MAX_PERCENT("max-percent");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        public String wireName() {
            return wire;
        }

        static Mode fromWire(String text) {
            for (Mode m : values()) {
                if (m.wire.equals(text)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** Whether a candidate with this id, name and descriptive text (command line) matches. */
    public boolean matches(String id, String candidateName, String text) {
        if (pid != null && !String.valueOf(pid).equals(id)) {
            return false;
        }
        if (name != null && !name.equals(candidateName)) {
            return false;
        }
        return pattern == null || pattern.matcher(text).find();
    }

    /** Picks from matching candidate ids (already filtered), deterministically for a seed. */
    public List<String> choose(List<String> candidates, Random random) {
        List<String> sorted = new ArrayList<>(candidates);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return List.of();
        }
        int n = sorted.size();
        int count = switch (mode) {
            case ONE -> 1;
            case ALL -> n;
            case FIXED -> (int) Math.min(n, value);
            case FIXED_PERCENT -> Math.max(1, (int) Math.floor(n * value / 100.0));
            case MAX_PERCENT -> 1 + random.nextInt(Math.max(1, (int) Math.floor(n * value / 100.0)));
        };
        if (count >= n) {
            return sorted;
        }
        Collections.shuffle(sorted, random);
        List<String> chosen = new ArrayList<>(sorted.subList(0, count));
        Collections.sort(chosen);
        return chosen;
    }

    public String describe() {
        StringBuilder b = new StringBuilder(mode.wireName());
        if (mode != Mode.ONE && mode != Mode.ALL) {
            b.append(' ').append(value % 1 == 0 ? String.valueOf((long) value) : String.valueOf(value));
        }
        if (pid != null) {
            b.append(" pid=").append(pid);
        }
        if (name != null) {
            b.append(" name=").append(name);
        }
        if (pattern != null) {
            b.append(" pattern=").append(pattern.pattern());
        }
        return b.toString();
    }
}
