package io.multisystem.ledger.access;

import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.crypto.SecretFiles;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.ledger.decision.DecisionRequest;
import io.multisystem.ledger.decision.LedgerErrors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-domain API keys, stored hashed in one owner-only text file, revocable.
 *
 * <p>A key looks like {@code abl_<id>_<secret>}: a 12-hex-digit public id (to find the record and to name the key
 * in lists and logs) and 32 random bytes (base64url). Only SHA-256 of the whole key is stored: the secret has 256
 * bits of entropy, so an unsalted fast hash is enough to make a stolen file useless, and comparing hashes in
 * constant time keeps the check timing-safe. Each record is scoped to one domain: the key proves "I am domain X".
 * Revoking keeps the record (with its revocation time), so a revoked key is told apart from an unknown one, and the
 * store stays "enforcing" even when every key is revoked (revoking the last key must not open the door).
 *
 * <p>File format, one record per line: {@code v1 <id> <sha256 hex> <domain> <created ISO-8601> <revoked ISO-8601|-> <label>}.
 * Writers replace the file atomically; readers reload it when its modification time or size changes, so a key
 * created or revoked with the CLI on the same file takes effect on a running server without a restart. Thread-safe.
 */
public final class ApiKeyStore {
    /** One stored key (never the key itself). */
    public record KeyRecord(String id, String sha256, String domain, Instant created, Instant revoked, String label) {
        public boolean active() {
            return revoked == null;
        }
    }

    /** A freshly created key: the only time the plaintext key exists. */
    public record Created(KeyRecord record, String key) {
    }

    /** The outcome of checking a presented key. */
    public sealed interface Check permits Valid, Unknown, Revoked {
    }

    public record Valid(KeyRecord record) implements Check {
    }

    public record Unknown(String reason) implements Check {
    }

    public record Revoked(KeyRecord record) implements Check {
    }

