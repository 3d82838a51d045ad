package io.multisystem.lattice.store;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.Severity;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.incremental.ContextUpdate;
import io.multisystem.lattice.mining.Concept;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.taxonomy.Taxonomy;
import io.multisystem.lattice.taxonomy.TaxonomyFormats;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The embedded store: plain files under one directory.
 * <pre>
 * contexts/NAME/context.cxt     snapshot (Burmeister)
 * contexts/NAME/updates.log     updates since the snapshot, one line each: CRC32 TAB KIND TAB name TAB related...
 * contexts/NAME/lattice.bin     optional lattice snapshot of the current context (intents + lower covers, CRC32)
 * taxonomies/NAME.obo           snapshot (OBO 1.4)
 * </pre>
 * <p>Design note (durability). A snapshot is written to a temporary file, forced to disk and atomically renamed over
 * the old one, so a crash leaves the old or the new snapshot, never a torn one. An update is acknowledged only after
 * its log line is appended and the log is forced ({@link FileChannel#force}), so a crash loses nothing acknowledged;
 * on reload the log is replayed over the snapshot and a final line with a bad checksum (a write torn by the crash,
 * never acknowledged) is dropped, while a bad checksum earlier in the log is corruption and stops the load. After
 * {@link #COMPACT_AFTER} logged updates the context is snapshotted again and the log emptied. Any update deletes the
 * lattice snapshot, which is valid only for the context it was computed from.
 * <p>Thread-safety: callers serialise writes per name (the workspace does); reads of different names are independent.
 */
public final class LatticeStore {
    public static final String COMPONENT = FormalContext.COMPONENT;
    public static final int COMPACT_AFTER = 1_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final int LATTICE_MAGIC = 0x4c415431; // "LAT1"

    private final Path root;

    private LatticeStore(Path root) {
        this.root = root;
    }

    /** Opens (creating if needed) the store under {@code root}. */
    public static LatticeStore open(Path root) {
        try {
            Files.createDirectories(root.resolve("contexts"));
            Files.createDirectories(root.resolve("taxonomies"));
        } catch (IOException e) {
            throw storageError("cannot create store directories under " + root, e);
        }
        return new LatticeStore(root);
    }

    public Path root() {
        return root;
    }

    /**
     * @throws InvalidInputException code {@code NAME_INVALID} unless the name is 1-128 of letters, digits, '.', '_',
     *         '-' starting with a letter or digit
     */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(COMPONENT, "NAME_INVALID", "name '" + name + "' is not valid: use 1-128"
                    + " letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    // ---- contexts -----------------------------------------------------------------------------------------------

    /** Writes the context snapshot and empties its log (and drops any lattice snapshot). */
    public void saveContext(String name, FormalContext context) {
        Path dir = contextDir(name);
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve("context.cxt"), BurmeisterFormat.format(context)
                    .getBytes(StandardCharsets.UTF_8));
            Files.deleteIfExists(dir.resolve("lattice.bin"));
            writeAtomically(dir.resolve("updates.log"), new byte[0]);
        } catch (IOException e) {
            throw storageError("cannot save context " + name, e);
        }
    }

    /** Appends updates durably (forced to disk before returning) and drops the lattice snapshot. */
    public void appendUpdates(String name, List<ContextUpdate> updates) {
        Path dir = contextDir(name);
        StringBuilder lines = new StringBuilder();
        for (ContextUpdate u : updates) {
            lines.append(encode(u)).append('\n');
        }
        try {
            Files.deleteIfExists(dir.resolve("lattice.bin"));
            try (FileChannel log = FileChannel.open(dir.resolve("updates.log"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    log.write(bytes);
                }
                log.force(true);
            }
        } catch (IOException e) {
            throw storageError("cannot log updates of context " + name, e);
        }
    }

    /** Number of updates in the log since the last snapshot. */
    public int loggedUpdates(String name) {
        return readLog(contextDir(name).resolve("updates.log"), name).size();
    }

    /** Every stored context with its log replayed, by name. */
    public Map<String, FormalContext> loadContexts() {
        Map<String, FormalContext> out = new LinkedHashMap<>();
        for (String name : list(root.resolve("contexts"), "")) {
            Path dir = contextDir(name);
            if (!Files.exists(dir.resolve("context.cxt"))) {
                continue;
            }
            FormalContext context = BurmeisterFormat.read(dir.resolve("context.cxt"));
            for (ContextUpdate u : readLog(dir.resolve("updates.log"), name)) {
                context = u.applyTo(context);
            }
            out.put(name, context);
        }
        return out;
    }

    public void deleteContext(String name) {
        deleteTree(contextDir(name));
    }

    // ---- lattices -----------------------------------------------------------------------------------------------

    public void saveLattice(String name, ConceptLattice lattice) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bytes))) {
            out.writeInt(LATTICE_MAGIC);
            out.writeInt(lattice.context().objectCount());
            out.writeInt(lattice.context().attributeCount());
            out.writeLong(lattice.context().incidenceCount());
            out.writeInt(lattice.size());
            for (int i = 0; i < lattice.size(); i++) {
                writeInts(out, lattice.concept(i).intent().toArray());
                writeInts(out, lattice.lowerCovers(i));
            }
        } catch (IOException e) {
            throw storageError("cannot encode lattice of " + name, e);
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] all = Arrays.copyOf(body, body.length + 8);
        ByteBuffer.wrap(all, body.length, 8).putLong(crc.getValue());
        try {
            writeAtomically(contextDir(name).resolve("lattice.bin"), all);
        } catch (IOException e) {
            throw storageError("cannot save lattice of " + name, e);
        }
    }

    /** The saved lattice of the context, if one exists for exactly this context and its checksum holds. */
    public Optional<ConceptLattice> loadLattice(String name, FormalContext context) {
        Path file = contextDir(name).resolve("lattice.bin");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            byte[] all = Files.readAllBytes(file);
            if (all.length < 8) {
                return Optional.empty();
            }
            CRC32 crc = new CRC32();
            crc.update(all, 0, all.length - 8);
            if (ByteBuffer.wrap(all, all.length - 8, 8).getLong() != crc.getValue()) {
                return Optional.empty();
            }
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(all, 0, all.length - 8))) {
                if (in.readInt() != LATTICE_MAGIC || in.readInt() != context.objectCount()
                        || in.readInt() != context.attributeCount() || in.readLong() != context.incidenceCount()) {
                    return Optional.empty();
                }
                int n = in.readInt();
                List<Concept> concepts = new ArrayList<>(n);
                int[][] lower = new int[n][];
                for (int i = 0; i < n; i++) {
                    IndexSet intent = IndexSet.of(readInts(in));
                    concepts.add(new Concept(context.extentOf(intent), intent));
                    lower[i] = readInts(in);
                }
                return Optional.of(ConceptLattice.restore(context, concepts, lower));
            }
        } catch (IOException e) {
            throw storageError("cannot read lattice of " + name, e);
        }
    }

    // ---- taxonomies ---------------------------------------------------------------------------------------------

    public void saveTaxonomy(String name, Taxonomy taxonomy) {
        try {
            writeAtomically(root.resolve("taxonomies").resolve(requireValidName(name) + ".obo"),
                    TaxonomyFormats.formatObo(taxonomy).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw storageError("cannot save taxonomy " + name, e);
        }
    }

    public Map<String, Taxonomy> loadTaxonomies() {
        Map<String, Taxonomy> out = new LinkedHashMap<>();
        for (String name : list(root.resolve("taxonomies"), ".obo")) {
            out.put(name, TaxonomyFormats.read(root.resolve("taxonomies").resolve(name + ".obo")));
        }
        return out;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Path contextDir(String name) {
        return root.resolve("contexts").resolve(requireValidName(name));
    }

    private static List<String> list(Path dir, String suffix) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(suffix) && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - suffix.length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw storageError("cannot list " + dir, e);
        }
    }

    static String encode(ContextUpdate u) {
        StringBuilder body = new StringBuilder(u.kind().name()).append('\t').append(escape(u.name()));
        for (String r : u.related()) {
            body.append('\t').append(escape(r));
        }
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue()) + '\t' + body;
    }

    static List<ContextUpdate> readLog(Path log, String name) {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw storageError("cannot read update log of " + name, e);
        }
        List<ContextUpdate> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean last = i == lines.size() - 1;
            int tab = line.indexOf('\t');
            String body = tab < 0 ? "" : line.substring(tab + 1);
            CRC32 crc = new CRC32();
            crc.update(body.getBytes(StandardCharsets.UTF_8));
            if (tab != 8 || !line.substring(0, 8).equals(String.format("%08x", crc.getValue()))) {
                if (last) {
                    break; // torn final write: never acknowledged
                }
                throw new PlatformException(ErrorKind.FAILED_PRECONDITION, COMPONENT, "UPDATE_LOG_CORRUPT", Severity.COMPROMISED,
                        "update log of context " + name + " is corrupt at line " + (i + 1) + "; restore it from a"
                        + " backup or delete the context", Map.of("line", Integer.toString(i + 1)), null);
            }
            String[] parts = body.split("\t", -1);
            List<String> related = new ArrayList<>();
            for (int k = 2; k < parts.length; k++) {
                related.add(unescape(parts[k]));
            }
            out.add(new ContextUpdate(ContextUpdate.Kind.valueOf(parts[0]), unescape(parts[1]), related));
        }
        return out;
    }

    private static String escape(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String unescape(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 26) {
            throw new IOException("bad array length " + n);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = in.readInt();
        }
        return out;
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                ch.write(buffer);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw storageError("cannot delete " + dir, e);
        }
    }

    private static PlatformException storageError(String what, IOException e) {
        return new PlatformException(ErrorKind.UNAVAILABLE, COMPONENT, "STORAGE_UNAVAILABLE", Severity.DEGRADED,
                what + ": " + e.getMessage() + "; check the data directory's space and permissions",
                Map.of(), e);
    }
}
