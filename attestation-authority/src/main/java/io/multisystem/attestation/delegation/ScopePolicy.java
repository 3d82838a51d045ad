package io.multisystem.attestation.delegation;

import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.intoto.Subject;
import io.multisystem.attestation.keys.KeyId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Pure rules of delegated trust.
 *
 * <h2>Design note</h2>
 * The invariant is monotone narrowing: whatever a delegate may attest to, its issuer may too. {@link #checkNarrows}
 * enforces it link by link:
 * <ul>
 *   <li>every child predicate-type and subject-name pattern is included in some parent pattern
 *       ({@link Glob#includes}; a child pattern covered only by the union of several parent patterns is rejected,
 *       a conservative choice that never accepts a widening);</li>
 *   <li>the child's validity window lies within the parent's;</li>
 *   <li>the parent has path length left ({@code maxPathLength >= 1}) and the child keeps strictly less.</li>
 * </ul>
 * Since inclusion is transitive, a chain in which every link narrows gives a leaf scope inside the root's.
 * {@link #evaluate} additionally checks every scope in the chain (not just the leaf) against the statement and the
 * time, so a chain that fails to narrow is reported on every count, never silently trusted. Stateless, thread-safe.
 */
public final class ScopePolicy {
    private ScopePolicy() {
    }

    /** Whether {@code child} is within {@code parent}, with every violation when it is not. */
    public static ScopeDecision checkNarrows(Scope parent, Scope child) {
        List<ScopeViolation> violations = new ArrayList<>();
        checkNarrows(parent, child, "", violations);
        return new ScopeDecision(violations);
    }

    /**
     * Whether the statement, signed by {@code signer} at time {@code at}, is covered by a chain of delegations from
     * one of {@code roots}. {@code chain} lists the delegations from the root's grant down to the signer's; it is
     * empty when a root key signs directly.
     */
    public static ScopeDecision evaluate(Collection<TrustRoot> roots, List<Delegation> chain, KeyId signer,
            Statement statement, Instant at) {
        Objects.requireNonNull(statement, "statement");
        return evaluate(roots, chain, signer, statement.predicateType(),
                statement.subjects().stream().map(Subject::name).toList(), at);
    }

    /** {@link #evaluate(Collection, List, KeyId, Statement, Instant)} on the statement's relevant fields. */
    public static ScopeDecision evaluate(Collection<TrustRoot> roots, List<Delegation> chain, KeyId signer,
            String predicateType, List<String> subjectNames, Instant at) {
        Objects.requireNonNull(roots, "roots");
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(predicateType, "predicateType");
        Objects.requireNonNull(subjectNames, "subjectNames");
        Objects.requireNonNull(at, "at");
        List<ScopeViolation> violations = new ArrayList<>();
        KeyId rootKey = chain.isEmpty() ? signer : chain.get(0).issuer();
        Optional<TrustRoot> root = roots.stream().filter(r -> r.key().equals(rootKey)).findFirst();
        if (root.isEmpty()) {
            violations.add(new ScopeViolation(ScopeReason.CHAIN_UNTRUSTED,
                    "key " + rootKey + " is not a trust root; the chain must start at one"));
            return new ScopeDecision(violations);
        }
        List<Scope> scopes = new ArrayList<>();
        scopes.add(root.get().scope());
        KeyId holder = rootKey;
        for (int i = 0; i < chain.size(); i++) {
            Delegation link = chain.get(i);
            if (!link.issuer().equals(holder)) {
                violations.add(new ScopeViolation(ScopeReason.CHAIN_UNTRUSTED,
                        "delegation " + i + " is issued by " + link.issuer() + ", but the chain so far reaches "
                                + holder));
            }
            checkNarrows(scopes.get(scopes.size() - 1), link.scope(), "delegation " + i + ": ", violations);
            scopes.add(link.scope());
            holder = link.delegate();
        }
        if (!holder.equals(signer)) {
            violations.add(new ScopeViolation(ScopeReason.CHAIN_UNTRUSTED,
                    "the statement is signed by " + signer + ", but the chain delegates to " + holder));
        }
        for (int i = 0; i < scopes.size(); i++) {
            checkCovers(scopes.get(i), i == 0 ? "trust root: " : "delegation " + (i - 1) + ": ", predicateType,
                    subjectNames, at, violations);
        }
        return new ScopeDecision(violations);
    }

    private static void checkNarrows(Scope parent, Scope child, String where, List<ScopeViolation> violations) {
        for (Glob pattern : child.predicateTypes()) {
            if (parent.predicateTypes().stream().noneMatch(p -> p.includes(pattern))) {
                violations.add(new ScopeViolation(ScopeReason.SCOPE_EXCEEDED, where + "predicate type pattern '"
                        + pattern + "' is not within the parent's " + parent.predicateTypes()));
            }
        }
        for (Glob pattern : child.subjectNames()) {
            if (parent.subjectNames().stream().noneMatch(p -> p.includes(pattern))) {
                violations.add(new ScopeViolation(ScopeReason.SCOPE_EXCEEDED, where + "subject name pattern '"
                        + pattern + "' is not within the parent's " + parent.subjectNames()));
            }
        }
        if (child.notBefore().isBefore(parent.notBefore()) || child.notAfter().isAfter(parent.notAfter())) {
            violations.add(new ScopeViolation(ScopeReason.SCOPE_EXCEEDED, where + "validity " + child.notBefore()
                    + ".." + child.notAfter() + " is not within the parent's " + parent.notBefore() + ".."
                    + parent.notAfter()));
        }
        if (parent.maxPathLength() == 0) {
            violations.add(new ScopeViolation(ScopeReason.PATH_TOO_LONG,
                    where + "the parent has no path length left and may not delegate"));
        } else if (child.maxPathLength() > parent.maxPathLength() - 1) {
            violations.add(new ScopeViolation(ScopeReason.PATH_TOO_LONG, where + "maxPathLength "
                    + child.maxPathLength() + " exceeds the " + (parent.maxPathLength() - 1) + " the parent leaves"));
        }
    }

    private static void checkCovers(Scope scope, String where, String predicateType, List<String> subjectNames,
            Instant at, List<ScopeViolation> violations) {
        if (at.isBefore(scope.notBefore())) {
            violations.add(new ScopeViolation(ScopeReason.NOT_YET_VALID,
                    where + "valid from " + scope.notBefore() + ", checked at " + at));
        } else if (at.isAfter(scope.notAfter())) {
            violations.add(new ScopeViolation(ScopeReason.EXPIRED,
                    where + "valid until " + scope.notAfter() + ", checked at " + at));
        }
        if (!scope.allowsPredicateType(predicateType)) {
            violations.add(new ScopeViolation(ScopeReason.SCOPE_EXCEEDED, where + "predicate type '" + predicateType
                    + "' matches none of " + scope.predicateTypes()));
        }
        for (String name : subjectNames) {
            if (!scope.allowsSubjectName(name)) {
                violations.add(new ScopeViolation(ScopeReason.SCOPE_EXCEEDED,
                        where + "subject '" + name + "' matches none of " + scope.subjectNames()));
            }
        }
    }
}
