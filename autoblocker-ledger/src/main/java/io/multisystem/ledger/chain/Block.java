package io.multisystem.ledger.chain;

import io.multisystem.core.crypto.Ed25519;
import io.multisystem.core.crypto.Ed25519PrivateKey;
import io.multisystem.core.crypto.Ed25519PublicKey;
import io.multisystem.core.crypto.Hashes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One ledger block: {@code height}, the previous block's hash, the Merkle root of its entries, the leader's time,
 * the proposing node and its Ed25519 public key, the signature, and the entries themselves.
 *
 * <p>Design: the signed message is a fixed, length-prefixed encoding of the header (domain-separated by
 * {@code "autoblocker-ledger/block/v1"}); the block hash is {@code SHA-256(header || signature)}, so the chain of
 * {@code prevHash} links commits to every header and signature before it. The Raft term/index the block was
 * committed at travel with the block but are not signed (the leader signs before the log position is known).
 */
public record Block(long height, byte[] prevHash, byte[] merkleRoot, long timeMillis, String proposer,
                    byte[] publicKey, byte[] signature, List<byte[]> entries, long raftTerm, long raftIndex) {
    public static final byte[] GENESIS_PREV = new byte[32];
    private static final byte[] DOMAIN = "autoblocker-ledger/block/v1".getBytes(StandardCharsets.UTF_8);
    private static final int MAX_ENTRIES = 1_000_000;

    /** Builds and signs a block. */
    public static Block sign(long height, byte[] prevHash, long timeMillis, String proposer, Ed25519PrivateKey key,
                             List<byte[]> entries) {
        byte[] root = MerkleTree.rootOfEntries(entries);
        byte[] pub = key.publicKey().raw();
        byte[] header = header(height, prevHash, root, timeMillis, proposer, pub, entries.size());
        byte[] sig = Ed25519.sign(key, header);
        return new Block(height, prevHash, root, timeMillis, proposer, pub, sig, List.copyOf(entries), 0, 0);
    }

    public Block withRaftPosition(long term, long index) {
        return new Block(height, prevHash, merkleRoot, timeMillis, proposer, publicKey, signature, entries, term, index);
    }

    static byte[] header(long height, byte[] prev, byte[] root, long time, String proposer, byte[] pub, int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(DOMAIN);
            out.writeLong(height);
            out.write(prev);
            out.write(root);
            out.writeLong(time);
            byte[] p = proposer.getBytes(StandardCharsets.UTF_8);
            out.writeInt(p.length);
            out.write(p);
            out.write(pub);
            out.writeInt(count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public byte[] header() {
        return header(height, prevHash, merkleRoot, timeMillis, proposer, publicKey, entries.size());
    }

    /** SHA-256 over header and signature. */
    public byte[] hash() {
        byte[] h = header();
        byte[] all = Arrays.copyOf(h, h.length + signature.length);
        System.arraycopy(signature, 0, all, h.length, signature.length);
        return Hashes.sha256(all);
    }

    /** Problems of this block on its own: Merkle root and signature. Empty if it is sound. */
    public List<String> selfCheck() {
        List<String> problems = new ArrayList<>();
        if (!Arrays.equals(MerkleTree.rootOfEntries(entries), merkleRoot)) {
            problems.add("block " + height + ": Merkle root does not match its entries");
        }
        boolean sigOk;
        try {
            sigOk = publicKey.length == 32 && Ed25519.verify(Ed25519PublicKey.fromRaw(publicKey), header(), signature);
        } catch (RuntimeException e) {
            sigOk = false;
        }
        if (!sigOk) {
            problems.add("block " + height + ": signature of " + proposer + " does not verify");
        }
        return problems;
    }

    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(height);
            out.write(prevHash);
            out.write(merkleRoot);
            out.writeLong(timeMillis);
            out.writeUTF(proposer);
            out.write(publicKey);
            out.write(signature);
            out.writeLong(raftTerm);
            out.writeLong(raftIndex);
            out.writeInt(entries.size());
            for (byte[] e : entries) {
                out.writeInt(e.length);
                out.write(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes; throws {@link IllegalArgumentException} on malformed input. */
    public static Block decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            long height = in.readLong();
            byte[] prev = in.readNBytes(32);
            byte[] root = in.readNBytes(32);
            long time = in.readLong();
            String proposer = in.readUTF();
            byte[] pub = in.readNBytes(32);
            byte[] sig = in.readNBytes(64);
            long term = in.readLong();
            long index = in.readLong();
            int n = in.readInt();
            if (n < 0 || n > MAX_ENTRIES || prev.length != 32 || sig.length != 64) {
                throw new IllegalArgumentException("malformed block");
            }
            List<byte[]> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > data.length) {
                    throw new IllegalArgumentException("malformed block entry length");
                }
                byte[] e = in.readNBytes(len);
                if (e.length != len) {
                    throw new IllegalArgumentException("truncated block entry");
                }
                entries.add(e);
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after block");
            }
            return new Block(height, prev, root, time, proposer, pub, sig, List.copyOf(entries), term, index);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed block: " + e.getMessage(), e);
        }
    }

    public String hashHex() {
        return Hashes.toHex(hash());
    }
}
