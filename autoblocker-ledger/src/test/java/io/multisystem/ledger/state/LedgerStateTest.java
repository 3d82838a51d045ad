package io.multisystem.ledger.state;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.ledger.chain.Block;
import io.multisystem.ledger.decision.Allowlist;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.decision.DecisionRequest;
import io.multisystem.ledger.decision.Scope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerStateTest {
    final Ed25519PrivateKey key = Ed25519.generateKeyPair();
    final Policy policy = new Policy(Map.of("trusted", 2.0, "small", 0.5), 1.0, 2.0, Duration.ofHours(1),
            new Allowlist(List.of("10.0.0.0/8")));

    LedgerState.ApplyResult apply(LedgerState s, long time, LedgerEntry... entries) {
        List<byte[]> bytes = java.util.Arrays.stream(entries).map(LedgerEntry::encode).toList();
        return s.apply(Block.sign(s.height() + 1, s.headHash(), time, "n1", key, bytes));
    }

    static LedgerEntry report(String id, String domain, String ip) {
        return LedgerEntry.report(id, new DecisionRequest("ban", Scope.IP, ip, 60_000, domain, "ssh", List.of(), "")
                .validated());
    }

    @Test
    void aReportBlocksOnlyInItsDomainUntilWeightedDistinctDomainsReachTheQuorum() {
        LedgerState s = new LedgerState(policy);
        apply(s, 1000, report("r1", "small", "192.0.2.1"));
        assertThat(s.active(1000, null)).extracting(Decision::appliesTo).containsExactly("small");
        apply(s, 2000, report("r2", "small", "192.0.2.1"));
        assertThat(s.active(2000, null)).hasSize(1);
        apply(s, 3000, report("r3", "web", "192.0.2.1"));
        assertThat(s.active(3000, null)).extracting(Decision::appliesTo).containsExactlyInAnyOrder("small", "web");
        apply(s, 4000, report("r4", "other", "192.0.2.1"));
        assertThat(s.active(4000, "anyone")).extracting(Decision::appliesTo).containsExactly(Decision.GLOBAL);
    }

    @Test
    void aTrustedDomainAloneReachesTheQuorumAndDecisionsExpireOnLedgerTime() {
        LedgerState s = new LedgerState(policy);
        apply(s, 1000, report("t1", "trusted", "2001:db8::1"));
        assertThat(s.active(1000, "elsewhere")).singleElement().satisfies(d -> assertThat(d.isGlobal()).isTrue());
        apply(s, 1000 + 60_001);
        assertThat(s.active(Long.MIN_VALUE, null)).isEmpty();
        assertThat(s.changesSince(0)).extracting(Change::deleted).contains(true);
    }

    @Test
    void duplicatesAllowlistedTargetsAndStaleBlocksChangeNothing() {
        LedgerState s = new LedgerState(policy);
        apply(s, 1000, report("d1", "web", "192.0.2.9"));
        LedgerState.ApplyResult dup = apply(s, 1001, report("d1", "web", "192.0.2.9"), report("a1", "web", "10.1.2.3"));
        assertThat(dup.outcomes()).extracting(LedgerState.EntryOutcome::status).containsExactly("duplicate", "allowlisted");
        long version = s.version();
        LedgerState.ApplyResult stale = s.apply(Block.sign(2, s.headHash(), 5000, "n1", key,
                List.of(report("x", "web", "192.0.2.10").encode())));
        assertThat(stale.accepted()).isFalse();
        assertThat(s.version()).isEqualTo(version);
    }

    @Test
    void deleteByTargetRemovesEveryDecisionOnItAndProofsStillVerify() {
        LedgerState s = new LedgerState(policy);
        apply(s, 1000, report("p1", "trusted", "198.51.100.4"), report("p2", "web", "198.51.100.5"));
        String id = s.active(1000, null).get(0).id();
        apply(s, 2000, LedgerEntry.deleteByTarget("del", Scope.IP, "198.51.100.4", "appeal"));
        assertThat(s.active(2000, null)).extracting(Decision::value).containsExactly("198.51.100.5");
        assertThat(s.prove(id).valid()).isTrue();
        assertThat(s.verify(java.util.Set.of()).ok()).isTrue();
    }
}
