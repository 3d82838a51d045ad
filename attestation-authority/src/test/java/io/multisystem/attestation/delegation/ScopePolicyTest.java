package io.multisystem.attestation.delegation;

import io.multisystem.attestation.keys.KeyId;
import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScopePolicyTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = Instant.parse("2027-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String SLSA = "https://slsa.dev/provenance/v1";

    private static final KeyId ROOT = key('a');
    private static final KeyId TEAM = key('b');
    private static final KeyId CI = key('c');

    private static KeyId key(char c) {
        return KeyId.parse(String.valueOf(c).repeat(64));
    }

    private static Scope scope(String predicate, String subject, Instant from, Instant to, int depth) {
        return Scope.of(List.of(predicate), List.of(subject), from, to, depth);
    }

    private final TrustRoot root = new TrustRoot(ROOT, scope("https://slsa.dev/*", "pkg:*", T0, T1, 2));
    private final Delegation toTeam = new Delegation(ROOT, TEAM, scope(SLSA, "pkg:maven/io.team/*", T0, T1, 1));
    private final Delegation toCi = new Delegation(TEAM, CI,
            scope(SLSA, "pkg:maven/io.team/app*", NOW.minusSeconds(60), T1, 0));

    @Test
    void statementWithinANarrowingChainIsCovered() {
        ScopeDecision decision = ScopePolicy.evaluate(List.of(root), List.of(toTeam, toCi), CI, SLSA,
                List.of("pkg:maven/io.team/app-core"), NOW);

        assertThat(decision.violations()).isEmpty();
        assertThat(decision.isAllowed()).isTrue();
    }

    @Test
    void rootKeyMaySignDirectlyWithinItsScope() {
        assertThat(ScopePolicy.evaluate(List.of(root), List.of(), ROOT, SLSA, List.of("pkg:npm/x"), NOW)
                .isAllowed()).isTrue();
    }

    @Test
    void subjectOutsideTheLeafScopeExceedsIt() {
        ScopeDecision decision = ScopePolicy.evaluate(List.of(root), List.of(toTeam, toCi), CI, SLSA,
                List.of("pkg:maven/io.team/lib"), NOW);

        assertThat(decision.reasons()).containsExactly(ScopeReason.SCOPE_EXCEEDED);
    }

    @Test
    void otherPredicateTypeExceedsTheScope() {
        assertThat(ScopePolicy.evaluate(List.of(root), List.of(toTeam, toCi), CI, "https://example.com/other",
                List.of("pkg:maven/io.team/app"), NOW).reasons()).containsExactly(ScopeReason.SCOPE_EXCEEDED);
    }

    @Test
    void delegationWideningItsParentIsRejectedEvenForAStatementInsideBoth() {
        Delegation wide = new Delegation(TEAM, CI, scope(SLSA, "pkg:*", T0, T1, 0));

        ScopeDecision decision = ScopePolicy.evaluate(List.of(root), List.of(toTeam, wide), CI, SLSA,
                List.of("pkg:maven/io.team/app"), NOW);

        assertThat(decision.reasons()).containsExactly(ScopeReason.SCOPE_EXCEEDED);
        assertThat(decision.violations().get(0).detail()).contains("delegation 1").contains("'pkg:*'");
    }

    @Test
    void timesOutsideTheWindowAreExpiredOrNotYetValid() {
        List<String> subject = List.of("pkg:maven/io.team/app");

        assertThat(ScopePolicy.evaluate(List.of(root), List.of(toTeam, toCi), CI, SLSA, subject,
                T1.plusSeconds(1)).reasons()).containsExactly(ScopeReason.EXPIRED);
        assertThat(ScopePolicy.evaluate(List.of(root), List.of(toTeam, toCi), CI, SLSA, subject,
                NOW.minusSeconds(3600)).reasons()).containsExactly(ScopeReason.NOT_YET_VALID);
    }

    @Test
    void validityWindowWiderThanTheParentsExceedsIt() {
        Scope parent = scope(SLSA, "*", T0, T1, 1);

        assertThat(ScopePolicy.checkNarrows(parent, scope(SLSA, "*", T0.minusSeconds(1), T1, 0)).reasons())
                .containsExactly(ScopeReason.SCOPE_EXCEEDED);
        assertThat(ScopePolicy.checkNarrows(parent, scope(SLSA, "*", T0, T1.plusSeconds(1), 0)).reasons())
                .containsExactly(ScopeReason.SCOPE_EXCEEDED);
    }

    @Test
    void delegatingBeyondThePathLengthIsTooLong() {
        Delegation further = new Delegation(CI, key('d'), scope(SLSA, "pkg:maven/io.team/app*", NOW, T1, 0));
        Delegation keepsTooMuch = new Delegation(ROOT, TEAM, scope(SLSA, "pkg:*", T0, T1, 2));

        assertThat(ScopePolicy.evaluate(List.of(root), List.of(toTeam, toCi, further), key('d'), SLSA,
                List.of("pkg:maven/io.team/app"), NOW).reasons()).containsExactly(ScopeReason.PATH_TOO_LONG);
        assertThat(ScopePolicy.evaluate(List.of(root), List.of(keepsTooMuch), TEAM, SLSA, List.of("pkg:x"), NOW)
                .reasons()).containsExactly(ScopeReason.PATH_TOO_LONG);
    }

    @Test
    void chainsNotStartingAtARootOrNotConnectingAreUntrusted() {
        List<String> subject = List.of("pkg:maven/io.team/app");

        assertThat(ScopePolicy.evaluate(List.of(root), List.of(toCi), CI, SLSA, subject, NOW).reasons())
                .containsExactly(ScopeReason.CHAIN_UNTRUSTED);
        Delegation gap = new Delegation(CI, CI, toCi.scope());
        assertThat(ScopePolicy.evaluate(List.of(root), List.of(toTeam, gap), CI, SLSA, subject, NOW).reasons())
                .contains(ScopeReason.CHAIN_UNTRUSTED);
        assertThat(ScopePolicy.evaluate(List.of(root), List.of(toTeam, toCi), TEAM, SLSA, subject, NOW).reasons())
                .containsExactly(ScopeReason.CHAIN_UNTRUSTED);
    }

    @Test
    void globInclusionFollowsTheLanguagesOfThePatterns() {
        assertThat(Glob.of("pkg:*").includes(Glob.of("pkg:maven/*"))).isTrue();
        assertThat(Glob.of("*a").includes(Glob.of("a*a"))).isTrue();
        assertThat(Glob.of("*").includes(Glob.of("**x*"))).isTrue();
        assertThat(Glob.of("pkg:maven/*").includes(Glob.of("pkg:*"))).isFalse();
        assertThat(Glob.of("a*b").includes(Glob.of("a*"))).isFalse();
        assertThat(Glob.of("ab").includes(Glob.of("a*"))).isFalse();
        assertThat(Glob.of("a*").matches("a/b/c")).isTrue();
        assertThat(Glob.of("a*").matches("ba")).isFalse();
    }

    @Test
    void invalidScopesAreRejectedWithEveryFieldNamed() {
        assertThatThrownBy(() -> Scope.of(List.of(), List.of(), T1, T0, -1))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).violations()).hasSize(4));
        assertThatThrownBy(() -> Glob.of("")).isInstanceOf(InvalidInputException.class);
    }
}
