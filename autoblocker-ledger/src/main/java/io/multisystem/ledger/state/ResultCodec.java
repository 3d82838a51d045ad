package io.multisystem.ledger.state;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Binary form of an {@link LedgerState.ApplyResult}, the reply of a committed block. */
public final class ResultCodec {
    private ResultCodec() {
    }

    public static byte[] encode(LedgerState.ApplyResult r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBoolean(r.accepted());
            out.writeUTF(r.reason());
            out.writeLong(r.height());
            out.writeInt(r.outcomes().size());
            for (LedgerState.EntryOutcome o : r.outcomes()) {
                out.writeUTF(o.entryId());
                out.writeUTF(o.status());
                writeList(out, o.created());
                writeList(out, o.deleted());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeList(DataOutputStream out, List<String> l) throws IOException {
        out.writeInt(l.size());
        for (String s : l) {
            out.writeUTF(s);
        }
    }

    private static List<String> readList(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<String> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(in.readUTF());
        }
        return l;
    }

    public static LedgerState.ApplyResult decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            boolean accepted = in.readBoolean();
            String reason = in.readUTF();
            long height = in.readLong();
            int n = in.readInt();
            List<LedgerState.EntryOutcome> outcomes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                outcomes.add(new LedgerState.EntryOutcome(in.readUTF(), in.readUTF(), readList(in), readList(in)));
            }
            return new LedgerState.ApplyResult(accepted, reason, height, outcomes);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed apply result", e);
        }
    }
}
