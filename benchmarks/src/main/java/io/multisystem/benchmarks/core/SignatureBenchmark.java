package io.multisystem.benchmarks.core;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.concurrent.TimeUnit;

/**
 * shared-core's strict Ed25519 verification (BouncyCastle plus the platform's extra checks) against the JDK's own
 * Ed25519 provider (SunEC) on the same key, message and signature: the cost of the strict policy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SignatureBenchmark {
    private final byte[] message = new byte[256];
    private byte[] publicKey;
    private byte[] signature;
    private PublicKey jdkPublicKey;

    @Setup
    public void setUp() throws Exception {
        Ed25519PrivateKey key = Ed25519.generateKeyPair();
        publicKey = key.publicKey().raw();
        signature = Ed25519.sign(key, message);
        jdkPublicKey = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(key.publicKey().toSpkiDer()));
    }

    @Benchmark
    public boolean platformStrictVerify() {
        return Ed25519.verify(publicKey, message, signature);
    }

    @Benchmark
    public boolean jdkVerify() throws Exception {
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(jdkPublicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }
}
