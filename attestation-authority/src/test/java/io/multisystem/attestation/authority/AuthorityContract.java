package io.multisystem.attestation.authority;

import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.attestation.dsse.EnvelopeSignature;
import io.multisystem.attestation.dsse.EnvelopeSigner;
import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.statuslist.StatusListCredential;
import io.multisystem.attestation.store.Database;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.testing.FakeClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.multisystem.attestation.authority.AuthorityFixture.BUILD;
import static io.multisystem.attestation.authority.AuthorityFixture.depth3;
import static io.multisystem.attestation.authority.AuthorityFixture.request;
import static io.multisystem.attestation.authority.AuthorityFixture.scope;
import static io.multisystem.attestation.authority.AuthorityFixture.statement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The authority's behaviour, run against each storage engine by a subclass. */
abstract class AuthorityContract {
    FakeClock clock = new FakeClock(Instant.parse("2026-06-01T12:00:00Z"));
    Database database;
    Authority authority;

    abstract Database openDatabase();

    @BeforeEach
    void openAuthority() {
        database = openDatabase();
        authority = AuthorityFixture.open(database, clock);
    }

    @AfterEach
    void closeAuthority() {
        authority.close();
        database.close();
    }

    Authority reopen() {
        authority.close();
        database.close();
        database = reopenDatabase();
        authority = AuthorityFixture.open(database, clock);
        return authority;
    }

    abstract Database reopenDatabase();

