package io.multisystem.attestation.dsse;

import io.multisystem.attestation.AttestationComponent;
import io.multisystem.core.error.InvalidInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * The DSSE JSON envelope format: {@code {"payload": b64, "payloadType": str, "signatures": [{"keyid": str,
 * "sig": b64}]}}.
 *
 * <p>Writing uses standard base64 with padding and omits {@code keyid} when empty. Reading accepts standard or URL-safe
 * base64 (with or without padding, as the DSSE spec allows), ignores unknown members, and rejects duplicate members,
 * missing or mistyped required members, and invalid base64. Stateless, thread-safe.
 */
public final class EnvelopeJson {
    /** Error code for an envelope that cannot be read. */
    public static final String MALFORMED = "ENVELOPE_MALFORMED";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private EnvelopeJson() {
    }

    /** The envelope as compact JSON. */
    public static String write(Envelope envelope) {
        ObjectNode root = JSON.createObjectNode();
        root.put("payload", Base64.getEncoder().encodeToString(envelope.payload()));
        root.put("payloadType", envelope.payloadType());
        ArrayNode signatures = root.putArray("signatures");
        for (EnvelopeSignature signature : envelope.signatures()) {
            ObjectNode node = signatures.addObject();
            if (!signature.keyId().isEmpty()) {
                node.put("keyid", signature.keyId());
            }
            node.put("sig", Base64.getEncoder().encodeToString(signature.sigView()));
        }
        return JSON.writeValueAsString(root);
    }

    /** {@link #read(String)} of UTF-8 bytes. */
    public static Envelope read(byte[] json) {
        return read(new String(Objects.requireNonNull(json, "json"), StandardCharsets.UTF_8));
    }

    /**
     * Parses a JSON envelope.
     *
     * @throws InvalidInputException {@value #MALFORMED}, saying which member is wrong and how
     */
    public static Envelope read(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw malformed("the envelope is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed("the envelope must be a JSON object with payload, payloadType and signatures");
        }
        byte[] payload = base64(requireString(root, "payload"), "payload");
        String payloadType = requireString(root, "payloadType");
        JsonNode signatures = root.get("signatures");
        if (signatures == null || !signatures.isArray()) {
            throw malformed("'signatures' must be an array of {keyid, sig} objects");
        }
        List<EnvelopeSignature> parsed = new ArrayList<>(signatures.size());
        for (int i = 0; i < signatures.size(); i++) {
            JsonNode signature = signatures.get(i);
            String where = "signatures[" + i + "]";
            if (!signature.isObject()) {
                throw malformed("'" + where + "' must be an object with a base64 'sig'");
            }
            JsonNode keyId = signature.get("keyid");
            if (keyId != null && !keyId.isNull() && !keyId.isString()) {
                throw malformed("'" + where + ".keyid' must be a string");
            }
            String sig = requireString(signature, "sig", where + ".sig");
            parsed.add(new EnvelopeSignature(keyId == null || keyId.isNull() ? "" : keyId.stringValue(),
                    base64(sig, where + ".sig")));
        }
        return new Envelope(payloadType, payload, parsed);
    }

    private static String requireString(JsonNode node, String member) {
        return requireString(node, member, member);
    }

    private static String requireString(JsonNode node, String member, String path) {
        JsonNode value = node.get(member);
        if (value == null || !value.isString()) {
            throw malformed("'" + path + "' is required and must be a string");
        }
        return value.stringValue();
    }

    private static byte[] base64(String text, String path) {
        try {
            boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
            return (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(text);
        } catch (IllegalArgumentException e) {
            throw malformed("'" + path + "' is not valid base64 (standard or URL-safe): " + e.getMessage());
        }
    }

    private static InvalidInputException malformed(String message) {
        return new InvalidInputException(AttestationComponent.NAME, MALFORMED, message);
    }
}
