package io.multisystem.benchmarks.attestation;

import io.multisystem.attestation.authority.Authority;
import io.multisystem.attestation.authority.AuthorityOptions;
import io.multisystem.attestation.authority.IssueRequest;
import io.multisystem.attestation.authority.IssuedAttestation;
import io.multisystem.attestation.authority.IssuerRecord;
import io.multisystem.attestation.authority.KeySource;
import io.multisystem.attestation.authority.OfflineBundle;
import io.multisystem.attestation.authority.Verdict;
import io.multisystem.attestation.authority.VerifyPolicy;
import io.multisystem.attestation.delegation.Scope;
import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.dsse.EnvelopeJson;
import io.multisystem.attestation.intoto.Statement;
import io.multisystem.attestation.intoto.Subject;
import io.multisystem.attestation.keys.KeyEncryptionKey;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.attestation.store.Database;
import io.multisystem.core.crypto.Hashes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;

import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The authority against its anchor, in one run:
 * <ul>
 *   <li>{@code verifyDepth3}: the full online verification of an attestation signed by the leaf of a depth-3 chain
 *       (root, team, ci) with warm caches (envelope and statement parsing, strict Ed25519 of the one envelope
 *       signature, chain walk, scope evaluation of all three scopes, validity, revocation lookups), against
 *       {@code rawEd25519Envelope}, the one BouncyCastle Ed25519 verification it contains (grant signatures were
 *       checked at registration).</li>
 *   <li>{@code verifyDepth3WithProof}: the same plus the inclusion-proof check against the stored log.</li>
 *   <li>{@code verifyOfflineBundle}: the offline verification from files, which also verifies the three grant
 *       signatures and the checkpoint signature: against {@code rawEd25519Five}, the five BouncyCastle
 *       verifications it contains.</li>
 *   <li>{@code issue}/{@code issueConcurrent16}/{@code issueBatch100}: issuance with its log append and commit, on the
 *       embedded H2 store and on PostgreSQL (127.0.0.1:5432, or TEST_PG_URL): one caller issuing one at a time,
 *       16 concurrent callers (group commit), and 100 per {@code issueAll} transaction.</li>
 * </ul>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class AuthorityBenchmark {
    static final String BUILD = "https://slsa.dev/provenance/v1";

    /** An authority with a depth-3 chain and one issued attestation. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Fixture {
        @Param({"embedded"})
        public String store;
        Path directory;
        Database database;
        Authority authority;
        KeyId signer;
        byte[] envelopeJson;
        byte[] pae;
        byte[] sig;
        byte[] signerKey;
        org.bouncycastle.math.ec.rfc8032.Ed25519.PublicPoint signerPoint;
        String bundle;
        byte[][] fivePublicKeys = new byte[5][];
        byte[][] fiveMessages = new byte[5][];
        byte[][] fiveSignatures = new byte[5][];
        io.multisystem.attestation.checkpoint.NoteKey logKey;
        Set<io.multisystem.core.crypto.Ed25519PublicKey> roots;
        final AtomicLong counter = new AtomicLong();
        /** Attestations issued after the measured one, so that its inclusion proof has realistic depth. */
        int prefill = 1023;

        @Setup(Level.Trial)
        public void open() throws Exception {
            directory = Files.createTempDirectory("attestation-bench");
            database = "postgres".equals(store) ? Database.postgres(freshPostgres()) : Database.embedded(directory);
            authority = Authority.open(database, KeyEncryptionKey.of(new byte[32]),
                    AuthorityOptions.defaults().withPollInterval(Duration.ZERO), Clock.systemUTC());
            Instant start = Instant.now().minus(Duration.ofDays(1));
            Instant end = start.plus(Duration.ofDays(3650));
            IssuerRecord root = authority.registerRoot(KeySource.generate(),
                    Scope.of(List.of("*"), List.of("*"), start, end, 3));
            IssuerRecord team = authority.delegate(root.key(), KeySource.generate(),
                    Scope.of(List.of("https://slsa.dev/*"), List.of("pkg:*"), start, end, 1));
            IssuerRecord ci = authority.delegate(team.key(), KeySource.generate(),
                    Scope.of(List.of(BUILD), List.of("pkg:oci/*"), start, end, 0));
            signer = ci.key();
            IssuedAttestation issued = authority.issue(new IssueRequest(statement("pkg:oci/bench"), List.of(signer),
                    Optional.empty()));
            // issued after the measured one, so that its inclusion proof has full depth
            for (int done = 0; done < prefill; done += 100) {
                List<IssueRequest> requests = new ArrayList<>();
                for (int i = done; i < Math.min(prefill, done + 100); i++) {
                    requests.add(new IssueRequest(statement("pkg:oci/prefill-" + i), List.of(signer),
                            Optional.empty()));
                }
                authority.issueAll(requests);
            }
            Envelope envelope = issued.envelope();
            envelopeJson = EnvelopeJson.write(envelope).getBytes(StandardCharsets.UTF_8);
            pae = envelope.preAuthenticationEncoding();
            sig = envelope.signatures().get(0).sig();
            signerKey = ci.grant().delegatePublicKey().raw();
            signerPoint = org.bouncycastle.math.ec.rfc8032.Ed25519.validatePublicKeyPartialExport(signerKey, 0);
            Verdict check = authority.verify(envelopeJson, VerifyPolicy.defaults().withProof());
            if (!check.valid()) {
                throw new IllegalStateException("fixture does not verify: " + check);
            }
            bundle = OfflineBundle.create(authority, issued.record().id());
            logKey = authority.logKey();
            roots = Set.of(root.grant().delegatePublicKey());
            IssuerRecord[] chain = {root, team, ci};
            for (int i = 0; i < 3; i++) {
                Envelope grant = chain[i].grantEnvelope();
                fivePublicKeys[i] = (i == 0 ? root : chain[i - 1]).grant().delegatePublicKey().raw();
                fiveMessages[i] = grant.preAuthenticationEncoding();
                fiveSignatures[i] = grant.signatures().get(0).sig();
            }
            fivePublicKeys[3] = signerKey;
            fiveMessages[3] = pae;
            fiveSignatures[3] = sig;
            var note = io.multisystem.attestation.checkpoint.SignedNote.parse(authority.signedCheckpoint());
            fivePublicKeys[4] = logKey.publicKey().raw();
            fiveMessages[4] = note.text().getBytes(StandardCharsets.UTF_8);
            fiveSignatures[4] = note.signatures().get(0).signature();
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            authority.close();
            database.close();
            try (var files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        Statement next() {
            return statement("pkg:oci/app-" + counter.incrementAndGet() + "-" + System.nanoTime());
        }
    }

    /** Issuance fixture parameterised over both stores. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class IssueFixture extends Fixture {
        @Param({"embedded", "postgres"})
        public String engine;

        @Override
        @Setup(Level.Trial)
        public void open() throws Exception {
            store = engine;
            prefill = 0;
            super.open();
        }
    }

    static Statement statement(String name) {
        return Statement.of(List.of(new Subject(name, Map.of("sha256",
                Hashes.toHex(Hashes.sha256(name.getBytes(StandardCharsets.UTF_8)))))), BUILD, null);
    }

    static String freshPostgres() throws Exception {
        String url = System.getenv("TEST_PG_URL");
        if (url == null || url.isBlank()) {
            url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
        }
        String schema = "bench_" + Long.toHexString(System.nanoTime());
        try (Connection connection = DriverManager.getConnection(url);
             var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Benchmark
    public Verdict verifyDepth3(Fixture fixture) {
        return fixture.authority.verify(fixture.envelopeJson, VerifyPolicy.defaults());
    }

    /**
     * {@code verifyDepth3} plus the log check of {@code VerifyPolicy.withProof()}: the attestation's leaf is read from
     * the store, checked to record this attestation, and an inclusion proof (11 hashes: leaf 3 of a log of 1,027 entries) is
     * built from the stored subtree hashes and verified against the current root.
     */
    @Benchmark
    public Verdict verifyDepth3WithProof(Fixture fixture) {
        return fixture.authority.verify(fixture.envelopeJson, VerifyPolicy.defaults().withProof());
    }

    @Benchmark
    public boolean rawEd25519Envelope(Fixture fixture) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(fixture.sig, 0, fixture.signerKey, 0, fixture.pae, 0,
                fixture.pae.length);
    }

    /**
     * The same BouncyCastle check with the public key decoded in advance ({@code PublicPoint}), which is what
     * {@code verifyDepth3} does after the first call: the lower bound for a verifier that caches decoded keys.
     */
    @Benchmark
    public boolean rawEd25519EnvelopeDecodedKey(Fixture fixture) {
        return org.bouncycastle.math.ec.rfc8032.Ed25519.verify(fixture.sig, 0, fixture.signerPoint, fixture.pae, 0,
                fixture.pae.length);
    }

    @Benchmark
    public Verdict verifyOfflineBundle(Fixture fixture) {
        return OfflineBundle.verify(fixture.envelopeJson, fixture.bundle, fixture.roots, fixture.logKey,
                Optional.empty(), VerifyPolicy.defaults(), Instant.now());
    }

    @Benchmark
    public boolean rawEd25519Five(Fixture fixture) {
        boolean all = true;
        for (int i = 0; i < 5; i++) {
            byte[] message = fixture.fiveMessages[i];
            all &= org.bouncycastle.math.ec.rfc8032.Ed25519.verify(fixture.fiveSignatures[i], 0,
                    fixture.fivePublicKeys[i], 0, message, 0, message.length);
        }
        return all;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public IssuedAttestation issue(IssueFixture fixture) {
        return fixture.authority.issue(new IssueRequest(fixture.next(), List.of(fixture.signer), Optional.empty()));
    }

    /**
     * 16 concurrent callers of {@link Authority#issue}, each one attestation: the authority's committer thread
     * group-commits whatever is queued while the previous group commits (one transaction, one log-head update, JDBC
     * batches per group).
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(16)
    public IssuedAttestation issueConcurrent16(IssueFixture fixture) {
        return fixture.authority.issue(new IssueRequest(fixture.next(), List.of(fixture.signer), Optional.empty()));
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public List<IssuedAttestation> issueBatch100(IssueFixture fixture) {
        List<IssueRequest> requests = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            requests.add(new IssueRequest(fixture.next(), List.of(fixture.signer), Optional.empty()));
        }
        return fixture.authority.issueAll(requests);
    }
}
