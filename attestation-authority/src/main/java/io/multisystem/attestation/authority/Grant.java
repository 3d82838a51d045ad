package io.multisystem.attestation.authority;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.attestation.delegation.Glob;
import io.multisystem.attestation.delegation.Scope;
import io.multisystem.attestation.dsse.Envelope;
import io.multisystem.attestation.dsse.EnvelopeSigner;
import io.multisystem.attestation.keys.KeyId;
import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A trust grant: the certificate that makes a key an issuer. A root grant is self-signed ({@code issuer ==
 * delegate}); a delegation grant is signed by its parent. Carried as a DSSE envelope of payload type
 * {@value #PAYLOAD_TYPE} whose payload is
 * <pre>{"_type": "https://multisystem.io/attestation/Grant/v1", "kind": "root"|"delegation",
 *  "issuer": keyid, "delegate": keyid, "delegatePublicKey": base64(32 raw bytes),
 *  "predicateTypes": [glob...], "subjectNames": [glob...], "notBefore": RFC 3339, "notAfter": RFC 3339,
 *  "maxPathLength": n, "issuedAt": RFC 3339}</pre>
 * Immutable.
 *
 * @param root              whether this is a self-signed root grant
 * @param issuer            the key that signs the grant
 * @param delegate          the key receiving the grant
 * @param delegatePublicKey the delegate's public key (its id is {@code delegate})
 * @param scope             what the delegate may attest to
 * @param issuedAt          when the grant was made
 */
public record Grant(boolean root, KeyId issuer, KeyId delegate, Ed25519PublicKey delegatePublicKey, Scope scope,
        Instant issuedAt) {
    public static final String PAYLOAD_TYPE = "application/vnd.multisystem.grant+json";
    public static final String TYPE = "https://multisystem.io/attestation/Grant/v1";
    /** Error code of a grant that cannot be read. */
    public static final String INVALID = "GRANT_INVALID";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    public Grant {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(delegatePublicKey, "delegatePublicKey");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (!KeyId.of(delegatePublicKey).equals(delegate)) {
            throw invalid("delegate " + delegate + " is not the key id of delegatePublicKey");
        }
        if (root != issuer.equals(delegate)) {
            throw invalid(root ? "a root grant is self-signed: issuer must equal delegate"
                    : "a delegation grant's issuer must differ from its delegate");
        }
    }

    /** The grant's JSON payload. */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("_type", TYPE);
        node.put("kind", root ? "root" : "delegation");
        node.put("issuer", issuer.value());
        node.put("delegate", delegate.value());
        node.put("delegatePublicKey", Base64.getEncoder().encodeToString(delegatePublicKey.raw()));
        scope.predicateTypes().forEach(g -> node.withArray("predicateTypes").add(g.pattern()));
        scope.subjectNames().forEach(g -> node.withArray("subjectNames").add(g.pattern()));
        node.put("notBefore", scope.notBefore().toString());
        node.put("notAfter", scope.notAfter().toString());
        node.put("maxPathLength", scope.maxPathLength());
        node.put("issuedAt", issuedAt.toString());
        return JSON.writeValueAsBytes(node);
    }

    /** This grant signed by {@code signer} (which must hold the issuer key) as a DSSE envelope. */
    public Envelope sign(Ed25519PrivateKey signer) {
        if (!KeyId.of(signer.publicKey()).equals(issuer)) {
            throw new IllegalArgumentException("the grant must be signed by its issuer " + issuer);
        }
        return EnvelopeSigner.sign(PAYLOAD_TYPE, toJson(), signer);
    }

    /**
     * Reads the grant inside an envelope and checks that the envelope carries a valid signature by the grant's
     * issuer, whose public key is {@code issuerKey} (for a root, the grant's own delegate key).
     *
     * @throws InvalidInputException {@value #INVALID} if the payload is not a grant or the issuer's signature is
     *                               missing or invalid
     */
    public static Grant readSigned(Envelope envelope, Ed25519PublicKey issuerKey) {
        Grant grant = readUnverified(envelope);
        if (!KeyId.of(issuerKey).equals(grant.issuer())) {
            throw invalid("the grant is issued by " + grant.issuer() + ", not by the key given to check it");
        }
        byte[] pae = envelope.preAuthenticationEncoding();
        boolean signed = envelope.signatures().stream().anyMatch(s -> grant.issuer().value().equals(s.keyId())
                && Ed25519.verify(issuerKey, pae, s.sig()));
        if (!signed) {
            throw invalid("the grant for " + grant.delegate() + " carries no valid signature by its issuer "
                    + grant.issuer());
        }
        return grant;
    }

    /** A root grant checked against its own (self) signature. */
    public static Grant readSignedRoot(Envelope envelope) {
        Grant grant = readUnverified(envelope);
        if (!grant.root()) {
            throw invalid("the grant for " + grant.delegate() + " is a delegation, not a self-signed root");
        }
        return readSigned(envelope, grant.delegatePublicKey());
    }

    /** Reads the grant payload without checking any signature. */
    public static Grant readUnverified(Envelope envelope) {
        if (!PAYLOAD_TYPE.equals(envelope.payloadType())) {
            throw invalid("a grant envelope has payload type " + PAYLOAD_TYPE + ", not " + envelope.payloadType());
        }
        JsonNode node;
        try {
            node = JSON.readTree(envelope.payload());
        } catch (JacksonException e) {
            throw invalid("the grant payload is not JSON: " + e.getOriginalMessage());
        }
        try {
            if (node == null || !node.isObject() || !TYPE.equals(text(node, "_type"))) {
                throw invalid("the grant payload must be an object with _type " + TYPE);
            }
            String kind = text(node, "kind");
            if (!"root".equals(kind) && !"delegation".equals(kind)) {
                throw invalid("grant kind must be root or delegation, was " + kind);
            }
            byte[] raw = Base64.getDecoder().decode(text(node, "delegatePublicKey"));
            if (!Ed25519.isAcceptedPublicKey(raw)) {
                throw invalid("delegatePublicKey is not an acceptable Ed25519 public key");
            }
            Scope scope = new Scope(globs(node, "predicateTypes"), globs(node, "subjectNames"),
                    Instant.parse(text(node, "notBefore")), Instant.parse(text(node, "notAfter")),
                    node.path("maxPathLength").asInt(-1));
            return new Grant("root".equals(kind), KeyId.parse(text(node, "issuer")),
                    KeyId.parse(text(node, "delegate")), Ed25519PublicKey.fromRaw(raw), scope,
                    Instant.parse(text(node, "issuedAt")));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw invalid("a grant field is malformed: " + e.getMessage());
        } catch (PlatformException e) {
            if (INVALID.equals(e.code())) {
                throw e;
            }
            throw invalid(e.getMessage());
        }
    }

    private static List<Glob> globs(JsonNode node, String member) {
        JsonNode array = node.get(member);
        if (array == null || !array.isArray()) {
            throw invalid("'" + member + "' must be an array of patterns");
        }
        List<Glob> globs = new ArrayList<>();
        for (JsonNode item : array) {
            if (!item.isString()) {
                throw invalid("'" + member + "' must hold strings");
            }
            globs.add(Glob.of(item.stringValue()));
        }
        return globs;
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || !value.isString()) {
            throw invalid("'" + member + "' is required and must be a string");
        }
        return value.stringValue();
    }

    static InvalidInputException invalid(String message) {
        return new InvalidInputException(AttestationComponent.NAME, INVALID, message);
    }
}
