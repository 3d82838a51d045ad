package io.multisystem.parallel.task;

import io.multisystem.core.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a recorded run decided that was not fixed by its program: the engine's random seed, which sequence number each
 * submission got, the order in which task attempts started, and which attempts failed (with the exception) and
 * whether the engine retried them. A {@link TaskEngine} built with {@link TaskEngine.Builder#replay(ReplayLog)} runs
 * the same program again under these decisions, so it reproduces the same labels, the same retries and the same
 * failure path.
 *
 * <p>File format (UTF-8 text, one record per line, fields separated by one space; this is what {@link #format()}
 * writes and {@link #parse} reads):
 * <pre>
 * parallel-framework-replay 1
 * seed SEED                                   the engine's seed for TaskRandom
 * attr KEY VALUE64                            free attributes (job type, parameters, outcome), value in base64url
 * submit PARENT INDEX SEQUENCE TASK_ID        the INDEX-th submit made by task PARENT (0 = outside any task) got SEQUENCE
 * start SEQUENCE ATTEMPT                      an attempt started (attempts count from 1)
 * end SEQUENCE ATTEMPT                        its outcome was published (dependents saw it)
 * wire SEQUENCE                               a submitted task was connected to its inputs; start, end and wire
 *                                             records are in the order the run did them
 * fail SEQUENCE ATTEMPT retry|final CLASS MESSAGE64 SERIALISED64   an attempt that threw; "-" for an empty field
 * </pre>
 * Immutable and thread-safe.
 */
public final class ReplayLog {
    /** The first line of every log. */
    public static final String HEADER = "parallel-framework-replay 1";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:/-]{1,200}");

    /** The INDEX-th submission made by the body of task {@code parent} (0: from outside any task). */
    public record Submit(long parent, int index, long sequence, String taskId) {
    }

    /** What happened to a task at one point of the recorded order. */
    public enum Kind {
        /** An attempt started. */
        START,
        /** An attempt's outcome was published. */
        END,
        /** The submitted task was connected to its inputs (attempt is 0). */
        WIRE
    }

    /** One step of the recorded order. */
    public record Event(Kind kind, long sequence, int attempt) {
    }

    /**
     * An attempt that threw.
     *
     * @param retried whether the engine retried the task after it (else the failure was final)
     * @param serialised the Java serialisation of the exception, or null when it did not serialise
     */
    public record Failure(long sequence, int attempt, boolean retried, String exceptionClass, String message,
                          byte[] serialised) {
        /** The recorded exception again: deserialised, or a stand-in with its class name and message. */
        public Throwable rebuild() {
            if (serialised != null) {
                try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialised))) {
                    return (Throwable) in.readObject();
                } catch (IOException | ClassNotFoundException | ClassCastException e) {
                    // fall through to the stand-in
                }
            }
            return new ReplayedFailure(exceptionClass, message);
        }

        /** True if {@code failure} is of the recorded class with the recorded message. */
        boolean matches(Throwable failure) {
            if (failure instanceof ReplayedFailure) {
                return true;
            }
            return failure.getClass().getName().equals(exceptionClass)
                    && Objects.equals(String.valueOf(failure.getMessage()), message);
        }

        /** "java.io.IOException: disk full". */
        String describe() {
            return exceptionClass + ": " + message;
        }
    }

    /** Stands in for a recorded exception that could not be deserialised. */
    public static final class ReplayedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReplayedFailure(String exceptionClass, String message) {
            super(exceptionClass + ": " + message);
        }
    }

    private final long seed;
    private final Map<String, String> attributes;
    private final List<Submit> submits;
    private final List<Event> events;
    private final List<Failure> failures;

    ReplayLog(long seed, Map<String, String> attributes, List<Submit> submits, List<Event> events,
              List<Failure> failures) {
        this.seed = seed;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.submits = List.copyOf(submits);
        this.events = List.copyOf(events);
        this.failures = List.copyOf(failures);
    }

    public long seed() {
        return seed;
    }

    /** Free attributes, in insertion order (e.g. {@code job.type}, {@code param.n}, {@code outcome.state}). */
    public Map<String, String> attributes() {
        return attributes;
    }

    public List<Submit> submits() {
        return submits;
    }

    /** Starts and ends of attempts, in the order the recorded run did them. */
    public List<Event> events() {
        return events;
    }

    public List<Failure> failures() {
        return failures;
    }

    /**
     * The same log with {@code extra} attributes added (replacing equal keys).
     *
     * @throws InvalidInputException with code {@code INVALID_REPLAY_ATTRIBUTE} for a key outside
     *     {@code [A-Za-z0-9_.:/-]{1,200}}
     */
    public ReplayLog withAttributes(Map<String, String> extra) {
        Map<String, String> merged = new LinkedHashMap<>(attributes);
        extra.forEach((k, v) -> {
            if (k == null || !KEY.matcher(k).matches()) {
                throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_REPLAY_ATTRIBUTE",
                        "replay log attribute keys must be 1-200 characters of letters, digits and _.:/- , was '"
                                + k + "'");
            }
            merged.put(k, Objects.requireNonNull(v, "value of " + k));
        });
        return new ReplayLog(seed, merged, submits, events, failures);
    }

    /** The log as text in the format of the class comment. */
    public String format() {
        StringBuilder out = new StringBuilder(64 + 32 * (submits.size() + events.size()));
        out.append(HEADER).append('\n');
        out.append("seed ").append(seed).append('\n');
        attributes.forEach((k, v) -> out.append("attr ").append(k).append(' ').append(encode(v)).append('\n'));
        for (Submit s : submits) {
            out.append("submit ").append(s.parent).append(' ').append(s.index).append(' ').append(s.sequence)
                    .append(' ').append(s.taskId).append('\n');
        }
        for (Event e : events) {
            switch (e.kind) {
                case START -> out.append("start ").append(e.sequence).append(' ').append(e.attempt);
                case END -> out.append("end ").append(e.sequence).append(' ').append(e.attempt);
                case WIRE -> out.append("wire ").append(e.sequence);
            }
            out.append('\n');
        }
        for (Failure f : failures) {
            out.append("fail ").append(f.sequence).append(' ').append(f.attempt).append(' ')
                    .append(f.retried ? "retry" : "final").append(' ').append(f.exceptionClass).append(' ')
                    .append(encode(f.message)).append(' ')
                    .append(f.serialised == null ? "-" : Base64.getUrlEncoder().withoutPadding()
                            .encodeToString(f.serialised)).append('\n');
        }
        return out.toString();
    }

    /** Writes {@link #format()} to {@code file}, replacing it. */
    public void write(Path file) throws IOException {
        Files.writeString(file, format(), StandardCharsets.UTF_8);
    }

    /**
     * Reads a log written by {@link #write}.
     *
     * @throws InvalidInputException with code {@code FILE_NOT_READABLE} if the file cannot be read, or as
     *     {@link #parse}
     */
    public static ReplayLog read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "FILE_NOT_READABLE",
                    "cannot read replay log " + file + ": " + e.getMessage());
        }
        return parse(text);
    }

    /**
     * Parses the text format.
     *
     * @throws InvalidInputException with code {@code INVALID_REPLAY_LOG} naming the line and what is wrong with it
     */
    public static ReplayLog parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length == 0 || !lines[0].strip().equals(HEADER)) {
            throw invalid(1, "a replay log starts with '" + HEADER + "' (record one with run --record)");
        }
        Long seed = null;
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Submit> submits = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            int number = i + 1;
            try {
                switch (f[0]) {
                    case "seed" -> {
                        expectFields(f, 2, number);
                        seed = Long.parseLong(f[1]);
                    }
                    case "attr" -> {
                        expectFields(f, 3, number);
                        attributes.put(f[1], decode(f[2]));
                    }
                    case "submit" -> {
                        expectFields(f, 5, number);
                        submits.add(new Submit(Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]),
                                f[4]));
                    }
                    case "start", "end" -> {
                        expectFields(f, 3, number);
                        events.add(new Event(f[0].equals("start") ? Kind.START : Kind.END, Long.parseLong(f[1]),
                                Integer.parseInt(f[2])));
                    }
                    case "wire" -> {
                        expectFields(f, 2, number);
                        events.add(new Event(Kind.WIRE, Long.parseLong(f[1]), 0));
                    }
                    case "fail" -> {
                        expectFields(f, 7, number);
                        if (!f[3].equals("retry") && !f[3].equals("final")) {
                            throw invalid(number, "the decision must be 'retry' or 'final', was '" + f[3] + "'");
                        }
                        failures.add(new Failure(Long.parseLong(f[1]), Integer.parseInt(f[2]), f[3].equals("retry"),
                                f[4], decode(f[5]), f[6].equals("-") ? null : Base64.getUrlDecoder().decode(f[6])));
                    }
                    default -> throw invalid(number, "unknown record '" + f[0]
                            + "' (expected seed, attr, submit, start, end, wire or fail)");
                }
            } catch (IllegalArgumentException e) {
                throw invalid(number, "malformed field (" + e.getMessage() + ")");
            }
        }
        if (seed == null) {
            throw invalid(lines.length, "the log has no 'seed' line");
        }
        return new ReplayLog(seed, attributes, submits, events, failures);
    }

    private static void expectFields(String[] fields, int count, int line) {
        if (fields.length != count) {
            throw invalid(line, "'" + fields[0] + "' takes " + (count - 1) + " fields, found " + (fields.length - 1));
        }
    }

    private static String encode(String value) {
        return value == null || value.isEmpty() ? "-"
                : Base64.getUrlEncoder().withoutPadding().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String field) {
        return field.equals("-") ? "" : new String(Base64.getUrlDecoder().decode(field), StandardCharsets.UTF_8);
    }

    static byte[] serialiseOrNull(Throwable failure) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(failure);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return buffer.toByteArray();
    }

    private static InvalidInputException invalid(int line, String what) {
        return new InvalidInputException(TaskEngine.COMPONENT, "INVALID_REPLAY_LOG",
                "replay log line " + line + ": " + what);
    }

    @Override
    public String toString() {
        return "ReplayLog[seed=" + seed + ", " + submits.size() + " submits, " + events.size() + " events, "
                + failures.size() + " failures]";
    }
}
