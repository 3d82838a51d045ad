package io.multisystem.attestation.statuslist;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A W3C Bitstring Status List v1.0 credential ({@code BitstringStatusListCredential}, status purpose
 * {@code revocation}), secured with a W3C Data Integrity proof using the {@code eddsa-jcs-2022} cryptosuite.
 *
 * <h2>Design note</h2>
 * <ul>
 *   <li>Bitstring: entry {@code i} is bit {@code 7 - i % 8} of byte {@code i / 8} (index 0 is the left-most bit),
 *       1 = revoked; at least {@value #MIN_ENTRIES} entries (16 KiB) for herd privacy; GZIP-compressed, then
 *       multibase base64url without padding (prefix {@code u}), as the spec's {@code encodedList}.</li>
 *   <li>Proof (Data Integrity EdDSA Cryptosuites v1.0, eddsa-jcs-2022): the proof options
 *       {@code {type: DataIntegrityProof, cryptosuite: eddsa-jcs-2022, created, verificationMethod, proofPurpose:
 *       assertionMethod, @context}} and the credential without {@code proof} are each canonicalized with RFC 8785
 *       JCS and hashed with SHA-256; the Ed25519 signature over {@code hash(options) || hash(credential)} is the
 *       {@code proofValue}, multibase base58btc (prefix {@code z}). The verification method is the issuer's
 *       {@code did:key} (multicodec ed25519-pub 0xed01), and the issuer is that DID.</li>
 * </ul>
 */
public final class StatusListCredential {
    /** Minimum number of entries (the spec's 131,072 = 16 KiB). */
    public static final int MIN_ENTRIES = 131_072;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONTEXT = "https://www.w3.org/ns/credentials/v2";

    private StatusListCredential() {
    }

    /** The signed credential JSON for the given revoked bits. */
    public static String build(String id, BitSet revoked, int length, Instant now, Ed25519PrivateKey key) {
        int entries = Math.max(MIN_ENTRIES, length);
        entries = (entries + 7) / 8 * 8;
        byte[] bits = new byte[entries / 8];
        for (int i = revoked.nextSetBit(0); i >= 0 && i < entries; i = revoked.nextSetBit(i + 1)) {
            bits[i / 8] |= (byte) (0x80 >>> (i % 8));
        }
        String did = didKey(key.publicKey());
        ObjectNode credential = JSON.createObjectNode();
        credential.putArray("@context").add(CONTEXT);
        credential.put("id", id);
        credential.putArray("type").add("VerifiableCredential").add("BitstringStatusListCredential");
        credential.put("issuer", did);
        credential.put("validFrom", now.toString());
        ObjectNode subject = credential.putObject("credentialSubject");
        subject.put("id", id + "#list");
        subject.put("type", "BitstringStatusList");
        subject.put("statusPurpose", "revocation");
        subject.put("encodedList", "u" + Base64.getUrlEncoder().withoutPadding().encodeToString(gzip(bits)));

        ObjectNode proof = JSON.createObjectNode();
        proof.put("type", "DataIntegrityProof");
        proof.put("cryptosuite", "eddsa-jcs-2022");
        proof.put("created", now.toString());
        proof.put("verificationMethod", did + "#" + did.substring("did:key:".length()));
        proof.put("proofPurpose", "assertionMethod");
        proof.set("@context", credential.get("@context").deepCopy());
        byte[] signature = Ed25519.sign(key, hashData(proof, credential));
        proof.remove("@context");
        proof.put("proofValue", "z" + Base58.encode(signature));
        credential.set("proof", proof);
        return JSON.writeValueAsString(credential);
    }

    /** The did:key of an Ed25519 public key. */
    public static String didKey(Ed25519PublicKey key) {
        byte[] multicodec = new byte[34];
        multicodec[0] = (byte) 0xed;
        multicodec[1] = 0x01;
        System.arraycopy(key.raw(), 0, multicodec, 2, 32);
        return "did:key:z" + Base58.encode(multicodec);
    }

    /**
     * Whether the credential's proof verifies under {@code key}.
     *
     * @throws InvalidInputException {@code STATUS_LIST_INVALID} if the text is not a status list credential
     */
    public static boolean verify(String credentialJson, Ed25519PublicKey key) {
        ObjectNode credential = parse(credentialJson);
        JsonNode proofNode = credential.get("proof");
        if (proofNode == null || !proofNode.isObject()) {
            return false;
        }
        ObjectNode proof = (ObjectNode) proofNode.deepCopy();
        String value = proof.path("proofValue").asString("");
        if (!value.startsWith("z") || !"eddsa-jcs-2022".equals(proof.path("cryptosuite").asString(""))) {
            return false;
        }
        byte[] signature;
        try {
            signature = Base58.decode(value.substring(1));
        } catch (IllegalArgumentException e) {
            return false;
        }
        proof.remove("proofValue");
        proof.set("@context", credential.get("@context"));
        ObjectNode unsecured = credential.deepCopy();
        unsecured.remove("proof");
        return Ed25519.verify(key, hashData(proof, unsecured), signature);
    }

    /**
     * Whether entry {@code index} is set in the credential's list.
     *
     * @throws InvalidInputException {@code STATUS_LIST_INVALID} if the list cannot be decoded or is too short
     */
    public static boolean isSet(String credentialJson, long index) {
        byte[] bits = decodeList(credentialJson);
        if (index < 0 || index >= (long) bits.length * 8) {
            throw invalid("index " + index + " is outside the list of " + bits.length * 8 + " entries");
        }
        return (bits[(int) (index / 8)] & (0x80 >>> (index % 8))) != 0;
    }

    /** The decoded (uncompressed) bitstring. */
    public static byte[] decodeList(String credentialJson) {
        String encoded = parse(credentialJson).path("credentialSubject").path("encodedList").asString("");
        if (!encoded.startsWith("u")) {
            throw invalid("encodedList must be multibase base64url (prefix 'u')");
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(
                Base64.getUrlDecoder().decode(encoded.substring(1))))) {
            return in.readAllBytes();
        } catch (IOException | IllegalArgumentException e) {
            throw invalid("encodedList is not GZIP'd base64url: " + e.getMessage());
        }
    }

    private static byte[] hashData(ObjectNode proofOptions, ObjectNode credential) {
        byte[] options = Hashes.sha256(Jcs.canonicalize(proofOptions));
        byte[] document = Hashes.sha256(Jcs.canonicalize(credential));
        byte[] both = Arrays.copyOf(options, 64);
        System.arraycopy(document, 0, both, 32, 32);
        return both;
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw invalid("a status list credential is a JSON object");
            }
            return (ObjectNode) node;
        } catch (JacksonException e) {
            throw invalid("not JSON: " + e.getOriginalMessage());
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(AttestationComponent.NAME, "STATUS_LIST_INVALID", message);
    }
}
