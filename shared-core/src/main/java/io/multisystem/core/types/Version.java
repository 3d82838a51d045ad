package io.multisystem.core.types;

import io.multisystem.core.error.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version: {@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}. Immutable and thread-safe.
 *
 * <p>Design: parsing follows the grammar of semver.org section "Backus–Naur Form Grammar" exactly: numeric
 * identifiers have no leading zeros, identifiers are non-empty {@code [0-9A-Za-z-]+}. Precedence follows sections
 * 11.1–11.4: major, minor, patch numerically; a pre-release sorts before its release; pre-release identifiers compare
 * left to right, numeric ones numerically (of any length), alphanumeric ones in ASCII order, numeric before
 * alphanumeric, and a shorter list first when all shared identifiers are equal. Build metadata does not take part in
 * precedence (section 10).
 *
 * <p>{@link #compareTo} is precedence with a final tie-break on build metadata (ASCII), so that the natural order is
 * consistent with {@link #equals}; use {@link #comparePrecedence} or {@link #hasSamePrecedenceAs} for pure SemVer
 * precedence. MAJOR, MINOR and PATCH must fit in a {@code long}.
 */
public final class Version implements Comparable<Version> {
    private static final String NUMERIC = "0|[1-9]\\d*";
    private static final String PRE_ID = "(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)";
    private static final String BUILD_ID = "[0-9a-zA-Z-]+";
    private static final Pattern SEMVER = Pattern.compile("(" + NUMERIC + ")\\.(" + NUMERIC + ")\\.(" + NUMERIC + ")"
            + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?"
            + "(?:\\+(" + BUILD_ID + "(?:\\." + BUILD_ID + ")*))?");

    private final long major;
    private final long minor;
    private final long patch;
    private final List<String> preRelease;
    private final List<String> build;

    private Version(long major, long minor, long patch, List<String> preRelease, List<String> build) {
        this.major = major;
        this.minor = minor;
        this.patch = patch;
        this.preRelease = preRelease;
        this.build = build;
    }

    /** A release version without pre-release or build. */
    public static Version of(long major, long minor, long patch) {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must be >= 0");
        }
        return new Version(major, minor, patch, List.of(), List.of());
    }

    /**
     * @throws InvalidInputException code {@code VERSION_INVALID} with the reason, e.g. a leading zero
     */
    public static Version parse(String text) {
        if (text == null || text.isEmpty()) {
            throw invalid(text, "a version is required, like 1.4.2 or 2.0.0-rc.1+build.5");
        }
        Matcher m = SEMVER.matcher(text);
        if (!m.matches()) {
            throw invalid(text, explainMismatch(text));
        }
        return new Version(number(text, m.group(1)), number(text, m.group(2)), number(text, m.group(3)),
                split(m.group(4)), split(m.group(5)));
    }

    public long major() {
        return major;
    }

    public long minor() {
        return minor;
    }

    public long patch() {
        return patch;
    }

    /** Pre-release identifiers, empty for a release. */
    public List<String> preRelease() {
        return preRelease;
    }

    /** Build metadata identifiers, usually empty. */
    public List<String> build() {
        return build;
    }

    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** This version without pre-release and build: the release it leads to. */
    public Version toRelease() {
        return new Version(major, minor, patch, List.of(), List.of());
    }

    /** SemVer precedence: negative, zero or positive as this version has lower, equal or higher precedence. */
    public int comparePrecedence(Version other) {
        int c = Long.compare(major, other.major);
        if (c == 0) {
            c = Long.compare(minor, other.minor);
        }
        if (c == 0) {
            c = Long.compare(patch, other.patch);
        }
        if (c != 0) {
            return c;
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        int shared = Math.min(preRelease.size(), other.preRelease.size());
        for (int i = 0; i < shared; i++) {
            c = compareIdentifier(preRelease.get(i), other.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    public boolean hasSamePrecedenceAs(Version other) {
        return comparePrecedence(other) == 0;
    }

    @Override
    public int compareTo(Version other) {
        int c = comparePrecedence(other);
        return c != 0 ? c : String.join(".", build).compareTo(String.join(".", other.build));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && major == v.major && minor == v.minor && patch == v.patch
                && preRelease.equals(v.preRelease) && build.equals(v.build);
    }

    @Override
    public int hashCode() {
        return Objects.hash(major, minor, patch, preRelease, build);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(major).append('.').append(minor).append('.').append(patch);
        if (!preRelease.isEmpty()) {
            sb.append('-').append(String.join(".", preRelease));
        }
        if (!build.isEmpty()) {
            sb.append('+').append(String.join(".", build));
        }
        return sb.toString();
    }

    private static int compareIdentifier(String a, String b) {
        boolean aNumeric = isNumeric(a);
        boolean bNumeric = isNumeric(b);
        if (aNumeric && bNumeric) {
            // no leading zeros, so a longer number is larger
            int byLength = Integer.compare(a.length(), b.length());
            return byLength != 0 ? byLength : a.compareTo(b);
        }
        if (aNumeric != bNumeric) {
            return aNumeric ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumeric(String identifier) {
        for (int i = 0; i < identifier.length(); i++) {
            char ch = identifier.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        return true;
    }

    private static long number(String text, String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw invalid(text, "version number " + digits + " is larger than " + Long.MAX_VALUE);
        }
    }

    private static List<String> split(String identifiers) {
        if (identifiers == null) {
            return List.of();
        }
        List<String> parts = new ArrayList<>(List.of(identifiers.split("\\.", -1)));
        return Collections.unmodifiableList(parts);
    }

    private static String explainMismatch(String text) {
        String core = text.split("[-+]", 2)[0];
        String[] numbers = core.split("\\.", -1);
        if (numbers.length != 3) {
            return "expected MAJOR.MINOR.PATCH with three numbers, got '" + core + "'";
        }
        for (String n : numbers) {
            if (!n.matches("\\d+")) {
                return "'" + n + "' is not a non-negative number";
            }
            if (n.length() > 1 && n.startsWith("0")) {
                return "numbers must not have leading zeros ('" + n + "')";
            }
        }
        int dash = text.indexOf('-');
        int plus = text.indexOf('+');
        if (dash >= 0 && (plus < 0 || dash < plus)) {
            String pre = text.substring(dash + 1, plus < 0 ? text.length() : plus);
            for (String id : pre.split("\\.", -1)) {
                if (id.isEmpty()) {
                    return "pre-release identifiers must not be empty";
                }
                if (!id.matches("[0-9A-Za-z-]+")) {
                    return "pre-release identifier '" + id + "' may only use [0-9A-Za-z-]";
                }
                if (id.matches("0\\d+")) {
                    return "numeric pre-release identifier '" + id + "' must not have leading zeros";
                }
            }
        }
        if (plus >= 0) {
            for (String id : text.substring(plus + 1).split("\\.", -1)) {
                if (!id.matches("[0-9A-Za-z-]+")) {
                    return "build identifier '" + id + "' must be non-empty and use only [0-9A-Za-z-]";
                }
            }
        }
        return "not a Semantic Versioning 2.0.0 version";
    }

    private static InvalidInputException invalid(String text, String why) {
        return new InvalidInputException("shared-core", "VERSION_INVALID", "invalid version '" + text + "': " + why);
    }
}
