package io.multisystem.attestation.dsse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * DSSE v1 Pre-Authentication Encoding: the bytes a DSSE signature covers,
 * {@code "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, where {@code LEN} is the byte length in decimal ASCII
 * without leading zeros and {@code type} is UTF-8. Binding the type into the signed bytes means a signature over one
 * payload type can never be replayed as another. Stateless, thread-safe.
 */
public final class Pae {
    private static final byte[] PREFIX = "DSSEv1 ".getBytes(StandardCharsets.US_ASCII);

    private Pae() {
    }

    /** {@code PAE(payloadType, payload)}. */
    public static byte[] encode(String payloadType, byte[] payload) {
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(PREFIX.length + type.length + payload.length + 24);
        out.writeBytes(PREFIX);
        out.writeBytes(Integer.toString(type.length).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(type);
        out.write(' ');
        out.writeBytes(Integer.toString(payload.length).getBytes(StandardCharsets.US_ASCII));
        out.write(' ');
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
