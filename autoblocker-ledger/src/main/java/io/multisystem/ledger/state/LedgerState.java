package io.multisystem.ledger.state;

import io.multisystem.core.crypto.Hashes;
import io.multisystem.ledger.chain.Block;
import io.multisystem.ledger.chain.ChainVerifier;
import io.multisystem.ledger.chain.MerkleTree;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.decision.DecisionRequest;
import io.multisystem.ledger.decision.IpRange;
import io.multisystem.ledger.decision.Scope;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The replicated state: the chain of blocks and the active decisions derived from it.
 *
 * <p>Design: a pure, deterministic function of the blocks applied in order — every replica that applies the same
 * blocks holds the same decisions with the same ids and versions. A block is accepted only if it extends the head
 * (next height, previous hash equal to the head's hash) and its Merkle root and signature verify; a stale proposal
 * from a deposed leader is therefore rejected the same way everywhere. Applying a block first expires the
 * decisions whose time is past the block's (leader-assigned) time, then applies each entry: a REPORT records the
 * reporting domain against the target and creates a decision in that domain; once the trust weights of the
 * distinct domains that reported the target within the policy window reach the quorum, a global decision follows.
 * ADD creates the decision as given; DELETE removes by id or by target. Entry ids already seen are ignored, which
 * makes client retries after a leader change idempotent. Every change gets the next version; the last
 * {@value #CHANGE_LOG} changes are kept for watchers to resume from.
 */
public final class LedgerState {
    static final int CHANGE_LOG = 200_000;

    /** The outcome of one entry. */
    public record EntryOutcome(String entryId, String status, List<String> created, List<String> deleted) {
    }

    /** The outcome of applying a block. */
    public record ApplyResult(boolean accepted, String reason, long height, List<EntryOutcome> outcomes) {
    }

    /** An inclusion proof of a decision's ledger entry in its block. */
    public record Proof(Decision decision, long height, int leafIndex, int treeSize, byte[] entry, byte[] leafHash,
                        List<byte[]> path, byte[] merkleRoot, byte[] blockHash, byte[] publicKey, byte[] signature,
                        boolean valid) {
    }

    private final Policy policy;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<String, Decision> active = new LinkedHashMap<>();
    private final Map<String, String> byTarget = new HashMap<>();
    private final Map<String, Map<String, Long>> reports = new HashMap<>();
    private final Map<String, Set<String>> reportEvidence = new HashMap<>();
    private final Set<String> seenEntries = new HashSet<>();
    private final Map<String, Decision> everCreated = new HashMap<>();
    private final ArrayDeque<Change> changes = new ArrayDeque<>();
    private final List<Consumer<List<Change>>> listeners = new CopyOnWriteArrayList<>();
    private long version;
    private byte[] head = Block.GENESIS_PREV;

    public LedgerState(Policy policy) {
        this.policy = policy;
    }

    public Policy policy() {
        return policy;
    }

    /** Forgets everything (before replaying the chain from a snapshot). Listeners stay registered. */
    public synchronized void reset() {
        blocks.clear();
        active.clear();
        byTarget.clear();
        reports.clear();
        reportEvidence.clear();
        seenEntries.clear();
        everCreated.clear();
        changes.clear();
        version = 0;
        head = Block.GENESIS_PREV;
    }

    public void addListener(Consumer<List<Change>> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<List<Change>> listener) {
        listeners.remove(listener);
    }

    public synchronized long height() {
        return blocks.size();
    }

    public synchronized byte[] headHash() {
        return head.clone();
    }

    public synchronized long version() {
        return version;
    }

    public synchronized Block lastBlock() {
        return blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
    }

    public synchronized List<Block> blocks() {
        return List.copyOf(blocks);
    }

    public synchronized boolean seen(String entryId) {
        return seenEntries.contains(entryId);
    }

    /** Checks that {@code block} would extend the chain, without applying it. Null if fine, else the reason. */
    public synchronized String checkExtends(Block block) {
        if (block.height() != blocks.size() + 1) {
            return "stale block: height " + block.height() + " but the next height is " + (blocks.size() + 1);
        }
        if (!Arrays.equals(block.prevHash(), head)) {
            return "stale block: previous hash is not the head";
        }
        List<String> problems = block.selfCheck();
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** Applies a block if it extends the chain; otherwise changes nothing and says why. */
    public ApplyResult apply(Block block) {
        List<Change> produced = new ArrayList<>();
        ApplyResult result;
        synchronized (this) {
            String problem = checkExtends(block);
            if (problem != null) {
                return new ApplyResult(false, problem, blocks.size(), List.of());
            }
            expire(block.timeMillis(), produced);
            List<EntryOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < block.entries().size(); i++) {
                LedgerEntry e;
                try {
                    e = LedgerEntry.decode(block.entries().get(i));
                } catch (IllegalArgumentException ex) {
                    outcomes.add(new EntryOutcome("", "malformed", List.of(), List.of()));
                    continue;
                }
                outcomes.add(applyEntry(e, block, i, produced));
            }
            blocks.add(block);
            head = block.hash();
            result = new ApplyResult(true, "", block.height(), outcomes);
        }
        if (!produced.isEmpty()) {
            for (Consumer<List<Change>> l : listeners) {
                l.accept(produced);
            }
        }
        return result;
    }

    private void expire(long now, List<Change> produced) {
        List<Decision> lapsed = new ArrayList<>();
        for (Decision d : active.values()) {
            if (d.expiresAt() <= now) {
                lapsed.add(d);
            }
        }
        for (Decision d : lapsed) {
            remove(d, produced);
        }
        reports.values().forEach(m -> m.values().removeIf(t -> t < now - policy.reportWindow().toMillis()));
        reports.values().removeIf(Map::isEmpty);
        reportEvidence.keySet().retainAll(reports.keySet());
    }

    private EntryOutcome applyEntry(LedgerEntry e, Block block, int index, List<Change> produced) {
        if (!seenEntries.add(e.entryId())) {
            return new EntryOutcome(e.entryId(), "duplicate", List.of(), List.of());
        }
        long now = block.timeMillis();
        switch (e.kind()) {
            case REPORT, ADD -> {
                DecisionRequest r = e.request();
                if (r == null) {
                    return new EntryOutcome(e.entryId(), "malformed", List.of(), List.of());
                }
                if (r.scope() != Scope.USER && policy.allowlist().protecting(IpRange.parse(r.value())) != null) {
                    return new EntryOutcome(e.entryId(), "allowlisted", List.of(), List.of());
                }
                List<String> created = new ArrayList<>();
                if (e.kind() == LedgerEntry.Kind.ADD) {
                    String applies = r.appliesTo().isEmpty() ? Decision.GLOBAL : r.appliesTo();
                    create(e, r, applies, r.evidence(), block, index, now, created, produced);
                } else {
                    String target = r.scope() + "|" + r.value();
                    Map<String, Long> byDomain = reports.computeIfAbsent(target, k -> new LinkedHashMap<>());
                    byDomain.put(r.origin(), now);
                    Set<String> ev = reportEvidence.computeIfAbsent(target, k -> new LinkedHashSet<>());
                    ev.addAll(r.evidence());
                    create(e, r, r.origin(), r.evidence(), block, index, now, created, produced);
                    double weight = 0;
                    for (String d : byDomain.keySet()) {
                        weight += policy.weight(d);
                    }
                    if (weight + 1e-9 >= policy.quorum()) {
                        create(e, r, Decision.GLOBAL, List.copyOf(ev), block, index, now, created, produced);
                    }
                }
                return new EntryOutcome(e.entryId(), created.isEmpty() ? "exists" : "created", created, List.of());
            }
            case DELETE -> {
                List<Decision> victims = new ArrayList<>();
                if (e.deleteId() != null && !e.deleteId().isEmpty()) {
                    Decision d = active.get(e.deleteId());
                    if (d != null) {
                        victims.add(d);
                    }
                } else if (e.deleteScope() != null) {
                    for (Decision d : active.values()) {
                        if (d.scope() == e.deleteScope() && d.value().equals(e.deleteValue())) {
                            victims.add(d);
                        }
                    }
                    reports.remove(e.deleteScope() + "|" + e.deleteValue());
                }
                List<String> deleted = new ArrayList<>();
                for (Decision d : victims) {
                    remove(d, produced);
                    deleted.add(d.id());
                }
                return new EntryOutcome(e.entryId(), deleted.isEmpty() ? "not-found" : "deleted", List.of(), deleted);
            }
            default -> {
                return new EntryOutcome(e.entryId(), "malformed", List.of(), List.of());
            }
        }
    }

    private void create(LedgerEntry e, DecisionRequest r, String appliesTo, List<String> evidence, Block block,
                        int index, long now, List<String> created, List<Change> produced) {
        String key = r.scope() + "|" + r.value() + "|" + appliesTo;
        if (byTarget.containsKey(key)) {
            return;
        }
        String id = Hashes.toHex(Hashes.sha256((e.entryId() + "|" + appliesTo).getBytes(StandardCharsets.UTF_8)))
                .substring(0, 32);
        version++;
        Decision d = new Decision(id, r.type(), r.scope(), r.value(), r.origin(), r.scenario(), appliesTo, now,
                now + r.durationMillis(), List.copyOf(evidence), version, block.height(), index);
        active.put(id, d);
        byTarget.put(key, id);
        everCreated.put(id, d);
        record(new Change(version, false, d), produced);
        created.add(id);
    }

    private void remove(Decision d, List<Change> produced) {
        active.remove(d.id());
        byTarget.remove(d.targetKey());
        version++;
        record(new Change(version, true, d), produced);
    }

    private void record(Change c, List<Change> produced) {
        changes.addLast(c);
        if (changes.size() > CHANGE_LOG) {
            changes.removeFirst();
        }
        produced.add(c);
    }

    /** Active decisions at {@code nowMillis}, optionally only those visible to {@code domain} (null: all). */
    public synchronized List<Decision> active(long nowMillis, String domain) {
        List<Decision> out = new ArrayList<>();
        for (Decision d : active.values()) {
            if (d.expiresAt() > nowMillis && (domain == null || d.isGlobal() || d.appliesTo().equals(domain))) {
                out.add(d);
            }
        }
        out.sort(Comparator.comparingLong(Decision::version));
        return out;
    }

    public synchronized Decision decision(String id) {
        return active.get(id);
    }

    /** Changes after {@code sinceVersion}, or null if they are older than the retained change log. */
    public synchronized List<Change> changesSince(long sinceVersion) {
        if (sinceVersion >= version) {
            return List.of();
        }
        if (changes.isEmpty() || changes.peekFirst().version() > sinceVersion + 1) {
            return null;
        }
        List<Change> out = new ArrayList<>();
        for (Change c : changes) {
            if (c.version() > sinceVersion) {
                out.add(c);
            }
        }
        return out;
    }

    /** An RFC 6962 inclusion proof of the entry that created decision {@code id} (active or since removed). */
    public synchronized Proof prove(String id) {
        Decision d = everCreated.get(id);
        if (d == null) {
            return null;
        }
        Block b = blocks.get((int) d.height() - 1);
        List<byte[]> leaves = new ArrayList<>();
        for (byte[] e : b.entries()) {
            leaves.add(MerkleTree.leafHash(e));
        }
        List<byte[]> path = MerkleTree.inclusionProof(leaves, d.entryIndex());
        byte[] leaf = leaves.get(d.entryIndex());
        boolean valid = MerkleTree.verifyInclusion(d.entryIndex(), leaves.size(), leaf, path, b.merkleRoot())
                && b.selfCheck().isEmpty();
        return new Proof(d, b.height(), d.entryIndex(), leaves.size(), b.entries().get(d.entryIndex()), leaf, path,
                b.merkleRoot(), b.hash(), b.publicKey(), b.signature(), valid);
    }

    public synchronized ChainVerifier.Report verify(Set<String> trustedKeys) {
        return ChainVerifier.verify(blocks, trustedKeys);
    }
}
