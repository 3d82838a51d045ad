package io.multisystem.ledger.decision;

import java.util.List;

/**
 * An active block (or captcha, or custom action) on a target.
 *
 * @param id         stable id, derived from the ledger entry that created it (the same on every replica)
 * @param type       {@code ban}, {@code captcha} or a custom action word
 * @param scope      what {@code value} is
 * @param value      canonical address, CIDR or user name
 * @param origin     the domain whose report created it, or {@code operator}
 * @param scenario   the scenario (or jail) that triggered it, or the operator's reason
 * @param appliesTo  {@code *} for every domain, otherwise the one domain it applies in
 * @param createdAt  ledger time of creation, epoch millis
 * @param expiresAt  epoch millis when it lapses
 * @param evidence   SHA-256 hex of the events that triggered it
 * @param version    the change version that created it
 * @param height     ledger block height of the entry that created it
 * @param entryIndex index of that entry in its block (for inclusion proofs)
 */
public record Decision(String id, String type, Scope scope, String value, String origin, String scenario,
                       String appliesTo, long createdAt, long expiresAt, List<String> evidence, long version,
                       long height, int entryIndex) {
    public static final String GLOBAL = "*";

    public boolean isGlobal() {
        return GLOBAL.equals(appliesTo);
    }

    /** Key of the target within its audience: one active decision per (scope, value, appliesTo). */
    public String targetKey() {
        return scope + "|" + value + "|" + appliesTo;
    }
}
