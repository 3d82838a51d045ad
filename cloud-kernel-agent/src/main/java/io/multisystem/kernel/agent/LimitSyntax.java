package io.multisystem.kernel.agent;

import io.multisystem.kernel.KernelErrors;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The textual forms of limits that people type, as systemd accepts them: sizes {@code 512M}, {@code 1G},
 * {@code 4096}, {@code max}/{@code infinity} (base 1024); cpu.max as {@code "QUOTA PERIOD"}, {@code "max PERIOD"},
 * {@code QUOTA} or a percentage of one CPU ({@code 150%}, CPUQuota=); counts or {@code max}.
 */
public final class LimitSyntax {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})([KMGTP]?)(i?B)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d{1,6})%");

    private LimitSyntax() {
    }

    /** Bytes, or -1 for max. */
    public static long bytes(String field, String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("max") || t.equalsIgnoreCase("infinity")) {
            return -1;
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw KernelErrors.invalid("LIMIT_SYNTAX_INVALID", field + " '" + text + "' must be a size like 4096, 512M, 2G or 'max'");
        }
        int shift = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 10;
            case "M" -> 20;
            case "G" -> 30;
            case "T" -> 40;
            case "P" -> 50;
            default -> 0;
        };
        try {
            long base = Long.parseLong(m.group(1));
            if (base > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return base << shift;
        } catch (NumberFormatException e) {
            throw KernelErrors.invalid("LIMIT_SYNTAX_INVALID", field + " '" + text + "' is too large");
        }
    }

    /** A count, or -1 for max. */
    public static long count(String field, String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("max") || t.equalsIgnoreCase("infinity")) {
            return -1;
        }
        if (!t.matches("\\d{1,18}")) {
            throw KernelErrors.invalid("LIMIT_SYNTAX_INVALID", field + " '" + text + "' must be a positive integer or 'max'");
        }
        return Long.parseLong(t);
    }

    /** cpu.max: {quota us (-1 = max), period us}. */
    public static long[] cpuMax(String text) {
        String t = text.strip();
        Matcher pct = PERCENT.matcher(t);
        if (pct.matches()) {
            long percent = Long.parseLong(pct.group(1));
            if (percent < 1) {
                throw KernelErrors.invalid("LIMIT_SYNTAX_INVALID", "cpu quota percentage must be at least 1%");
            }
            return new long[] {percent * 100_000 / 100, 100_000};
        }
        String[] parts = t.split("\\s+");
        if (parts.length < 1 || parts.length > 2) {
            throw KernelErrors.invalid("LIMIT_SYNTAX_INVALID", "cpu max '" + text + "' must be 'QUOTA PERIOD', 'max PERIOD', QUOTA or N%");
        }
        long quota = count("cpu max quota", parts[0]);
        long period = parts.length == 2 ? count("cpu max period", parts[1]) : 100_000;
        if (period < 0) {
            throw KernelErrors.invalid("LIMIT_SYNTAX_INVALID", "cpu max period cannot be 'max'");
        }
        return new long[] {quota, period};
    }
}
