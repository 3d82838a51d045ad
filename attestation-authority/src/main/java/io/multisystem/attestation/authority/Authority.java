package io.multisystem.attestation.authority;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.checkpoint.Checkpoint;
import io.multisystem.attestation.checkpoint.NoteKey;
import io.multisystem.attestation.checkpoint.NoteSigner;
import io.multisystem.attestation.delegation.ScopeDecision;
import io.multisystem.attestation.delegation.ScopePolicy;
import io.multisystem.attestation.delegation.ScopeReason;
import io.multisystem.attestation.delegation.Scope;
import io.multisystem.attestation.delegation.TrustRoot;
import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.attestation.dsse.EnvelopeSigner;
import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.intoto.Subject;
import io.multisystem.attestation.keys.KeyEncryptionKey;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.log.ConsistencyProof;
import io.multisystem.attestation.log.InclusionProof;
import io.multisystem.attestation.log.MerkleLog;
import io.multisystem.attestation.log.ProofVerification;
import io.multisystem.attestation.log.TreeHasher;
import io.multisystem.attestation.statuslist.StatusListCredential;
import io.multisystem.attestation.store.Database;
import io.multisystem.attestation.store.LogHead;
import io.multisystem.attestation.store.SqlHashStore;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.AlreadyExistsException;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.UnavailableException;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The attestation authority: registers roots and delegations, issues and verifies attestations, revokes them, and
 * keeps the transparency log that records every one of these state changes.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li><b>Atomicity.</b> Every state change runs in one database transaction that also inserts its log leaf and the
 *       Merkle nodes the leaf completes ({@link SqlHashStore} writes on the transaction's connection), and updates
 *       the {@code log_head} row. The transaction first locks that row ({@code SELECT ... FOR UPDATE}), which
 *       serialises writers across every instance sharing the database; if another instance appended meanwhile, this
 *       instance catches up (replays the new leaves) before writing. A rejected request is refused before anything
 *       is written, and a failed commit rolls back both the change and its log entry.</li>
 *   <li><b>Group commit.</b> {@link #issue} validates and signs in the caller's thread, then puts the signed
 *       envelope on a bounded queue ({@value #ISSUE_QUEUE_CAPACITY} calls; a caller that finds it full waits for room
 *       until its deadline). One committer at a time: the caller that finds the committer role free takes the write
 *       lock, drains what is queued (at most {@value #MAX_GROUP}) and commits it in one transaction, repeating while
 *       calls are queued (handing the role on a few groups after its own call is done); every other caller waits,
 *       with the deadline of {@link AuthorityOptions#issueTimeout()}, only for its own result, so calls that arrive
 *       during a commit form the next group. The role is taken by a running caller rather than a dedicated thread:
 *       on this 2-core machine a dedicated committer had to be woken (scheduled) before every group, which cut
 *       PostgreSQL throughput to 0.3-0.5x in the same benchmark. A caller whose deadline passes withdraws its call
 *       if it is still queued ({@code UNAVAILABLE}, nothing issued) or, if its group is already committing, gets
 *       {@code UNAVAILABLE} naming the attestation id.
 *       At commit every item's
 *       state-dependent checks (scope and validity now, key revocations, duplicates in the database and in the group)
 *       are re-run; a rejected item is left out with its own error and stores nothing. Leaves, Merkle nodes and
 *       attestation rows go to the database as JDBC batches, then {@code log_head} once. If the group transaction
 *       fails as a whole, each item is retried alone, so one item cannot poison the others.</li>
 *   <li><b>Caches.</b> Issuers (with grants whose signatures were checked once) and revocations live in memory,
 *       rebuilt at start by replaying the log's non-attestation entries, so the log is the source of truth.
 *       Attestation records are immutable and cached on first read. Verification therefore costs one Ed25519 check
 *       per signature plus map lookups.</li>
 *   <li><b>Other instances.</b> A poller reads {@code log_head} every {@link AuthorityOptions#pollInterval()}
 *       (200 ms by default) and replays entries appended elsewhere, so their revocations take effect here within
 *       that interval plus one query; this instance's own changes are effective as soon as they commit.</li>
 *   <li><b>Time.</b> Log times come from the injected clock, truncated to milliseconds (the database keeps
 *       milliseconds).</li>
 * </ul>
 * Thread-safe.
 */
public final class Authority implements AutoCloseable {
    private static final String COMPONENT = AttestationComponent.NAME;
    /** Deepest allowed delegation (a root is depth 0). */
    public static final int MAX_DEPTH = 8;
    /** Largest accepted statement payload. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    private static final int ATTESTATION_CACHE_LIMIT = 200_000;
    /** Most issue calls committed in one group. */
    private static final int MAX_GROUP = 512;
    /** Most issue calls waiting for the committer. */
    private static final int ISSUE_QUEUE_CAPACITY = 4096;
    private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T23:59:59Z");

    private final Database database;
    private final KeyEncryptionKey kek;
    private final AuthorityOptions options;
    private final Clock clock;
    private final SqlHashStore hashStore;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<KeyId, IssuerRecord> issuers = new ConcurrentHashMap<>();
    private final Map<String, RevocationRecord> attestationRevocations = new ConcurrentHashMap<>();
    private final Map<KeyId, RevocationRecord> keyRevocations = new ConcurrentHashMap<>();
    private final Map<String, AttestationRecord> attestationCache = new ConcurrentHashMap<>();
    private final Map<KeyId, Ed25519PrivateKey> privateKeys = new ConcurrentHashMap<>();
    private final Ed25519PrivateKey authorityKey;
    private final NoteSigner noteSigner;
    private final TrustView view = new CachedView();
    private final ScheduledExecutorService poller;
    private volatile MerkleLog log;
    /** Number of log leaves applied to the in-memory state. */
    private volatile long applied;
    /** The JDBC batch of the running write transaction (guarded by the write lock). */
    private AuthorityTables.WriteBatch currentBatch;
    /** Issue calls waiting for the next group commit. */
    private final BlockingQueue<QueuedIssue> issueQueue = new ArrayBlockingQueue<>(ISSUE_QUEUE_CAPACITY);
    /** Issue calls queued or being committed. */
    private final AtomicInteger pendingIssues = new AtomicInteger();
    private final AtomicLong groupCommits = new AtomicLong();
    /** Held by the one caller that commits queued groups. */
    private final java.util.concurrent.atomic.AtomicBoolean committing =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    private Authority(Database database, KeyEncryptionKey kek, AuthorityOptions options, Clock clock) {
        this.database = database;
        this.kek = kek;
        this.options = options;
        this.clock = clock;
        this.hashStore = new SqlHashStore(database);
        this.hashStore.deferWrites(true);
        this.log = MerkleLog.open(hashStore);
        this.authorityKey = loadOrCreateAuthorityKey();
        this.noteSigner = NoteSigner.of(options.origin(), authorityKey);
        catchUp();
        if (options.pollInterval().isZero()) {
            poller = null;
        } else {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "attestation-revocation-poller");
                thread.setDaemon(true);
                return thread;
            });
            long millis = Math.max(1, options.pollInterval().toMillis());
            poller.scheduleWithFixedDelay(this::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Opens the authority on a migrated database; replays the log's issuer and revocation entries.
     *
     * @param kek the key-encryption key that seals private keys in the database
     */
    public static Authority open(Database database, KeyEncryptionKey kek, AuthorityOptions options, Clock clock) {
        return new Authority(Objects.requireNonNull(database, "database"), Objects.requireNonNull(kek, "kek"),
                Objects.requireNonNull(options, "options"), Objects.requireNonNull(clock, "clock"));
    }

    // ---------------------------------------------------------------------------------------------- issuers

    /**
     * Registers a root authority: a self-signed grant of {@code scope} to the key.
     *
     * @throws InvalidInputException   {@code TIMESTAMP_OUT_OF_RANGE} for a window beyond year 9999
     * @throws AlreadyExistsException  {@code ISSUER_EXISTS} if the key is already an issuer
     */
    public IssuerRecord registerRoot(KeySource source, Scope scope) {
        Objects.requireNonNull(scope, "scope");
        checkWindow(scope);
        Ed25519PrivateKey key = source.privateKey().orElseGet(() -> source.publicKey().isPresent() ? null
                : Ed25519.generateKeyPair());
        if (key == null) {
            throw new InvalidInputException(COMPONENT, "ROOT_KEY_REQUIRED",
                    "a root grant is self-signed, so the root needs a private key: generate one or import it");
        }
        KeyId keyId = KeyId.of(key.publicKey());
        return this.<IssuerRecord>write(connection -> {
            requireNewIssuer(keyId);
            Instant now = now();
            Grant grant = new Grant(true, keyId, keyId, key.publicKey(), scope, now);
            Envelope envelope = grant.sign(key);
            storeKey(connection, key, key.publicKey(), "issuer", now);
            return List.of(new Pending(new LogEntry.IssuerAdded(true, envelope, now), index -> {
                IssuerRecord record = new IssuerRecord(grant, envelope, 0, index, now);
                AuthorityTables.insertIssuer(connection, record, EnvelopeJson.write(envelope)
                        .getBytes(StandardCharsets.UTF_8));
                return record;
            }));
        }).get(0);
    }

    /**
     * Delegates {@code scope} from {@code parent} to a new issuer key. The parent's private key must be held by the
     * authority (it signs the grant).
     *
     * @throws NotFoundException           {@code ISSUER_NOT_FOUND} if the parent is not an issuer
     * @throws FailedPreconditionException {@code SCOPE_EXCEEDED} / {@code PATH_TOO_LONG} if the scope is wider
     *                                     than the parent's, {@code DELEGATION_TOO_DEEP} beyond depth
     *                                     {@value #MAX_DEPTH}, {@code DELEGATION_CYCLE} if the delegate is an
     *                                     ancestor of the parent, {@code KEY_REVOKED} if the parent's chain is
     *                                     revoked, {@code PRIVATE_KEY_NOT_HELD} if the authority cannot sign
     * @throws AlreadyExistsException      {@code ISSUER_EXISTS} if the delegate key is already an issuer
     */
    public IssuerRecord delegate(KeyId parent, KeySource source, Scope scope) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(scope, "scope");
        checkWindow(scope);
        Ed25519PrivateKey delegateKey = source.privateKey().orElse(null);
        Ed25519PublicKey delegatePublic = source.publicKey().orElse(null);
        if (delegateKey == null && delegatePublic == null) {
            delegateKey = Ed25519.generateKeyPair();
        }
        Ed25519PublicKey publicKey = delegateKey != null ? delegateKey.publicKey() : delegatePublic;
        KeyId delegateId = KeyId.of(publicKey);
        Ed25519PrivateKey heldDelegateKey = delegateKey;
        return this.<IssuerRecord>write(connection -> {
            IssuerRecord parentRecord = requireIssuer(parent);
            List<KeyId> ancestors = ancestors(parentRecord);
            if (ancestors.contains(delegateId)) {
                throw new FailedPreconditionException(COMPONENT, "DELEGATION_CYCLE", "key " + delegateId
                        + " is already in the chain of " + parent + "; a delegation to it would make a cycle");
            }
            requireNewIssuer(delegateId);
            if (parentRecord.depth() + 1 > MAX_DEPTH) {
                throw new FailedPreconditionException(COMPONENT, "DELEGATION_TOO_DEEP", "delegating from " + parent
                        + " at depth " + parentRecord.depth() + " would exceed the maximum depth " + MAX_DEPTH);
            }
            for (KeyId ancestor : ancestors) {
                if (keyRevocations.containsKey(ancestor)) {
                    throw new FailedPreconditionException(COMPONENT, "KEY_REVOKED", "key " + ancestor
                            + " in the chain of " + parent + " is revoked; it can no longer delegate");
                }
            }
            ScopeDecision narrowing = ScopePolicy.checkNarrows(parentRecord.grant().scope(), scope);
            if (!narrowing.isAllowed()) {
                ScopeReason reason = narrowing.violations().get(0).reason();
                throw new FailedPreconditionException(COMPONENT, reason.name(), "the delegation is wider than "
                        + "its parent " + parent + ": " + narrowing.violations());
            }
            Ed25519PrivateKey parentKey = requirePrivateKey(connection, parent);
            Instant now = now();
            Grant grant = new Grant(false, parent, delegateId, publicKey, scope, now);
            Envelope envelope = grant.sign(parentKey);
            storeKey(connection, heldDelegateKey, publicKey, "issuer", now);
            return List.of(new Pending(new LogEntry.IssuerAdded(false, envelope, now), index -> {
                IssuerRecord record = new IssuerRecord(grant, envelope, parentRecord.depth() + 1, index, now);
                AuthorityTables.insertIssuer(connection, record, EnvelopeJson.write(envelope)
                        .getBytes(StandardCharsets.UTF_8));
                return record;
            }));
        }).get(0);
    }

    /** The issuer with this key. */
    public Optional<IssuerRecord> findIssuer(KeyId key) {
        return Optional.ofNullable(issuers.get(key));
    }

    /** The issuer's chain of grants, root first, ending with its own. */
    public List<IssuerRecord> chainOf(KeyId key) {
        List<IssuerRecord> chain = new ArrayList<>();
        IssuerRecord current = requireIssuer(key);
        while (true) {
            chain.add(0, current);
            if (current.isRoot() || chain.size() > AttestationVerifier.MAX_CHAIN) {
                return chain;
            }
            current = requireIssuer(current.grant().issuer());
        }
    }

    // ---------------------------------------------------------------------------------------------- issue

    /**
     * Issues one attestation: signs the statement with every signer and logs it.
     *
     * @throws InvalidInputException       {@code SIGNERS_INVALID} without signers or with duplicates
     * @throws NotFoundException           {@code ISSUER_NOT_FOUND} for an unknown signer
     * @throws FailedPreconditionException {@code SCOPE_EXCEEDED}, {@code EXPIRED}, {@code NOT_YET_VALID},
     *                                     {@code CHAIN_UNTRUSTED}, {@code KEY_REVOKED} when a signer may not issue
     *                                     this statement now; {@code PRIVATE_KEY_NOT_HELD}
     * @throws AlreadyExistsException      {@code ATTESTATION_EXISTS} when the same statement was already issued
     */
    public IssuedAttestation issue(IssueRequest request) {
        Objects.requireNonNull(request, "request");
        // Sign outside the write lock (in the caller's thread); checks that depend on state are redone at commit.
        Prepared signed = prepareIssue(request, now());
        QueuedIssue mine = new QueuedIssue(request, signed, new CompletableFuture<>());
        long deadline = System.nanoTime() + options.issueTimeout().toNanos();
        requireOpen();
        try {
            if (issueQueue.offer(mine, options.issueTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                pendingIssues.incrementAndGet();
            } else {
                throw new UnavailableException(COMPONENT, "ISSUE_QUEUE_FULL", "the authority is overloaded: "
                        + ISSUE_QUEUE_CAPACITY + " issue calls were waiting for " + options.issueTimeout()
                        + "; nothing was issued, retry later");
            }
            // One committer at a time: a caller that finds the role free commits queued groups (its own first); the
            // others wait for their own result and re-check the role now and then, so no thread has to be woken
            // before a group can start.
            while (!mine.result().isDone()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw timedOut(mine);
                }
                if (committing.compareAndSet(false, true)) {
                    try {
                        commitQueuedGroups(mine, deadline);
                    } finally {
                        committing.set(false);
                    }
                } else {
                    try {
                        mine.result().get(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(10)),
                                TimeUnit.NANOSECONDS);
                    } catch (TimeoutException | ExecutionException e) {
                        // loop: done now, or the committer role is free, or the deadline passed
                    }
                }
            }
            return mine.result().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (issueQueue.remove(mine)) {
                pendingIssues.decrementAndGet();
            }
            throw new UnavailableException(COMPONENT, "ISSUE_INTERRUPTED", "the caller was interrupted while"
                    + " attestation " + signed.id() + " waited for its commit; look it up with GetStatus before"
                    + " retrying");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The caller's deadline passed: withdraws its call if still queued (nothing issued), else it may commit. */
    private UnavailableException timedOut(QueuedIssue mine) {
        if (issueQueue.remove(mine)) {
            pendingIssues.decrementAndGet();
            return new UnavailableException(COMPONENT, "ISSUE_TIMEOUT", "attestation " + mine.signed().id()
                    + " could not be committed within " + options.issueTimeout() + " (the log is busy); nothing was"
                    + " issued, retry later");
        }
        return new UnavailableException(COMPONENT, "ISSUE_TIMEOUT", "attestation " + mine.signed().id() + " was"
                + " not committed within " + options.issueTimeout() + " (the log is busy); it is being committed:"
                + " look it up with GetStatus before retrying");
    }

    private void requireOpen() {
        if (closed) {
            throw new UnavailableException(COMPONENT, "AUTHORITY_CLOSED", "the authority is shutting down;"
                    + " nothing was issued, retry on a running instance");
        }
    }

    /**
     * Holding the committer role: takes the write lock, drains what is queued (at most {@value #MAX_GROUP}) and
     * commits it as one group, while calls are queued; hands the role on a few groups after its own call is done, and
     * gives up waiting for the lock at its own deadline.
     */
    private void commitQueuedGroups(QueuedIssue mine, long deadline) throws InterruptedException {
        int groupsAfterMine = 0;
        while (!issueQueue.isEmpty() && groupsAfterMine < 4) {
            long remaining = deadline - System.nanoTime();
            if (!mine.result().isDone() && remaining <= 0
                    || !writeLock.tryLock(Math.max(remaining, 0), TimeUnit.NANOSECONDS)) {
                return;
            }
            List<QueuedIssue> group = new ArrayList<>();
            try {
                issueQueue.drainTo(group, MAX_GROUP);
                if (!group.isEmpty()) {
                    commitQueued(group);
                }
            } catch (Throwable e) {
                // never lose a caller: whatever was not completed fails with the cause
                group.forEach(q -> q.result().completeExceptionally(e));
            } finally {
                writeLock.unlock();
                pendingIssues.addAndGet(-group.size());
            }
            if (mine.result().isDone()) {
                groupsAfterMine++;
            }
        }
    }

    /** Number of group commits of {@link #issue} calls so far (each commits one or more attestations). */
    public long issueGroupCommits() {
        return groupCommits.get();
    }

    /** Issue calls queued or being committed right now (for tests and metrics). */
    int pendingIssues() {
        return pendingIssues.get();
    }

    /** The lock every write takes (tests hold it to make concurrent calls queue up into one group). */
    ReentrantLock writeLockForTests() {
        return writeLock;
    }

    private record QueuedIssue(IssueRequest request, Prepared signed, CompletableFuture<IssuedAttestation> result) {
    }

    /** Commits a group of queued issue calls and completes each caller's result; caller holds the write lock. */
    private void commitQueued(List<QueuedIssue> group) {
        List<Object> outcomes;
        try {
            outcomes = commitGroup(group.stream().map(QueuedIssue::request).toList(),
                    group.stream().map(QueuedIssue::signed).toList());
        } catch (RuntimeException e) {
            group.forEach(q -> q.result().completeExceptionally(e));
            return;
        } catch (Error e) {
            group.forEach(q -> q.result().completeExceptionally(e));
            throw e;
        }
        for (int i = 0; i < group.size(); i++) {
            Object outcome = outcomes.get(i);
            if (outcome instanceof IssuedAttestation issued) {
                group.get(i).result().complete(issued);
            } else {
                group.get(i).result().completeExceptionally((Throwable) outcome);
            }
        }
    }

    /**
     * Issues independent requests in one group commit: each outcome is its {@link IssuedAttestation} or the
     * exception that rejected it. A rejected request (invalid, out of scope, revoked signer, duplicate) stores nothing
     * and does not stop the others; if the group's transaction itself fails, every request is retried alone.
     */
    List<Object> issueGroup(List<IssueRequest> requests) {
        List<Prepared> signed = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            signed.add(null);
        }
        writeLock.lock();
        try {
            return commitGroup(requests, signed);
        } finally {
            writeLock.unlock();
        }
    }

    private List<Object> commitGroup(List<IssueRequest> requests, List<Prepared> signed) {
        Object[] outcomes = new Object[requests.size()];
        List<Integer> accepted = new ArrayList<>();
        try {
            List<IssuedAttestation> issued = this.<IssuedAttestation>write(connection -> {
                accepted.clear();
                Arrays.fill(outcomes, null);
                Instant now = now();
                List<Prepared> prepared = new ArrayList<>();
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    try {
                        Prepared item = signed.get(i) != null ? revalidate(requests.get(i), signed.get(i), now)
                                : prepareIssue(connection, requests.get(i), now);
                        prepared.add(item);
                        ids.add(item.id);
                    } catch (UnavailableException e) {
                        throw e;
                    } catch (PlatformException e) {
                        outcomes[i] = e;
                        prepared.add(null);
                    }
                }
                Set<String> existing = AuthorityTables.existingAttestationIds(connection, ids);
                Set<String> batchIds = new HashSet<>();
                long statusIndex = LogHead.read(connection, false).attestations();
                List<Pending> pending = new ArrayList<>();
                for (int i = 0; i < requests.size(); i++) {
                    Prepared item = prepared.get(i);
                    if (item == null) {
                        continue;
                    }
                    if (existing.contains(item.id) || !batchIds.add(item.id)) {
                        outcomes[i] = alreadyIssued(item.id);
                        continue;
                    }
                    accepted.add(i);
                    pending.add(pendingIssue(requests.get(i), item, statusIndex++, now));
                }
                return pending;
            });
            for (int k = 0; k < accepted.size(); k++) {
                outcomes[accepted.get(k)] = issued.get(k);
            }
            groupCommits.incrementAndGet();
        } catch (RuntimeException e) {
            if (requests.size() == 1) {
                outcomes[0] = e;
            } else {
                // The group's transaction failed as a whole: retry each request alone so one cannot poison the rest.
                for (int i = 0; i < requests.size(); i++) {
                    try {
                        outcomes[i] = issueAll(List.of(requests.get(i))).get(0);
                    } catch (RuntimeException single) {
                        outcomes[i] = single;
                    }
                }
            }
        }
        return Arrays.asList(outcomes);
    }

    private static AlreadyExistsException alreadyIssued(String id) {
        return new AlreadyExistsException(COMPONENT, "ATTESTATION_EXISTS", "attestation " + id
                + " (the same statement) was already issued; look it up with GetStatus");
    }

    /**
     * Issues several attestations in one transaction (one commit, one log-head update): all or none.
     *
     * @throws InvalidInputException {@code BATCH_INVALID} for an empty batch; otherwise as {@link #issue}
     */
    public List<IssuedAttestation> issueAll(List<IssueRequest> requests) {
        if (requests.isEmpty()) {
            throw new InvalidInputException(COMPONENT, "BATCH_INVALID", "give at least one attestation to issue");
        }
        return write(connection -> {
            Instant now = now();
            LogHead head = LogHead.read(connection, false);
            List<Pending> pending = new ArrayList<>();
            Set<String> batchIds = new HashSet<>();
            long statusIndex = head.attestations();
            for (IssueRequest request : requests) {
                Prepared prepared = prepareIssue(connection, request, now);
                if (!batchIds.add(prepared.id) || AuthorityTables.attestation(connection, prepared.id).isPresent()) {
                    throw new AlreadyExistsException(COMPONENT, "ATTESTATION_EXISTS", "attestation " + prepared.id
                            + " (the same statement) was already issued; look it up with GetStatus");
                }
                pending.add(pendingIssue(request, prepared, statusIndex++, now));
            }
            return pending;
        });
    }

    private Pending pendingIssue(IssueRequest request, Prepared prepared, long statusIndex, Instant now) {
        LogEntry.AttestationIssued entry = new LogEntry.AttestationIssued(prepared.id, statusIndex,
                request.notAfter(), prepared.envelope, now);
        return new Pending(entry, index -> {
            AttestationRecord record = new AttestationRecord(prepared.id, statusIndex, index, now,
                    request.notAfter(), request.signers().stream().map(KeyId::value).toList());
            currentBatch.attestation(record, prepared.json, request.statement().predicateType());
            return new IssuedAttestation(record, prepared.envelope);
        });
    }

    private record Prepared(String id, Envelope envelope, byte[] json) {
    }

    /** Validates and signs outside any transaction (private keys come from the cache or a read). */
    private Prepared prepareIssue(IssueRequest request, Instant now) {
        if (privateKeys.keySet().containsAll(request.signers())) {
            try {
                return prepareIssue(null, request, now); // every key is cached: no connection needed
            } catch (SQLException e) {
                throw new IllegalStateException("no database access was expected", e);
            }
        }
        return database.read(connection -> prepareIssue(connection, request, now));
    }

    /** Re-runs the state-dependent checks of a request signed earlier, at commit time. */
    private Prepared revalidate(IssueRequest request, Prepared signed, Instant now) {
        checkRequest(request, now);
        for (KeyId signer : request.signers()) {
            checkMayIssue(signer, request.statement(), now);
        }
        return signed;
    }

    private static void checkRequest(IssueRequest request, Instant now) {
        if (request.signers().isEmpty() || new HashSet<>(request.signers()).size() != request.signers().size()) {
            throw new InvalidInputException(COMPONENT, "SIGNERS_INVALID",
                    "name at least one signer key id, each at most once");
        }
        if (request.notAfter().isPresent() && !request.notAfter().get().isAfter(now)) {
            throw new InvalidInputException(COMPONENT, "NOT_AFTER_IN_PAST", "notAfter " + request.notAfter().get()
                    + " is not after the issue time " + now);
        }
    }

    private Prepared prepareIssue(Connection connection, IssueRequest request, Instant now) throws SQLException {
        checkRequest(request, now);
        Statement statement = request.statement();
        byte[] payload = statement.toJson();
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidInputException(COMPONENT, "STATEMENT_TOO_LARGE", "the statement is " + payload.length
                    + " bytes; the limit is " + MAX_PAYLOAD_BYTES);
        }
        List<Ed25519PrivateKey> keys = new ArrayList<>();
        for (KeyId signer : request.signers()) {
            checkMayIssue(signer, statement, now);
            keys.add(requirePrivateKey(connection, signer));
        }
        Envelope envelope = EnvelopeSigner.sign(Statement.PAYLOAD_TYPE, payload, keys);
        return new Prepared(Hashes.toHex(Hashes.sha256(envelope.preAuthenticationEncoding())), envelope,
                EnvelopeJson.write(envelope).getBytes(StandardCharsets.UTF_8));
    }

    private void checkMayIssue(KeyId signer, Statement statement, Instant now) {
        List<IssuerRecord> chain = chainOf(signer);
        IssuerRecord root = chain.get(0);
        List<io.multisystem.attestation.delegation.Delegation> links = new ArrayList<>();
        for (int i = 1; i < chain.size(); i++) {
            Grant grant = chain.get(i).grant();
            links.add(new io.multisystem.attestation.delegation.Delegation(grant.issuer(), grant.delegate(),
                    grant.scope()));
        }
        ScopeDecision decision = ScopePolicy.evaluate(List.of(new TrustRoot(root.key(), root.grant().scope())),
                links, signer, statement.predicateType(),
                statement.subjects().stream().map(Subject::name).toList(), now);
        if (!decision.isAllowed()) {
            throw new FailedPreconditionException(COMPONENT, decision.violations().get(0).reason().name(),
                    "issuer " + signer + " may not issue this statement: " + decision.violations());
        }
        for (IssuerRecord link : chain) {
            RevocationRecord revoked = keyRevocations.get(link.key());
            if (revoked != null && !now.isBefore(revoked.effectiveAt())) {
                throw new FailedPreconditionException(COMPONENT, "KEY_REVOKED", "key " + link.key()
                        + " in the chain of " + signer + " is revoked (" + revoked.reason().rfcName() + ")");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- verify

    /** Verifies a JSON envelope; never throws for bad input (see {@link AttestationVerifier}). */
    public Verdict verify(byte[] envelopeJson, VerifyPolicy policy) {
        return AttestationVerifier.verifyJson(envelopeJson, view, policy, clock.instant(), this::checkLogged);
    }

    /** Verifies a parsed envelope. */
    public Verdict verify(Envelope envelope, VerifyPolicy policy) {
        return AttestationVerifier.verify(envelope, view, policy, clock.instant(), this::checkLogged);
    }

    /** The authority's view of issuers, attestations and revocations (for offline bundles and tests). */
    public TrustView trustView() {
        return view;
    }

    private Optional<String> checkLogged(AttestationRecord record, Envelope envelope) {
        long size = hashStore.size();
        if (record.logIndex() >= size) {
            return Optional.of("the attestation's log entry " + record.logIndex() + " is not yet committed");
        }
        MerkleLog current = log;
        // Fast path, no leaf read: rebuild the entry this record and envelope imply (the encoding is deterministic).
        // If its inclusion proof verifies, the log holds exactly this entry at this index. Otherwise (e.g. the envelope
        // carries other signatures than the logged one) the stored entry is read and checked as below.
        byte[] implied = new LogEntry.AttestationIssued(record.id(), record.statusIndex(), record.notAfter(), envelope,
                record.loggedAt()).toBytes();
        if (current.inclusionProof(record.logIndex(), size)
                .verify(TreeHasher.hashLeaf(implied), current.rootHash(size)).isValid()) {
            return Optional.empty();
        }
        byte[] entry = database.read(c -> AuthorityTables.leaves(c, record.logIndex(), record.logIndex() + 1, false))
                .stream().findFirst().map(AuthorityTables.Leaf::entry).orElse(null);
        if (entry == null) {
            return Optional.of("log entry " + record.logIndex() + " is missing");
        }
        LogEntry parsed = LogEntry.parse(entry);
        if (!(parsed instanceof LogEntry.AttestationIssued issued) || !issued.id().equals(record.id())) {
            return Optional.of("log entry " + record.logIndex() + " does not record attestation " + record.id());
        }
        InclusionProof proof = current.inclusionProof(record.logIndex(), size);
        ProofVerification verification = proof.verify(TreeHasher.hashLeaf(entry), current.rootHash(size));
        return verification.isValid() ? Optional.empty() : Optional.of("inclusion proof of entry "
                + record.logIndex() + " fails: " + verification.detail());
    }

    // ---------------------------------------------------------------------------------------------- revoke

    /**
     * Revokes an attestation or a key.
     *
     * @param effectiveAt for keys, "compromised at": everything it signed at or after this log time is revoked
     *                    (default: now); for attestations, from when the revocation applies (default: now)
     * @throws NotFoundException         {@code ATTESTATION_NOT_FOUND} / {@code ISSUER_NOT_FOUND}
     * @throws InvalidInputException     {@code TIMESTAMP_IN_FUTURE} if effectiveAt is beyond now + clock skew
     * @throws AlreadyExistsException    {@code ALREADY_REVOKED} if revoked before with an earlier or equal time
     */
    public RevocationRecord revoke(RevocationTarget target, String targetId, RevocationReason reason,
            Optional<Instant> effectiveAt) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(reason, "reason");
        return this.<RevocationRecord>write(connection -> {
            Instant now = now();
            Instant effective = effectiveAt.map(t -> t.truncatedTo(ChronoUnit.MILLIS)).orElse(now);
            if (effective.isAfter(now.plus(options.maxClockSkew()))) {
                throw new InvalidInputException(COMPONENT, "TIMESTAMP_IN_FUTURE", "the revocation time " + effective
                        + " is in the future (now " + now + "); give a past time or none");
            }
            RevocationRecord previous;
            if (target == RevocationTarget.ATTESTATION) {
                if (AuthorityTables.attestation(connection, targetId).isEmpty()) {
                    throw new NotFoundException(COMPONENT, "ATTESTATION_NOT_FOUND", "no attestation with id '"
                            + targetId + "'; ids are the 64-hex SHA-256 of the envelope's PAE bytes");
                }
                previous = attestationRevocations.get(targetId);
            } else {
                KeyId key = KeyId.parse(targetId);
                requireIssuer(key);
                previous = keyRevocations.get(key);
            }
            if (previous != null && !previous.effectiveAt().isAfter(effective)) {
                throw new AlreadyExistsException(COMPONENT, "ALREADY_REVOKED", target.jsonName() + " " + targetId
                        + " is already revoked effective " + previous.effectiveAt());
            }
            long seq = LogHead.read(connection, false).revocations();
            LogEntry.Revoked entry = new LogEntry.Revoked(seq, target, targetId, reason, effective, now);
            return List.of(new Pending(entry, index -> {
                RevocationRecord record = new RevocationRecord(seq, target, targetId, reason, effective, now, index);
                AuthorityTables.insertRevocation(connection, record);
                return record;
            }));
        }).get(0);
    }

    /** Status of an attestation: its record and revocation, if any. */
    public AttestationStatus status(String attestationId) {
        AttestationRecord record = view.attestation(attestationId).orElseThrow(() -> new NotFoundException(COMPONENT,
                "ATTESTATION_NOT_FOUND", "no attestation with id '" + attestationId + "'"));
        Optional<RevocationRecord> revocation = view.attestationRevocation(attestationId);
        Optional<RevocationRecord> keyRevocation = Optional.empty();
        for (String signer : record.signers()) {
            for (IssuerRecord link : chainOf(KeyId.parse(signer))) {
                RevocationRecord revoked = keyRevocations.get(link.key());
                if (revoked != null && !record.loggedAt().isBefore(revoked.effectiveAt())) {
                    keyRevocation = Optional.of(revoked);
                }
            }
        }
        return new AttestationStatus(record, revocation, keyRevocation);
    }

    /** The stored envelope JSON of an attestation. */
    public byte[] envelopeJson(String attestationId) {
        return database.read(c -> AuthorityTables.attestationEnvelope(c, attestationId)).orElseThrow(() ->
                new NotFoundException(COMPONENT, "ATTESTATION_NOT_FOUND", "no attestation with id '" + attestationId
                        + "'"));
    }

    /**
     * The revocation state as a signed W3C Bitstring Status List credential: bit {@code statusIndex} is set when the
     * attestation is revoked directly or through a key revoked effective at or before its log time.
     */
    public String exportStatusList() {
        long attestations = database.read(c -> LogHead.read(c, false).attestations());
        BitSet revoked = new BitSet();
        database.read(c -> {
            AuthorityTables.revokedStatusIndexes(c).forEach(i -> revoked.set(Math.toIntExact(i)));
            for (RevocationRecord revocation : keyRevocations.values()) {
                for (KeyId key : descendantsAndSelf(KeyId.parse(revocation.targetId()))) {
                    AuthorityTables.statusIndexesSignedBy(c, key, revocation.effectiveAt())
                            .forEach(i -> revoked.set(Math.toIntExact(i)));
                }
            }
            return null;
        });
        int length = (int) Math.max(StatusListCredential.MIN_ENTRIES, attestations);
        return StatusListCredential.build(options.statusListId(), revoked, length, now(), authorityKey);
    }

    private Set<KeyId> descendantsAndSelf(KeyId key) {
        Set<KeyId> result = new LinkedHashSet<>();
        result.add(key);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (IssuerRecord issuer : issuers.values()) {
                if (!issuer.isRoot() && result.contains(issuer.grant().issuer()) && result.add(issuer.key())) {
                    grew = true;
                }
            }
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------- log

    /** The authority's public key: signs checkpoints and status lists. */
    public Ed25519PublicKey authorityPublicKey() {
        return authorityKey.publicKey();
    }

    /** The signed-note verifier key of checkpoints ({@code <origin>+<hash>+<base64>}). */
    public NoteKey logKey() {
        return noteSigner.verifierKey();
    }

    public String origin() {
        return options.origin();
    }

    /** The committed log size. */
    public long logSize() {
        return hashStore.size();
    }

    /** The checkpoint of the committed log. */
    public Checkpoint checkpoint() {
        long size = hashStore.size();
        return new Checkpoint(options.origin(), size, log.rootHash(size));
    }

    /** The checkpoint signed as a C2SP signed note. */
    public String signedCheckpoint() {
        return checkpoint().sign(noteSigner);
    }

    /** A stored log entry: its bytes, kind and log time. */
    public record StoredEntry(long index, String kind, byte[] entry, Instant loggedAt) {
    }

    /**
     * Entries {@code [start, start + count)} (clipped to the committed size).
     *
     * @throws InvalidInputException {@code RANGE_INVALID} for a negative start or a count outside 1..1000
     */
    public List<StoredEntry> entries(long start, int count) {
        if (start < 0 || count < 1 || count > 1000) {
            throw new InvalidInputException(COMPONENT, "RANGE_INVALID",
                    "start must be >= 0 and count between 1 and 1000");
        }
        long end = Math.min(hashStore.size(), start + count);
        return database.read(c -> AuthorityTables.leaves(c, start, end, false)).stream()
                .map(l -> new StoredEntry(l.index(), l.kind(), l.entry(), l.loggedAt())).toList();
    }

    /** Inclusion proof of leaf {@code index} in the tree of {@code treeSize} (0 = current committed size). */
    public InclusionProof inclusionProof(long index, long treeSize) {
        return log.inclusionProof(index, committedSizeOr(treeSize));
    }

    /** Consistency proof between two committed sizes ({@code newSize} 0 = current). */
    public ConsistencyProof consistencyProof(long oldSize, long newSize) {
        return log.consistencyProof(oldSize, committedSizeOr(newSize));
    }

    private long committedSizeOr(long treeSize) {
        long size = hashStore.size();
        if (treeSize == 0) {
            return size;
        }
        if (treeSize < 0 || treeSize > size) {
            throw new InvalidInputException(COMPONENT, "TREE_SIZE_OUT_OF_RANGE", "tree size " + treeSize
                    + " is beyond the committed log size " + size);
        }
        return treeSize;
    }

    /**
     * Replays every log entry from the start and compares the result with the stored tables: issuers, attestations
     * (id, status index, log index) and revocations must match exactly.
     */
    public ReplayReport replayAndCompare() {
        return database.read(connection -> {
            long size = LogHead.read(connection, false).treeSize();
            List<String> replayedIssuers = new ArrayList<>();
            List<String> replayedAttestations = new ArrayList<>();
            List<String> replayedRevocations = new ArrayList<>();
            Map<KeyId, Integer> depth = new java.util.HashMap<>();
            List<String> problems = new ArrayList<>();
            for (long from = 0; from < size; from += 10_000) {
                for (AuthorityTables.Leaf leaf : AuthorityTables.leaves(connection, from, Math.min(size, from + 10_000),
                        false)) {
                    if (!java.util.Arrays.equals(TreeHasher.hashLeaf(leaf.entry()), hashStore.hash(0, leaf.index()))) {
                        problems.add("leaf " + leaf.index() + " does not hash to its stored leaf hash");
                    }
                    LogEntry entry = LogEntry.parse(leaf.entry());
                    if (entry instanceof LogEntry.IssuerAdded added) {
                        Grant grant = Grant.readUnverified(added.grant());
                        int d = added.root() ? 0 : depth.getOrDefault(grant.issuer(), -100) + 1;
                        depth.put(grant.delegate(), d);
                        replayedIssuers.add(grant.delegate() + " " + (added.root() ? null : grant.issuer().value())
                                + " " + d + " " + leaf.index());
                    } else if (entry instanceof LogEntry.AttestationIssued issued) {
                        replayedAttestations.add(issued.id() + " " + issued.statusIndex() + " " + leaf.index());
                    } else if (entry instanceof LogEntry.Revoked revoked) {
                        replayedRevocations.add(revoked.seq() + " " + revoked.targetKind().jsonName() + " "
                                + revoked.target() + " " + revoked.reason().rfcName() + " "
                                + revoked.effectiveAt().toEpochMilli() + " " + leaf.index());
                    }
                }
            }
            replayedIssuers.sort(null);
            replayedAttestations.sort(null);
            compare("issuers", replayedIssuers, AuthorityTables.issuerFingerprints(connection), problems);
            compare("attestations", replayedAttestations, AuthorityTables.attestationFingerprints(connection),
                    problems);
            compare("revocations", replayedRevocations, AuthorityTables.revocationFingerprints(connection), problems);
            byte[] root = log.rootHash(Math.min(size, hashStore.size()));
            return new ReplayReport(size, replayedIssuers.size(), replayedAttestations.size(),
                    replayedRevocations.size(), Hashes.toHex(root), problems);
        });
    }

    private static void compare(String what, List<String> replayed, List<String> stored, List<String> problems) {
        if (!replayed.equals(stored)) {
            problems.add(what + ": the log replays to " + replayed.size() + " rows, the table holds " + stored.size()
                    + (replayed.size() == stored.size() ? " different rows" : ""));
        }
    }

    /** Result of {@link #replayAndCompare}. */
    public record ReplayReport(long logSize, int issuers, int attestations, int revocations, String rootHex,
            List<String> problems) {
        public boolean matches() {
            return problems.isEmpty();
        }
    }

    // ---------------------------------------------------------------------------------------------- writes

    /** A log entry and the state change it records; {@code apply} gets the entry's leaf index. */
    private record Pending(LogEntry entry, IndexedWork<?> apply) {
    }

    @FunctionalInterface
    private interface IndexedWork<T> {
        T run(long index) throws SQLException;
    }

    @FunctionalInterface
    private interface WriteWork {
        List<Pending> prepare(Connection connection) throws SQLException;
    }

    /**
     * Runs one state change under the write lock and the log-head row lock: {@code work} validates and returns the
     * entries to log; each entry's state change and the log append then run in the same transaction.
     */
    @SuppressWarnings("unchecked")
    private <T> List<T> write(WriteWork work) {
        writeLock.lock();
        try {
            List<LogEntry> committed = new ArrayList<>();
            List<Object> results;
            try {
                results = database.inTransaction(connection -> {
                    LogHead head = LogHead.read(connection, true);
                    if (head.treeSize() != applied || head.treeSize() != hashStore.stagedSize()) {
                        applyLeaves(AuthorityTables.leaves(connection, applied, head.treeSize(), true));
                        hashStore.reload();
                        log = MerkleLog.open(hashStore);
                        applied = head.treeSize();
                    }
                    List<Pending> pending = work.prepare(connection);
                    List<Object> out = new ArrayList<>();
                    try (AuthorityTables.WriteBatch batch = new AuthorityTables.WriteBatch(connection)) {
                    currentBatch = batch;
                    long attestations = head.attestations();
                    long revocations = head.revocations();
                    for (Pending item : pending) {
                        byte[] bytes = item.entry().toBytes();
                        long index = log.append(bytes);
                        batch.leaf(index, item.entry(), bytes);
                        out.add(item.apply().run(index));
                        committed.add(item.entry());
                        if (item.entry() instanceof LogEntry.AttestationIssued) {
                            attestations++;
                        } else if (item.entry() instanceof LogEntry.Revoked) {
                            revocations++;
                        }
                    }
                    batch.flush();
                    hashStore.flush();
                    new LogHead(log.size(), revocations, attestations).write(connection);
                    } finally {
                        currentBatch = null;
                    }
                    return out;
                });
            } catch (RuntimeException | Error e) {
                hashStore.reload();
                log = MerkleLog.open(hashStore);
                throw e;
            }
            hashStore.publish();
            long firstIndex = log.size() - committed.size();
            for (int i = 0; i < committed.size(); i++) {
                apply(committed.get(i), firstIndex + i);
            }
            for (Object result : results) {
                if (result instanceof IssuedAttestation issued) {
                    cacheAttestation(issued.record());
                }
            }
            applied = log.size();
            return (List<T>) results;
        } finally {
            writeLock.unlock();
        }
    }

    private void storeKey(Connection connection, Ed25519PrivateKey privateKey, Ed25519PublicKey publicKey,
            String purpose, Instant now) throws SQLException {
        KeyId keyId = KeyId.of(publicKey);
        if (AuthorityTables.key(connection, keyId).isPresent()) {
            return;
        }
        AuthorityTables.insertKey(connection, keyId, publicKey.raw(),
                privateKey == null ? null : kek.seal(privateKey, keyId), purpose, now);
    }

    private Ed25519PrivateKey requirePrivateKey(Connection connection, KeyId keyId) throws SQLException {
        Ed25519PrivateKey cached = privateKeys.get(keyId);
        if (cached != null) {
            return cached;
        }
        AuthorityTables.KeyRow row = AuthorityTables.key(connection, keyId).orElse(null);
        if (row == null || row.sealedPrivate() == null) {
            throw new FailedPreconditionException(COMPONENT, "PRIVATE_KEY_NOT_HELD", "the authority does not hold"
                    + " the private key of " + keyId + "; that issuer signs its envelopes itself");
        }
        Ed25519PrivateKey key = kek.open(row.sealedPrivate(), keyId);
        privateKeys.put(keyId, key);
        return key;
    }

    private Ed25519PrivateKey loadOrCreateAuthorityKey() {
        return database.inTransaction(connection -> {
            Optional<AuthorityTables.KeyRow> row = AuthorityTables.keyByPurpose(connection, "authority");
            if (row.isPresent()) {
                return kek.open(row.get().sealedPrivate(), row.get().keyId());
            }
            Ed25519PrivateKey key = Ed25519.generateKeyPair();
            storeKey(connection, key, key.publicKey(), "authority", now());
            return key;
        });
    }

    // ---------------------------------------------------------------------------------------------- state

    private void catchUp() {
        writeLock.lock();
        try {
            long size = database.read(c -> LogHead.read(c, false).treeSize());
            if (size == applied) {
                return;
            }
            for (long from = applied; from < size; from += 10_000) {
                long start = from;
                applyLeaves(database.read(c -> AuthorityTables.leaves(c, start, Math.min(size, start + 10_000),
                        true)));
            }
            hashStore.reload();
            log = MerkleLog.open(hashStore);
            applied = size;
        } finally {
            writeLock.unlock();
        }
    }

    private void pollQuietly() {
        try {
            catchUp();
        } catch (RuntimeException e) {
            // the next poll retries; writes catch up under the row lock anyway
        }
    }

    /** Forces a refresh from the database now (what the poller does periodically). */
    public void refresh() {
        catchUp();
    }

    private void applyLeaves(List<AuthorityTables.Leaf> leaves) {
        for (AuthorityTables.Leaf leaf : leaves) {
            apply(LogEntry.parse(leaf.entry()), leaf.index());
        }
    }

    private void apply(LogEntry entry, long index) {
        if (entry instanceof LogEntry.IssuerAdded added) {
            Grant grant;
            int depth;
            if (added.root()) {
                grant = Grant.readSignedRoot(added.grant());
                depth = 0;
            } else {
                Grant unverified = Grant.readUnverified(added.grant());
                IssuerRecord parent = issuers.get(unverified.issuer());
                if (parent == null) {
                    throw new IllegalStateException("log entry " + index + " delegates from unknown " + unverified
                            .issuer());
                }
                grant = Grant.readSigned(added.grant(), parent.grant().delegatePublicKey());
                depth = parent.depth() + 1;
            }
            issuers.put(grant.delegate(), new IssuerRecord(grant, added.grant(), depth, index, added.loggedAt()));
        } else if (entry instanceof LogEntry.Revoked revoked) {
            RevocationRecord record = new RevocationRecord(revoked.seq(), revoked.targetKind(), revoked.target(),
                    revoked.reason(), revoked.effectiveAt(), revoked.loggedAt(), index);
            if (revoked.targetKind() == RevocationTarget.ATTESTATION) {
                attestationRevocations.merge(revoked.target(), record, Authority::earlier);
            } else {
                keyRevocations.merge(KeyId.parse(revoked.target()), record, Authority::earlier);
            }
        }
    }

    private static RevocationRecord earlier(RevocationRecord a, RevocationRecord b) {
        return b.effectiveAt().isBefore(a.effectiveAt()) ? b : a;
    }

    private void cacheAttestation(AttestationRecord record) {
        if (attestationCache.size() >= ATTESTATION_CACHE_LIMIT) {
            attestationCache.clear();
        }
        attestationCache.put(record.id(), record);
    }

    private IssuerRecord requireIssuer(KeyId key) {
        IssuerRecord issuer = issuers.get(key);
        if (issuer == null) {
            throw new NotFoundException(COMPONENT, "ISSUER_NOT_FOUND", "key " + key
                    + " is not a registered issuer; register a root or delegate to it first");
        }
        return issuer;
    }

    private void requireNewIssuer(KeyId key) {
        if (issuers.containsKey(key)) {
            throw new AlreadyExistsException(COMPONENT, "ISSUER_EXISTS", "key " + key + " is already an issuer;"
                    + " each key receives one grant");
        }
    }

    private List<KeyId> ancestors(IssuerRecord issuer) {
        List<KeyId> keys = new ArrayList<>();
        IssuerRecord current = issuer;
        while (current != null && keys.size() <= AttestationVerifier.MAX_CHAIN) {
            keys.add(current.key());
            current = current.isRoot() ? null : issuers.get(current.grant().issuer());
        }
        return keys;
    }

    private void checkWindow(Scope scope) {
        if (scope.notAfter().isAfter(FAR_FUTURE) || scope.notBefore().isBefore(Instant.EPOCH)) {
            throw new InvalidInputException(COMPONENT, "TIMESTAMP_OUT_OF_RANGE", "validity must lie between 1970 and"
                    + " 9999-12-31, was " + scope.notBefore() + ".." + scope.notAfter());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        closed = true;
        QueuedIssue left;
        while ((left = issueQueue.poll()) != null) {
            pendingIssues.decrementAndGet();
            left.result().completeExceptionally(new UnavailableException(COMPONENT, "AUTHORITY_CLOSED",
                    "the authority shut down before attestation " + left.signed().id() + " was committed; nothing"
                    + " was issued, retry on a running instance"));
        }
        if (poller != null) {
            poller.shutdownNow();
            try {
                poller.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Poll interval in effect. */
    public Duration pollInterval() {
        return options.pollInterval();
    }

    private final class CachedView implements TrustView {
        @Override
        public Optional<IssuerRecord> issuer(KeyId key) {
            return Optional.ofNullable(issuers.get(key));
        }

        @Override
        public boolean isTrustedRoot(KeyId key) {
            IssuerRecord issuer = issuers.get(key);
            return issuer != null && issuer.isRoot();
        }

        @Override
        public Optional<AttestationRecord> attestation(String id) {
            AttestationRecord cached = attestationCache.get(id);
            if (cached != null) {
                return Optional.of(cached);
            }
            Optional<AttestationRecord> stored = database.read(c -> AuthorityTables.attestation(c, id));
            stored.filter(r -> r.logIndex() < hashStore.size()).ifPresent(Authority.this::cacheAttestation);
            return stored;
        }

        @Override
        public Optional<RevocationRecord> attestationRevocation(String id) {
            return Optional.ofNullable(attestationRevocations.get(id));
        }

        @Override
        public Optional<RevocationRecord> keyRevocation(KeyId key) {
            return Optional.ofNullable(keyRevocations.get(key));
        }
    }
}
