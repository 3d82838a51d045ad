package io.multisystem.ledger.state;

import io.multisystem.ledger.decision.DecisionRequest;
import io.multisystem.ledger.decision.Scope;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the ledger: a domain's report, an operator's decision, or a deletion (unblock / appeal). The binary
 * encoding is canonical (fixed field order, length-prefixed UTF-8), so the Merkle leaf of an entry is the same on
 * every node and for every verifier.
 *
 * @param kind      what the entry does
 * @param entryId   client-chosen id; a second entry with the same id is ignored (retries are idempotent)
 * @param request   the decision asked for (REPORT, ADD)
 * @param deleteId  the decision id to delete (DELETE by id), or empty
 * @param deleteScope / deleteValue the target whose decisions to delete (DELETE by target), or null/empty
 * @param reason    free text for the audit trail
 */
public record LedgerEntry(Kind kind, String entryId, DecisionRequest request, String deleteId, Scope deleteScope,
                          String deleteValue, String reason) {
    public enum Kind { REPORT, ADD, DELETE }

    public static LedgerEntry report(String entryId, DecisionRequest r) {
        return new LedgerEntry(Kind.REPORT, entryId, r, "", null, "", "");
    }

    public static LedgerEntry add(String entryId, DecisionRequest r) {
        return new LedgerEntry(Kind.ADD, entryId, r, "", null, "", "");
    }

    public static LedgerEntry deleteById(String entryId, String decisionId, String reason) {
        return new LedgerEntry(Kind.DELETE, entryId, null, decisionId, null, "", reason == null ? "" : reason);
    }

    public static LedgerEntry deleteByTarget(String entryId, Scope scope, String value, String reason) {
        return new LedgerEntry(Kind.DELETE, entryId, null, "", scope, value, reason == null ? "" : reason);
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeByte(kind.ordinal());
            out.writeUTF(entryId);
            out.writeBoolean(request != null);
            if (request != null) {
                out.writeUTF(request.type());
                out.writeByte(request.scope().ordinal());
                out.writeUTF(request.value());
                out.writeLong(request.durationMillis());
                out.writeUTF(request.origin());
                out.writeUTF(request.scenario());
                out.writeInt(request.evidence().size());
                for (String e : request.evidence()) {
                    out.writeUTF(e);
                }
                out.writeUTF(request.appliesTo());
            }
            out.writeUTF(deleteId == null ? "" : deleteId);
            out.writeByte(deleteScope == null ? -1 : deleteScope.ordinal());
            out.writeUTF(deleteValue == null ? "" : deleteValue);
            out.writeUTF(reason == null ? "" : reason);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static LedgerEntry decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readByte() != 1) {
                throw new IllegalArgumentException("unknown ledger entry version");
            }
            Kind kind = Kind.values()[in.readByte()];
            String id = in.readUTF();
            DecisionRequest req = null;
            if (in.readBoolean()) {
                String type = in.readUTF();
                Scope scope = Scope.values()[in.readByte()];
                String value = in.readUTF();
                long duration = in.readLong();
                String origin = in.readUTF();
                String scenario = in.readUTF();
                int n = in.readInt();
                if (n < 0 || n > 10_000) {
                    throw new IllegalArgumentException("bad evidence count");
                }
                List<String> evidence = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    evidence.add(in.readUTF());
                }
                String applies = in.readUTF();
                req = new DecisionRequest(type, scope, value, duration, origin, scenario, List.copyOf(evidence), applies);
            }
            String deleteId = in.readUTF();
            byte ds = in.readByte();
            String deleteValue = in.readUTF();
            String reason = in.readUTF();
            return new LedgerEntry(kind, id, req, deleteId, ds < 0 ? null : Scope.values()[ds], deleteValue, reason);
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed ledger entry: " + e.getMessage(), e);
        }
    }
}
