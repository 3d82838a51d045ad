package io.multisystem.ledger.decision;

import java.util.Locale;

/** What a decision targets, with CrowdSec's spelling: one address, a CIDR range, or a user name. */
public enum Scope {
    IP("Ip"), RANGE("Range"), USER("User");

    private final String crowdsec;

    Scope(String crowdsec) {
        this.crowdsec = crowdsec;
    }

    public String crowdsecName() {
        return crowdsec;
    }

    public static Scope parse(String text) {
        if (text != null) {
            switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "ip":
                    return IP;
                case "range":
                    return RANGE;
                case "user":
                case "username":
                    return USER;
                default:
                    break;
            }
        }
        throw LedgerErrors.invalid(LedgerErrors.INVALID_DECISION, "scope", "'" + text + "' is not one of Ip, Range, User");
    }
}