    @Test
    void issuedAttestationFromDepth3ChainVerifiesWithInclusionProof() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssuedAttestation issued = authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key()));

        Verdict verdict = authority.verify(EnvelopeJson.write(issued.envelope()).getBytes(StandardCharsets.UTF_8),
                VerifyPolicy.defaults().withProof());

        assertThat(verdict.reasons()).isEmpty();
        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.verifiedSigners()).containsExactly(chain.ci().key().value());
        assertThat(verdict.logIndex()).isEqualTo(3);
        assertThat(authority.logSize()).isEqualTo(4);
    }

    @Test
    void issuingOutsideTheIssuersScopeIsRefusedAndStoresNothing() {
        AuthorityFixture.Chain chain = depth3(authority);
        long before = authority.logSize();

        assertThatThrownBy(() -> authority.issue(request(statement("pkg:npm/left-pad", BUILD), chain.ci().key())))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo("SCOPE_EXCEEDED"));
        assertThatThrownBy(() -> authority.issue(request(statement("pkg:oci/app", "https://example.com/other"),
                chain.ci().key())))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo("SCOPE_EXCEEDED"));
        assertThat(authority.logSize()).isEqualTo(before);
        assertThat(authority.replayAndCompare().attestations()).isZero();
    }

    @Test
    void delegationWiderThanItsParentIsRefusedAndStoresNothing() {
        AuthorityFixture.Chain chain = depth3(authority);
        long before = authority.logSize();

        assertThatThrownBy(() -> authority.delegate(chain.team().key(), KeySource.generate(),
                scope(List.of("*"), List.of("pkg:*"), 1)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo("SCOPE_EXCEEDED"));
        assertThatThrownBy(() -> authority.delegate(chain.ci().key(), KeySource.generate(),
                scope(List.of(BUILD), List.of("pkg:oci/*"), 0)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo("PATH_TOO_LONG"));
        assertThat(authority.logSize()).isEqualTo(before);
    }

    @Test
    void delegatingToAnAncestorIsACycle() {
        Ed25519PrivateKey rootKey = Ed25519.generateKeyPair();
        IssuerRecord root = authority.registerRoot(KeySource.importPrivate(rootKey), scope(List.of("*"), List.of("*"), 5));
        IssuerRecord child = authority.delegate(root.key(), KeySource.generate(), scope(List.of("*"), List.of("*"), 3));

        assertThatThrownBy(() -> authority.delegate(child.key(), KeySource.importPrivate(rootKey),
                scope(List.of("*"), List.of("*"), 1)))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo("DELEGATION_CYCLE"));
    }

    @Test
    void delegationBeyondMaximumDepthIsRefused() {
        IssuerRecord current = authority.registerRoot(KeySource.generate(), scope(List.of("*"), List.of("*"), 20));
        for (int depth = 1; depth <= Authority.MAX_DEPTH; depth++) {
            current = authority.delegate(current.key(), KeySource.generate(), scope(List.of("*"), List.of("*"), 20 - depth));
        }
        KeyId deepest = current.key();

        assertThatThrownBy(() -> authority.delegate(deepest, KeySource.generate(), scope(List.of("*"), List.of("*"), 1)))
                .isInstanceOfSatisfying(PlatformException.class,
                        e -> assertThat(e.code()).isEqualTo("DELEGATION_TOO_DEEP"));
    }

    @Test
    void badEnvelopesGetTheirSpecificReasonCodes() {
        AuthorityFixture.Chain chain = depth3(authority);
        Envelope good = authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key())).envelope();
        EnvelopeSignature signature = good.signatures().get(0);
        byte[] flipped = signature.sig();
        flipped[5] ^= 1;

        assertThat(reasons("{not json".getBytes(StandardCharsets.UTF_8))).containsExactly(VerdictReason.MALFORMED_ENVELOPE);
        assertThat(reasons("{\"payload\":\"%%%\",\"payloadType\":\"x\",\"signatures\":[]}".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(VerdictReason.MALFORMED_ENVELOPE);
        assertThat(reasons(new Envelope(good.payloadType(), good.payload(),
                List.of(new EnvelopeSignature(signature.keyId(), flipped)))))
                .containsExactly(VerdictReason.SIGNATURE_INVALID);
        assertThat(reasons(new Envelope(good.payloadType(), good.payload(),
                List.of(new EnvelopeSignature(signature.keyId(), new byte[63])))))
                .containsExactly(VerdictReason.SIGNATURE_INVALID);
        assertThat(reasons(new Envelope(good.payloadType(), good.payload(),
                List.of(new EnvelopeSignature("ab".repeat(32), signature.sig())))))
                .containsExactly(VerdictReason.UNKNOWN_KEY);
        assertThat(reasons(new Envelope("text/plain", good.payload(), good.signatures())))
                .contains(VerdictReason.PAYLOAD_TYPE_MISMATCH, VerdictReason.SIGNATURE_INVALID);
        assertThat(reasons(new Envelope(good.payloadType(), good.payload(), List.of())))
                .contains(VerdictReason.NO_SIGNATURES);
    }

    @Test
    void nonCanonicalSignatureIsRejectedByTheStrictPolicy() {
        AuthorityFixture.Chain chain = depth3(authority);
        Envelope good = authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key())).envelope();
        byte[] sig = good.signatures().get(0).sig();
        // S + L (the group order) is the classic malleated signature: same point, non-canonical scalar.
        java.math.BigInteger order = java.math.BigInteger.TWO.pow(252)
                .add(new java.math.BigInteger("27742317777372353535851937790883648493"));
        byte[] sLittle = java.util.Arrays.copyOfRange(sig, 32, 64);
        byte[] sBig = new byte[32];
        for (int i = 0; i < 32; i++) {
            sBig[i] = sLittle[31 - i];
        }
        byte[] malleated = new java.math.BigInteger(1, sBig).add(order).toByteArray();
        byte[] le = new byte[32];
        for (int i = 0; i < Math.min(32, malleated.length); i++) {
            le[i] = malleated[malleated.length - 1 - i];
        }
        byte[] forged = java.util.Arrays.copyOf(sig, 64);
        System.arraycopy(le, 0, forged, 32, 32);

        assertThat(reasons(new Envelope(good.payloadType(), good.payload(),
                List.of(new EnvelopeSignature(good.signatures().get(0).keyId(), forged)))))
                .containsExactly(VerdictReason.SIGNATURE_INVALID);
    }

    @Test
    void signatureByAKeyOutsideAnyChainIsUnknownAndSelfMadeRootIsUntrusted() {
        Ed25519PrivateKey stranger = Ed25519.generateKeyPair();
        Envelope envelope = EnvelopeSigner.sign(Statement.PAYLOAD_TYPE, statement("pkg:oci/app", BUILD).toJson(), stranger);

        assertThat(reasons(envelope)).containsExactly(VerdictReason.UNKNOWN_KEY);
    }

    @Test
    void revokedAttestationFailsAndRevocationIsLogged() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssuedAttestation issued = authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key()));
        long before = authority.logSize();

        RevocationRecord revocation = authority.revoke(RevocationTarget.ATTESTATION, issued.record().id(),
                RevocationReason.SUPERSEDED, Optional.empty());

        assertThat(revocation.logIndex()).isEqualTo(before);
        assertThat(authority.logSize()).isEqualTo(before + 1);
        assertThat(reasons(issued.envelope())).containsExactly(VerdictReason.REVOKED);
        assertThat(authority.status(issued.record().id()).isRevoked()).isTrue();
    }

    @Test
    void keyCompromisedAtTRevokesWhatItSignedAfterTButNotBefore() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssuedAttestation early = authority.issue(request(statement("pkg:oci/early", BUILD), chain.ci().key()));
        clock.advance(Duration.ofHours(1));
        Instant compromisedAt = clock.instant();
        IssuedAttestation late = authority.issue(request(statement("pkg:oci/late", BUILD), chain.ci().key()));
        clock.advance(Duration.ofHours(1));

        authority.revoke(RevocationTarget.KEY, chain.team().key().value(), RevocationReason.KEY_COMPROMISE,
                Optional.of(compromisedAt));

        assertThat(reasons(early.envelope())).isEmpty();
        assertThat(reasons(late.envelope())).containsExactly(VerdictReason.KEY_REVOKED);
        assertThatThrownBy(() -> authority.issue(request(statement("pkg:oci/new", BUILD), chain.ci().key())))
                .isInstanceOfSatisfying(PlatformException.class, e -> assertThat(e.code()).isEqualTo("KEY_REVOKED"));
    }

    @Test
    void validityIsCheckedAgainstTheGivenTime() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssuedAttestation issued = authority.issue(new IssueRequest(statement("pkg:oci/app", BUILD),
                List.of(chain.ci().key()), Optional.of(clock.instant().plus(Duration.ofDays(1)))));

        assertThat(reasons(issued.envelope(), VerifyPolicy.defaults().at(clock.instant().plus(Duration.ofDays(2)))))
                .containsExactly(VerdictReason.EXPIRED);
        assertThat(reasons(issued.envelope(), VerifyPolicy.defaults().at(clock.instant().minus(Duration.ofDays(1)))))
                .containsExactly(VerdictReason.NOT_YET_VALID);
        assertThat(reasons(issued.envelope(), VerifyPolicy.defaults().at(Instant.parse("2031-01-01T00:00:00Z"))))
                .contains(VerdictReason.EXPIRED);
    }

    @Test
    void thresholdNeedsKDistinctAllowedSigners() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssuerRecord second = authority.delegate(chain.team().key(), KeySource.generate(),
                scope(List.of(BUILD), List.of("pkg:oci/*"), 0));
        IssuerRecord third = authority.delegate(chain.team().key(), KeySource.generate(),
                scope(List.of(BUILD), List.of("pkg:oci/*"), 0));
        IssuedAttestation twoSigners = authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key(),
                second.key()));
        Set<KeyId> allowed = Set.of(chain.ci().key(), second.key(), third.key());

        assertThat(reasons(twoSigners.envelope(), VerifyPolicy.defaults().threshold(2, allowed))).isEmpty();
        assertThat(reasons(twoSigners.envelope(), VerifyPolicy.defaults().threshold(3, allowed)))
                .containsExactly(VerdictReason.THRESHOLD_NOT_MET);
        assertThat(reasons(twoSigners.envelope(), VerifyPolicy.defaults().threshold(1, Set.of(third.key()))))
                .containsExactly(VerdictReason.THRESHOLD_NOT_MET);
    }

    @Test
    void logCheckAcceptsTheLoggedAttestationPresentedWithItsSignaturesInAnotherOrder() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssuerRecord second = authority.delegate(chain.team().key(), KeySource.generate(),
                scope(List.of(BUILD), List.of("pkg:oci/*"), 0));
        IssuedAttestation issued = authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key(),
                second.key()));
        Envelope logged = issued.envelope();
        List<EnvelopeSignature> reversed = new ArrayList<>(logged.signatures());
        java.util.Collections.reverse(reversed);
        // not byte-identical to the logged entry, so the proof is checked against the stored entry instead
        Envelope reordered = new Envelope(logged.payloadType(), logged.payload(), reversed);

        assertThat(reasons(logged, VerifyPolicy.defaults().withProof())).isEmpty();
        assertThat(reasons(reordered, VerifyPolicy.defaults().withProof())).isEmpty();
    }

    @Test
    void statusListMarksRevokedAttestationsAndItsProofVerifies() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssuedAttestation kept = authority.issue(request(statement("pkg:oci/kept", BUILD), chain.ci().key()));
        IssuedAttestation revoked = authority.issue(request(statement("pkg:oci/revoked", BUILD), chain.ci().key()));
        authority.revoke(RevocationTarget.ATTESTATION, revoked.record().id(), RevocationReason.KEY_COMPROMISE,
                Optional.empty());

        String credential = authority.exportStatusList();

        assertThat(StatusListCredential.verify(credential, authority.authorityPublicKey())).isTrue();
        assertThat(StatusListCredential.verify(credential.replace("revocation", "suspension"),
                authority.authorityPublicKey())).isFalse();
        assertThat(StatusListCredential.decodeList(credential)).hasSize(StatusListCredential.MIN_ENTRIES / 8);
        assertThat(StatusListCredential.isSet(credential, revoked.record().statusIndex())).isTrue();
        assertThat(StatusListCredential.isSet(credential, kept.record().statusIndex())).isFalse();
    }

    @Test
    void restartKeepsEverythingAndTheSameRoot() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssuedAttestation issued = authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key()));
        authority.revoke(RevocationTarget.ATTESTATION, issued.record().id(), RevocationReason.SUPERSEDED,
                Optional.empty());
        String rootBefore = Base64.getEncoder().encodeToString(authority.checkpoint().rootHash());
        long sizeBefore = authority.logSize();
        var logKeyBefore = authority.logKey();

        Authority restarted = reopen();

        assertThat(restarted.logSize()).isEqualTo(sizeBefore);
        assertThat(Base64.getEncoder().encodeToString(restarted.checkpoint().rootHash())).isEqualTo(rootBefore);
        assertThat(restarted.logKey()).isEqualTo(logKeyBefore);
        assertThat(reasons(issued.envelope())).containsExactly(VerdictReason.REVOKED);
        IssuedAttestation after = restarted.issue(request(statement("pkg:oci/after", BUILD), chain.ci().key()));
        assertThat(restarted.verify(after.envelope(), VerifyPolicy.defaults().withProof()).valid()).isTrue();
        assertThat(restarted.replayAndCompare().problems()).isEmpty();
    }

    @Test
    void sameStatementTwiceIsAlreadyExists() {
        AuthorityFixture.Chain chain = depth3(authority);
        authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key()));

        assertThatThrownBy(() -> authority.issue(request(statement("pkg:oci/app", BUILD), chain.ci().key())))
                .isInstanceOfSatisfying(PlatformException.class,
                        e -> assertThat(e.code()).isEqualTo("ATTESTATION_EXISTS"));
    }

    @Test
    void futureCompromiseTimeIsRejected() {
        AuthorityFixture.Chain chain = depth3(authority);

        assertThatThrownBy(() -> authority.revoke(RevocationTarget.KEY, chain.ci().key().value(),
                RevocationReason.KEY_COMPROMISE, Optional.of(clock.instant().plus(Duration.ofDays(1)))))
                .isInstanceOfSatisfying(PlatformException.class,
                        e -> assertThat(e.code()).isEqualTo("TIMESTAMP_IN_FUTURE"));
    }

    @Test
    void concurrentIssuingWhileRevokingReplaysToExactlyTheStoredState() throws Exception {
        AuthorityFixture.Chain chain = depth3(authority);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<String> issuedIds = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                try {
                    for (int i = 0; i < 25; i++) {
                        IssuedAttestation issued = authority.issue(request(statement("pkg:oci/t" + thread + "-" + i,
                                BUILD), chain.ci().key()));
                        issuedIds.add(issued.record().id());
                        if (i % 5 == 0) {
                            authority.revoke(RevocationTarget.ATTESTATION, issued.record().id(),
                                    RevocationReason.CESSATION_OF_OPERATION, Optional.empty());
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(50).toMillis());
            assertThat(thread.isAlive()).as("worker finished within 50 s").isFalse();
        }

        assertThat(failures).isEmpty();
        Authority.ReplayReport report = authority.replayAndCompare();
        assertThat(report.problems()).isEmpty();
        assertThat(report.attestations()).isEqualTo(200);
        assertThat(report.revocations()).isEqualTo(40);
        assertThat(report.logSize()).isEqualTo(3 + 200 + 40);
        assertThat(issuedIds).doesNotHaveDuplicates();
    }

    @Test
    void groupCommitStoresTheValidRequestsAndNothingForRejectedOnesInTheMiddle() {
        AuthorityFixture.Chain chain = depth3(authority);
        long before = authority.logSize();
        IssueRequest first = request(statement("pkg:oci/first", BUILD), chain.ci().key());
        IssueRequest outOfScope = request(statement("pkg:npm/left-pad", BUILD), chain.ci().key());
        IssueRequest duplicateOfFirst = request(statement("pkg:oci/first", BUILD), chain.ci().key());
        IssueRequest unknownSigner = request(statement("pkg:oci/other", BUILD),
                KeyId.of(Ed25519.generateKeyPair().publicKey()));
        IssueRequest last = request(statement("pkg:oci/last", BUILD), chain.ci().key());

        List<Object> outcomes = authority.issueGroup(List.of(first, outOfScope, duplicateOfFirst, unknownSigner,
                last));

        assertThat(outcomes).hasSize(5);
        assertThat(outcomes.get(0)).isInstanceOf(IssuedAttestation.class);
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(PlatformException.class,
                e -> assertThat(e.code()).isEqualTo("SCOPE_EXCEEDED"));
        assertThat(outcomes.get(2)).isInstanceOfSatisfying(PlatformException.class,
                e -> assertThat(e.code()).isEqualTo("ATTESTATION_EXISTS"));
        assertThat(outcomes.get(3)).isInstanceOfSatisfying(PlatformException.class,
                e -> assertThat(e.code()).isEqualTo("ISSUER_NOT_FOUND"));
        assertThat(outcomes.get(4)).isInstanceOf(IssuedAttestation.class);
        IssuedAttestation a = (IssuedAttestation) outcomes.get(0);
        IssuedAttestation b = (IssuedAttestation) outcomes.get(4);
        assertThat(authority.logSize()).isEqualTo(before + 2);
        assertThat(List.of(a.record().logIndex(), b.record().logIndex())).containsExactly(before, before + 1);
        assertThat(List.of(a.record().statusIndex(), b.record().statusIndex())).containsExactly(0L, 1L);
        Authority.ReplayReport report = authority.replayAndCompare();
        assertThat(report.problems()).isEmpty();
        assertThat(report.attestations()).isEqualTo(2);
        assertThat(authority.verify(b.envelope(), VerifyPolicy.defaults().withProof()).valid()).isTrue();
        byte[] rootBefore = authority.checkpoint().rootHash();
        assertThat(reopen().checkpoint().rootHash()).isEqualTo(rootBefore);
    }

    @Test
    void concurrentIssueCallsAreGroupCommittedAndRejectedOnesStoreNothing() throws Exception {
        AuthorityFixture.Chain chain = depth3(authority);
        long before = authority.logSize();
        int threads = 12;
        int perThread = 20;
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        List<IssuedAttestation> issued = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            workers.add(new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        if (i % 4 == 3) {
                            try {
                                authority.issue(request(statement("pkg:npm/x" + thread + "-" + i, BUILD),
                                        chain.ci().key()));
                                failures.add(new AssertionError("an out-of-scope request was issued"));
                            } catch (PlatformException e) {
                                refused.incrementAndGet();
                            }
                        } else {
                            issued.add(authority.issue(request(statement("pkg:oci/g" + thread + "-" + i, BUILD),
                                    chain.ci().key())));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        workers.forEach(Thread::start);
        go.countDown();
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(50).toMillis());
            assertThat(worker.isAlive()).as("worker finished within 50 s").isFalse();
        }

        assertThat(failures).isEmpty();
        int expected = threads * perThread * 3 / 4;
        assertThat(issued).hasSize(expected);
        assertThat(refused.get()).isEqualTo(threads * perThread / 4);
        assertThat(authority.logSize()).isEqualTo(before + expected);
        assertThat(issued.stream().map(i -> i.record().logIndex()).sorted().toList())
                .isEqualTo(java.util.stream.LongStream.range(before, before + expected).boxed().toList());
        assertThat(issued.stream().map(i -> i.record().statusIndex()).sorted().toList())
                .isEqualTo(java.util.stream.LongStream.range(0, expected).boxed().toList());
        assertThat(authority.issueGroupCommits()).isBetween(1L, (long) expected);
        Authority.ReplayReport report = authority.replayAndCompare();
        assertThat(report.problems()).isEmpty();
        assertThat(report.attestations()).isEqualTo(expected);
        for (IssuedAttestation attestation : issued) {
            assertThat(authority.verify(attestation.envelope(), VerifyPolicy.defaults()).valid()).isTrue();
        }
    }

    @Test
    void issueCallsQueuedWhileTheLogIsBusyCommitAsOneGroupWithConsecutiveIndexesAndValidProofs() {
        AuthorityFixture.Chain chain = depth3(authority);
        long before = authority.logSize();
        long commitsBefore = authority.issueGroupCommits();
        List<IssueRequest> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            requests.add(request(statement("pkg:oci/batched-" + i, BUILD), chain.ci().key()));
        }

        List<Object> outcomes = issueConcurrentlyAsOneGroup(requests);

        assertThat(authority.issueGroupCommits()).as("all 16 callers share one commit")
                .isEqualTo(commitsBefore + 1);
        List<IssuedAttestation> issued = outcomes.stream().map(IssuedAttestation.class::cast).toList();
        assertThat(issued.stream().map(i -> i.record().logIndex()).sorted().toList())
                .isEqualTo(java.util.stream.LongStream.range(before, before + 16).boxed().toList());
        assertThat(issued.stream().map(i -> i.record().statusIndex()).sorted().toList())
                .isEqualTo(java.util.stream.LongStream.range(0, 16).boxed().toList());
        assertThat(authority.logSize()).isEqualTo(before + 16);
        byte[] root = authority.checkpoint().rootHash();
        for (IssuedAttestation attestation : issued) {
            long index = attestation.record().logIndex();
            byte[] leaf = authority.entries(index, 1).get(0).entry();
            assertThat(authority.inclusionProof(index, 0)
                    .verify(io.multisystem.attestation.log.TreeHasher.hashLeaf(leaf), root).isValid())
                    .as("inclusion proof of leaf %d", index).isTrue();
            assertThat(authority.verify(attestation.envelope(), VerifyPolicy.defaults().withProof()).valid()).isTrue();
            assertThat(authority.status(attestation.record().id()).record()).isEqualTo(attestation.record());
        }
        assertThat(authority.replayAndCompare().problems()).isEmpty();
        assertThat(reopen().checkpoint().rootHash()).isEqualTo(root);
    }

    @Test
    void aDatabaseFailureOfOneItemInsideAGroupFailsOnlyThatCaller() {
        AuthorityFixture.Chain chain = depth3(authority);
        String poison = "https://example.com/poison/v1";
        // a real constraint violation, raised by the database when the group's batch of rows is written
        database.inTransaction(c -> {
            try (var statement = c.createStatement()) {
                statement.execute("ALTER TABLE attestation ADD CONSTRAINT no_poison CHECK (predicate_type <> '"
                        + poison + "')");
            }
            return null;
        });
        long before = authority.logSize();
        List<IssueRequest> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(i == 3 ? request(statement("pkg:oci/poisoned", poison), chain.root().key())
                    : request(statement("pkg:oci/healthy-" + i, BUILD), chain.ci().key()));
        }

        List<Object> outcomes = issueConcurrentlyAsOneGroup(requests);

        assertThat(outcomes.get(3)).isInstanceOfSatisfying(PlatformException.class,
                e -> assertThat(e.code()).isEqualTo("STORE_UNAVAILABLE"));
        List<IssuedAttestation> issued = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (i != 3) {
                assertThat(outcomes.get(i)).as("caller %d", i).isInstanceOf(IssuedAttestation.class);
                issued.add((IssuedAttestation) outcomes.get(i));
            }
        }
        assertThat(authority.logSize()).isEqualTo(before + 7);
        assertThat(issued.stream().map(i -> i.record().logIndex()).sorted().toList())
                .isEqualTo(java.util.stream.LongStream.range(before, before + 7).boxed().toList());
        assertThat(issued.stream().map(i -> i.record().statusIndex()).sorted().toList())
                .isEqualTo(java.util.stream.LongStream.range(0, 7).boxed().toList());
        for (IssuedAttestation attestation : issued) {
            assertThat(authority.verify(attestation.envelope(), VerifyPolicy.defaults().withProof()).valid()).isTrue();
        }
        Authority.ReplayReport report = authority.replayAndCompare();
        assertThat(report.problems()).isEmpty();
        assertThat(report.attestations()).isEqualTo(7);
        byte[] root = authority.checkpoint().rootHash();
        assertThat(reopen().checkpoint().rootHash()).isEqualTo(root);
        assertThat(authority.logSize()).isEqualTo(before + 7);
    }

    @Test
    void aCallerWhoseCommitCannotStartBeforeItsDeadlineGetsUnavailableAndNothingIsIssued() {
        AuthorityFixture.Chain chain = depth3(authority);
        IssueRequest request = request(statement("pkg:oci/slow", BUILD), chain.ci().key());
        long before = authority.logSize();
        try (Authority impatient = Authority.open(database, AuthorityFixture.KEK, AuthorityOptions.defaults()
                .withPollInterval(Duration.ZERO).withIssueTimeout(Duration.ofMillis(200)), clock)) {
            java.util.concurrent.locks.ReentrantLock lock = impatient.writeLockForTests();
            lock.lock();
            try {
                // from another thread: the write lock is reentrant for this one
                java.util.concurrent.CompletableFuture<IssuedAttestation> call =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> impatient.issue(request));
                assertThatThrownBy(() -> call.get(30, java.util.concurrent.TimeUnit.SECONDS))
                        .hasCauseInstanceOf(PlatformException.class)
                        .cause().satisfies(cause -> {
                            assertThat(((PlatformException) cause).code()).isEqualTo("ISSUE_TIMEOUT");
                            assertThat(cause.getMessage()).contains("nothing was issued");
                        });
                assertThat(impatient.pendingIssues()).isZero();
            } finally {
                lock.unlock();
            }
            assertThat(impatient.logSize()).isEqualTo(before);
            IssuedAttestation retried = impatient.issue(request);
            assertThat(retried.record().logIndex()).isEqualTo(before);
        }
        authority.refresh();
        assertThat(authority.logSize()).isEqualTo(before + 1);
        assertThat(authority.replayAndCompare().problems()).isEmpty();
    }

    @Test
    void issueAfterCloseIsUnavailableAndStoresNothing() {
        AuthorityFixture.Chain chain = depth3(authority);
        long before = authority.logSize();
        Authority closing = AuthorityFixture.open(database, clock);
        closing.close();
        assertThatThrownBy(() -> closing.issue(request(statement("pkg:oci/late", BUILD), chain.ci().key())))
                .isInstanceOfSatisfying(PlatformException.class,
                        e -> assertThat(e.code()).isEqualTo("AUTHORITY_CLOSED"));
        authority.refresh();
        assertThat(authority.logSize()).isEqualTo(before);
    }

    /**
     * Calls {@link Authority#issue} once per request from its own thread while the test holds the write lock, waits
     * until every call is queued (or in the committer's hand), then releases the lock so the committer takes them as
     * one group. Each outcome is the caller's {@link IssuedAttestation} or the exception it got.
     */
    List<Object> issueConcurrentlyAsOneGroup(List<IssueRequest> requests) {
        Object[] outcomes = new Object[requests.size()];
        List<Thread> callers = new ArrayList<>();
        java.util.concurrent.locks.ReentrantLock lock = authority.writeLockForTests();
        lock.lock();
        try {
            for (int i = 0; i < requests.size(); i++) {
                int caller = i;
                Thread thread = new Thread(() -> {
                    try {
                        outcomes[caller] = authority.issue(requests.get(caller));
                    } catch (Throwable e) {
                        outcomes[caller] = e;
                    }
                });
                callers.add(thread);
                thread.start();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (authority.pendingIssues() < requests.size()) {
                assertThat(System.nanoTime()).as("all calls queued within 30 s").isLessThan(deadline);
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
        } finally {
            lock.unlock();
        }
        for (Thread caller : callers) {
            try {
                caller.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            assertThat(caller.isAlive()).as("caller finished within 30 s").isFalse();
        }
        return java.util.Arrays.asList(outcomes);
    }

    List<VerdictReason> reasons(byte[] json) {
        return authority.verify(json, VerifyPolicy.defaults()).reasons();
    }

    List<VerdictReason> reasons(Envelope envelope) {
        return reasons(envelope, VerifyPolicy.defaults());
    }

    List<VerdictReason> reasons(Envelope envelope, VerifyPolicy policy) {
        return authority.verify(EnvelopeJson.write(envelope).getBytes(StandardCharsets.UTF_8), policy).reasons();
    }
}