    private static final Pattern KEY = Pattern.compile("abl_([0-9a-f]{12})_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Clock clock;
    private Map<String, KeyRecord> records = new LinkedHashMap<>();
    private long loadedMtime = Long.MIN_VALUE;
    private long loadedSize = -1;

    public ApiKeyStore(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
        reloadIfChanged();
    }

    public Path file() {
        return file;
    }

    /** True when at least one key (active or revoked) exists: then reporting requires a key. */
    public synchronized boolean enforcing() {
        reloadIfChanged();
        return !records.isEmpty();
    }

    /** Every record, oldest first. */
    public synchronized List<KeyRecord> list() {
        reloadIfChanged();
        return List.copyOf(records.values());
    }

    /**
     * Creates a key for {@code domain}.
     *
     * @throws io.multisystem.core.error.InvalidInputException if the domain or label is malformed
     */
    public synchronized Created create(String domain, String label) {
        String d = domain == null ? "" : domain.strip();
        if (!DecisionRequest.DOMAIN.matcher(d).matches()) {
            throw LedgerErrors.invalid("INVALID_DOMAIN", "domain", "'" + domain
                    + "' must be lowercase letters, digits, . _ - (at most 63), like the events' domain");
        }
        String l = label == null ? "" : label.strip();
        if (l.length() > 100 || l.contains("\n")) {
            throw LedgerErrors.invalid("INVALID_LABEL", "label", "must be one line of at most 100 characters");
        }
        reloadIfChanged();
        byte[] idBytes = new byte[6];
        byte[] secret = new byte[32];
        String id;
        do {
            RANDOM.nextBytes(idBytes);
            id = Hashes.toHex(idBytes);
        } while (records.containsKey(id));
        RANDOM.nextBytes(secret);
        String key = "abl_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        KeyRecord r = new KeyRecord(id, hash(key), d, clock.instant(), null, l);
        Map<String, KeyRecord> next = new LinkedHashMap<>(records);
        next.put(id, r);
        write(next);
        return new Created(r, key);
    }

    /**
     * Revokes one key by id.
     *
     * @throws NotFoundException if no key has that id
     * @throws FailedPreconditionException if it is already revoked
     */
    public synchronized KeyRecord revoke(String id) {
        reloadIfChanged();
        KeyRecord r = records.get(id == null ? "" : id.strip());
        if (r == null) {
            throw new NotFoundException(LedgerErrors.COMPONENT, "API_KEY_NOT_FOUND", "no API key has id '" + id
                    + "' (see `keys ls`)");
        }
        if (!r.active()) {
            throw new FailedPreconditionException(LedgerErrors.COMPONENT, "API_KEY_REVOKED",
                    "API key " + r.id() + " was already revoked at " + r.revoked());
        }
        KeyRecord revoked = new KeyRecord(r.id(), r.sha256(), r.domain(), r.created(), clock.instant(), r.label());
        Map<String, KeyRecord> next = new LinkedHashMap<>(records);
        next.put(r.id(), revoked);
        write(next);
        return revoked;
    }

    /** Revokes every active key of a domain; returns them (empty if it had none). */
    public synchronized List<KeyRecord> revokeDomain(String domain) {
        reloadIfChanged();
        List<KeyRecord> out = new ArrayList<>();
        Map<String, KeyRecord> next = new LinkedHashMap<>(records);
        for (KeyRecord r : records.values()) {
            if (r.active() && r.domain().equals(domain)) {
                KeyRecord x = new KeyRecord(r.id(), r.sha256(), r.domain(), r.created(), clock.instant(), r.label());
                next.put(r.id(), x);
                out.add(x);
            }
        }
        if (!out.isEmpty()) {
            write(next);
        }
        return out;
    }

    /** Checks a presented key (null or blank: unknown). Constant-time in the secret. */
    public synchronized Check check(String presented) {
        if (presented == null || presented.isBlank()) {
            return new Unknown("no key given");
        }
        reloadIfChanged();
        var m = KEY.matcher(presented.strip());
        if (!m.matches()) {
            return new Unknown("not an autoblocker-ledger API key (expected abl_<id>_<secret>)");
        }
        KeyRecord r = records.get(m.group(1));
        byte[] h = Hashes.sha256(presented.strip().getBytes(StandardCharsets.UTF_8));
        if (r == null || !MessageDigest.isEqual(h, Hashes.fromHex(r.sha256()))) {
            return new Unknown("key not recognised");
        }
        return r.active() ? new Valid(r) : new Revoked(r);
    }

    static String hash(String key) {
        return Hashes.toHex(Hashes.sha256(key.getBytes(StandardCharsets.UTF_8)));
    }

    private void reloadIfChanged() {
        long mtime;
        long size;
        try {
            mtime = Files.getLastModifiedTime(file).toMillis();
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            records = new LinkedHashMap<>();
            loadedMtime = Long.MIN_VALUE;
            loadedSize = -1;
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API key file " + file, e);
        }
        if (mtime == loadedMtime && size == loadedSize) {
            return;
        }
        Map<String, KeyRecord> next = new LinkedHashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            records = new LinkedHashMap<>();
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API key file " + file, e);
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split(" ", 7);
            if (p.length < 6 || !p[0].equals("v1") || !p[2].matches("[0-9a-f]{64}")) {
                throw LedgerErrors.invalid("API_KEY_FILE_CORRUPT", "api-keys-file", file + ":" + n
                        + " is not a key record (v1 <id> <sha256> <domain> <created> <revoked|-> [label])");
            }
            next.put(p[1], new KeyRecord(p[1], p[2], p[3], Instant.parse(p[4]),
                    p[5].equals("-") ? null : Instant.parse(p[5]), p.length > 6 ? p[6] : ""));
        }
        records = next;
        loadedMtime = mtime;
        loadedSize = size;
    }

    private void write(Map<String, KeyRecord> next) {
        StringBuilder b = new StringBuilder("# autoblocker-ledger API keys (SHA-256 of each key; the keys themselves are not stored)\n");
        for (KeyRecord r : next.values()) {
            b.append("v1 ").append(r.id()).append(' ').append(r.sha256()).append(' ').append(r.domain()).append(' ')
                    .append(r.created()).append(' ').append(r.revoked() == null ? "-" : r.revoked().toString())
                    .append(' ').append(r.label()).append('\n');
        }
        try {
            SecretFiles.writeOwnerOnly(file, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write API key file " + file, e);
        }
        records = next;
        loadedMtime = Long.MIN_VALUE;
        loadedSize = -1;
        reloadIfChanged();
    }
}
