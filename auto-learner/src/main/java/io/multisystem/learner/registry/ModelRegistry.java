package io.multisystem.learner.registry;

import ai.djl.ndarray.NDManager;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.Network;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A versioned model registry on the file system.
 *
 * <p>Layout: {@code <root>/<name>/<version>/model.alnn} (weights in the {@link Network} binary format) and
 * {@code metadata.properties} (UTF-8 properties: created, architecture, parameters, heads, domain, task, parent,
 * trainingDataHash, method, metric.&lt;name&gt;). A version is written into a temporary directory and renamed into
 * place, so readers never see half a model and a failed write leaves no version behind. Versions count from 1 per
 * name. References are {@code name} (latest version) or {@code name:version}. Thread-safe (registration is
 * serialised).
 */
public final class ModelRegistry {
    public static final String COMPONENT = "auto-learner.registry";
    public static final String UNKNOWN_MODEL = "UNKNOWN_MODEL";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private final Path root;
    private final Clock clock;

    public ModelRegistry(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create model registry at " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * Stores {@code net} as the next version of {@code name}.
     *
     * @throws InvalidInputException INVALID_MODEL_NAME unless the name matches {@code [a-z0-9][a-z0-9._-]{0,63}}
     */
    public synchronized ModelRecord register(String name, Network net, ModelMetadata metadata) {
        requireValidName(name);
        int version = versions(name).stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        Path dir = root.resolve(name);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory(dir, ".writing-");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    Files.newOutputStream(tmp.resolve("model.alnn")), 1 << 16))) {
                net.write(out);
            }
            ModelRecord record = new ModelRecord(name, version, clock.instant(), net.spec().toString(),
                    net.parameterCount(), net.spec().heads(), metadata);
            try (Writer w = Files.newBufferedWriter(tmp.resolve("metadata.properties"), StandardCharsets.UTF_8)) {
                toProperties(record).store(w, "auto-learner model " + record.reference());
            }
            try {
                Files.move(tmp, dir.resolve(Integer.toString(version)), StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(Integer.toString(version)));
            }
            return record;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write model " + name + " under " + root, e);
        }
    }

    /** Every model version, sorted by name then version. */
    public List<ModelRecord> list() {
        List<ModelRecord> all = new ArrayList<>();
        try (Stream<Path> names = Files.list(root)) {
            for (Path n : names.filter(Files::isDirectory).sorted().toList()) {
                for (int v : versions(n.getFileName().toString())) {
                    read(n.getFileName().toString(), v).ifPresent(all::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return all;
    }

    /**
     * The record for a reference.
     *
     * @throws NotFoundException UNKNOWN_MODEL when no such model or version exists
     */
    public ModelRecord get(String reference) {
        Ref ref = parse(reference);
        return read(ref.name, ref.version).orElseThrow(() -> unknown(reference));
    }

    /** Loads the weights of a reference into a new network under {@code manager}. */
    public Network load(String reference, NDManager manager) {
        ModelRecord record = get(reference);
        Path file = root.resolve(record.name()).resolve(Integer.toString(record.version())).resolve("model.alnn");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            return Network.read(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** SHA-256 over the shape, labels and feature bits of a data set (lineage: which data trained a model). */
    public static String hash(LabeledData data) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            ByteBuffer header = ByteBuffer.allocate(20).putInt(data.size()).putInt(data.channels())
                    .putInt(data.height()).putInt(data.width()).putInt(data.classes());
            digest.update(header.array());
            ByteBuffer row = ByteBuffer.allocate(4 * data.dimension() + 4);
            for (int i = 0; i < data.size(); i++) {
                row.clear();
                for (float v : data.features()[i]) {
                    row.putFloat(v);
                }
                row.putInt(data.labels()[i]);
                digest.update(row.array(), 0, row.position());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Ref(String name, int version) {
    }

    private Ref parse(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new InvalidInputException(COMPONENT, "INVALID_MODEL_REFERENCE",
                    "model reference is empty; use name or name:version");
        }
        int colon = reference.lastIndexOf(':');
        String name = colon < 0 ? reference : reference.substring(0, colon);
        if (!NAME.matcher(name).matches()) {
            throw unknown(reference);
        }
        if (colon < 0) {
            int latest = versions(name).stream().mapToInt(Integer::intValue).max().orElseThrow(() -> unknown(reference));
            return new Ref(name, latest);
        }
        try {
            return new Ref(name, Integer.parseInt(reference.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(COMPONENT, "INVALID_MODEL_REFERENCE",
                    "'" + reference + "' has a version that is not a number; use name or name:version");
        }
    }

    private NotFoundException unknown(String reference) {
        return new NotFoundException(COMPONENT, UNKNOWN_MODEL, "no model '" + reference
                + "' in the registry; list the models with 'auto-learner models'");
    }

    private static void requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(COMPONENT, "INVALID_MODEL_NAME", "model name '" + name
                    + "' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
    }

    private List<Integer> versions(String name) {
        Path dir = root.resolve(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).filter(s -> s.matches("[0-9]+"))
                    .map(Integer::parseInt).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<ModelRecord> read(String name, int version) {
        Path file = root.resolve(name).resolve(Integer.toString(version)).resolve("metadata.properties");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Double> metrics = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("metric.")) {
                metrics.put(key.substring(7), Double.parseDouble(p.getProperty(key)));
            }
        }
        int[] heads = Arrays.stream(p.getProperty("heads", "").split(",")).filter(s -> !s.isBlank())
                .mapToInt(Integer::parseInt).toArray();
        return Optional.of(new ModelRecord(name, version, Instant.parse(p.getProperty("created")),
                p.getProperty("architecture"), Long.parseLong(p.getProperty("parameters", "0")), heads,
                new ModelMetadata(p.getProperty("domain"), p.getProperty("task"), metrics, p.getProperty("parent"),
                        p.getProperty("trainingDataHash"), p.getProperty("method"))));
    }

    private static Properties toProperties(ModelRecord r) {
        Properties p = new Properties();
        p.setProperty("created", r.createdAt().toString());
        p.setProperty("architecture", r.architecture());
        p.setProperty("parameters", Long.toString(r.parameters()));
        p.setProperty("heads", String.join(",", Arrays.stream(r.heads()).mapToObj(Integer::toString).toList()));
        p.setProperty("domain", r.metadata().domain());
        p.setProperty("task", r.metadata().task());
        p.setProperty("parent", r.metadata().parent());
        p.setProperty("trainingDataHash", r.metadata().trainingDataHash());
        p.setProperty("method", r.metadata().method());
        Map<String, Double> sorted = new LinkedHashMap<>(new TreeMap<>(r.metadata().metrics()));
        sorted.forEach((k, v) -> p.setProperty("metric." + k, Double.toString(v)));
        return p;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a stray .writing- directory is ignored by readers
        }
    }
}
