package io.multisystem.ledger.decision;

import io.multisystem.core.error.Validation;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A proposed decision before agreement. {@link #validated()} checks every field and canonicalises addresses, so a
 * bad request is refused before it reaches the log.
 *
 * @param appliesTo blank: let the cross-domain policy decide (reports); {@code *} or a domain: as given (operators)
 */
public record DecisionRequest(String type, Scope scope, String value, long durationMillis, String origin,
                              String scenario, List<String> evidence, String appliesTo) {
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    public static final Pattern DOMAIN = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    public static final long MAX_DURATION_MILLIS = 10L * 365 * 24 * 3600 * 1000;

    /** The same request, checked and canonical; throws InvalidInputException naming every bad field. */
    public DecisionRequest validated() {
        Validation v = Validation.of(LedgerErrors.COMPONENT);
        String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        v.require(TYPE.matcher(t).matches(), "type", "must be ban, captcha or a custom action word (a-z, 0-9, _ -)");
        v.require(scope != null, "scope", "is required (Ip, Range or User)");
        v.require(durationMillis > 0 && durationMillis <= MAX_DURATION_MILLIS, "duration",
                "must be positive and at most 10 years, got " + durationMillis + " ms");
        v.require(origin != null && (DOMAIN.matcher(origin).matches()), "origin",
                "must be a domain name like web-eu or ssh.example (lowercase letters, digits, . _ -)");
        v.require(scenario == null || scenario.length() <= 256, "scenario", "must be at most 256 characters");
        List<String> ev = evidence == null ? List.of() : evidence;
        v.require(ev.size() <= 1000, "evidence", "at most 1000 event hashes");
        v.require(ev.stream().allMatch(e -> HEX64.matcher(e).matches()), "evidence",
                "each entry must be a SHA-256 hex digest (64 lowercase hex digits)");
        String a = appliesTo == null ? "" : appliesTo.strip();
        v.require(a.isEmpty() || a.equals(Decision.GLOBAL) || DOMAIN.matcher(a).matches(), "applies_to",
                "must be empty, * or a domain name");
        String canonical = value;
        if (scope != null) {
            if (value == null || value.isBlank()) {
                v.reject("value", "is required");
            } else if (scope == Scope.USER) {
                v.require(value.length() <= 256 && value.strip().equals(value) && !value.contains("\n"), "value",
                        "a user name must be 1..256 characters without surrounding spaces or newlines");
            } else {
                try {
                    IpRange r = IpRange.parse(value);
                    if (scope == Scope.IP && !r.isSingleAddress()) {
                        v.reject("value", "'" + value + "' is a range; use scope Range for CIDRs");
                    } else if (scope == Scope.RANGE && value.indexOf('/') < 0) {
                        v.reject("value", "'" + value + "' is a single address; a Range needs a CIDR like 192.0.2.0/24");
                    } else {
                        canonical = r.toString();
                    }
                } catch (RuntimeException e) {
                    v.reject("value", "'" + value + "' is not a valid " + (scope == Scope.IP ? "IPv4/IPv6 address"
                            : "IPv4/IPv6 CIDR range"));
                }
            }
        }
        v.throwIfInvalid();
        return new DecisionRequest(t, scope, canonical, durationMillis, origin,
                scenario == null ? "" : scenario, List.copyOf(ev), a);
    }
}
