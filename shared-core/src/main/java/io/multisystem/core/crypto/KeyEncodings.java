package io.multisystem.core.crypto;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.io.IOException;
import java.io.UncheckedIOException;

/** DER encodings of Ed25519 keys per RFC 8410 (id-Ed25519 = 1.3.101.112). Package-private: use the key types. */
final class KeyEncodings {
    private static final AlgorithmIdentifier ED25519 = new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

    private KeyEncodings() {
    }

    static byte[] publicKeyToSpki(byte[] raw) {
        try {
            return new SubjectPublicKeyInfo(ED25519, raw).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] seedToPkcs8(byte[] seed) {
        try {
            return new PrivateKeyInfo(ED25519, new DEROctetString(seed)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @throws KeyFormatException if the DER is not an Ed25519 SubjectPublicKeyInfo */
    static byte[] spkiToPublicKey(byte[] der) {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new KeyFormatException("not a DER SubjectPublicKeyInfo: " + e.getMessage(), e);
        }
        if (info == null || !EdECObjectIdentifiers.id_Ed25519.equals(info.getAlgorithm().getAlgorithm())) {
            throw new KeyFormatException("not an Ed25519 public key (expected algorithm 1.3.101.112, got "
                    + (info == null ? "nothing" : info.getAlgorithm().getAlgorithm()) + ")", null);
        }
        if (info.getAlgorithm().getParameters() != null) {
            throw new KeyFormatException("Ed25519 algorithm identifier must have no parameters (RFC 8410)", null);
        }
        byte[] raw = info.getPublicKeyData().getOctets();
        if (raw.length != Ed25519PublicKey.LENGTH || info.getPublicKeyData().getPadBits() != 0) {
            throw new KeyFormatException("Ed25519 public key must be 32 bytes, got " + raw.length, null);
        }
        return raw;
    }

    /** @throws KeyFormatException if the DER is not an Ed25519 PKCS#8 PrivateKeyInfo */
    static byte[] pkcs8ToSeed(byte[] der) {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new KeyFormatException("not a DER PKCS#8 PrivateKeyInfo: " + e.getMessage(), e);
        }
        if (info == null || !EdECObjectIdentifiers.id_Ed25519.equals(info.getPrivateKeyAlgorithm().getAlgorithm())) {
            throw new KeyFormatException("not an Ed25519 private key (expected algorithm 1.3.101.112)", null);
        }
        try {
            byte[] seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            if (seed.length != Ed25519PrivateKey.SEED_LENGTH) {
                throw new KeyFormatException("Ed25519 private key must hold a 32-byte seed, got " + seed.length, null);
            }
            return seed;
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyFormatException("malformed Ed25519 private key: " + e.getMessage(), e);
        }
    }
}
