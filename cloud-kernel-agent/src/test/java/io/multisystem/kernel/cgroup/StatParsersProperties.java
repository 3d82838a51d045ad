package io.multisystem.kernel.cgroup;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the allocation-free cgroup statistics parsers: exact number round trips, and agreement with a
 * straightforward string-splitting reference parser (the one the agent used before) on generated kernel-format files
 * and on arbitrary text over the files' alphabet, including embedded at an offset inside a larger buffer.
 */
class StatParsersProperties {
    private static final List<String> KEYS = List.of("usage_usec", "user_usec", "nr_periods", "inactive_file", "anon",
            "oom_kill", "total_rss", "rss");
    private static final byte[][] KEY_BYTES = KEYS.stream().map(StatParsers::bytes).toArray(byte[][]::new);

    @Property(tries = 500, seed = "61")
    void everyLongExceptTheSentinelRoundTrips(@ForAll @LongRange(min = Long.MIN_VALUE + 1) long value) {
        byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        assertThat(StatParsers.number(text, 0, text.length)).isEqualTo(value);
        byte[] line = ("  " + value + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(StatParsers.singleValue(line, 0, line.length)).isEqualTo(value);
    }

    @Property(tries = 300, seed = "62")
    void numbersAgreeWithLongParseLongOnDigitStrings(@ForAll("digitStrings") String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        long expected;
        try {
            expected = s.startsWith("+") ? StatParsers.MISSING : Long.parseLong(s);
        } catch (NumberFormatException e) {
            expected = StatParsers.MISSING;
        }
        assertThat(StatParsers.number(b, 0, b.length)).isEqualTo(expected);
    }

    @Property(tries = 300, seed = "63")
    void flatKeyedFilesParseLikeTheReference(@ForAll("flatKeyed") String text, @ForAll("padding") String before,
                                            @ForAll("padding") String after) {
        assertThat(keyValues(text, before, after)).isEqualTo(referenceKeyValues(text));
    }

    @Property(tries = 500, seed = "64")
    void arbitraryTextOverTheAlphabetNeverThrowsAndAgreesWithTheReference(@ForAll("noise") String text) {
        assertThat(keyValues(text, "", "")).isEqualTo(referenceKeyValues(text));
        long[] io = new long[4];
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        StatParsers.ioStat(b, 0, b.length, io);
        assertThat(io).containsExactly(referenceIoStat(text));
        long[] rw = new long[2];
        StatParsers.blkioReadWrite(b, 0, b.length, rw);
        assertThat(rw).containsExactly(referenceBlkio(text));
        StatParsers.singleValue(b, 0, b.length);
    }

    @Property(tries = 300, seed = "65")
    void ioStatSumsEveryDeviceLine(@ForAll("ioStat") String text) {
        long[] io = new long[4];
        byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
        StatParsers.ioStat(b, 2, b.length - 4, io);
        assertThat(io).containsExactly(referenceIoStat(text));
    }

    @Property(tries = 300, seed = "66")
    void blkioSumsReadAndWriteRows(@ForAll("blkio") String text) {
        long[] rw = new long[2];
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        StatParsers.blkioReadWrite(b, 0, b.length, rw);
        assertThat(rw).containsExactly(referenceBlkio(text));
    }

    // ---- generators ----

    @Provide
    Arbitrary<String> digitStrings() {
        return Arbitraries.strings().withChars("0123456789-+").ofMinLength(0).ofMaxLength(24);
    }

    @Provide
    Arbitrary<String> padding() {
        return Arbitraries.strings().withChars("ab \n").ofMaxLength(5);
    }

    @Provide
    Arbitrary<String> flatKeyed() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().withChars("abcdefghijklmnop_").ofMinLength(1).ofMaxLength(12));
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.longs().between(0, Long.MAX_VALUE).map(String::valueOf),
                Arbitraries.longs().between(-1000, 1000).map(String::valueOf), Arbitraries.of("max", "12x", "", "99999999999999999999"));
        Arbitrary<String> gap = Arbitraries.of(" ", "  ", "\t", " \t ");
        Arbitrary<String> line = Combinators.combine(key, gap, value, Arbitraries.of("", " ", "\r")).as((k, g, v, end) -> k + g + v + end);
        return line.list().ofMaxSize(30).map(lines -> String.join("\n", lines))
                .flatMap(body -> Arbitraries.of("", "\n", "\n\n").map(tail -> body + tail));
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.strings().withChars("aeiorsu_=:RWadtl 0123456789-\t\n").ofMaxLength(200)
                .flatMap(s -> Arbitraries.of(s, s.replace("a", "rbytes=").replace("e", "wios=").replace("i", "Read ")
                        .replace("o", "Write ").replace("u", "oom_kill ")));
    }

    @Provide
    Arbitrary<String> ioStat() {
        Arbitrary<String> field = Combinators.combine(Arbitraries.of("rbytes", "wbytes", "rios", "wios", "dbytes", "dios"),
                Arbitraries.longs().between(0, 1L << 40)).as((k, v) -> k + "=" + v);
        Arbitrary<String> line = Combinators.combine(Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 64),
                field.list().ofMaxSize(6)).as((maj, min, fields) -> maj + ":" + min + (fields.isEmpty() ? "" : " " + String.join(" ", fields)));
        return line.list().ofMaxSize(8).map(lines -> String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    }

    @Provide
    Arbitrary<String> blkio() {
        Arbitrary<String> row = Combinators.combine(Arbitraries.integers().between(0, 300), Arbitraries.integers().between(0, 64),
                Arbitraries.of("Read", "Write", "Sync", "Async", "Discard", "Total"), Arbitraries.longs().between(0, 1L << 40))
                .as((maj, min, op, v) -> maj + ":" + min + " " + op + " " + v);
        return row.list().ofMaxSize(12).flatMap(rows -> Arbitraries.longs().between(0, 1L << 40)
                .map(total -> String.join("\n", rows) + (rows.isEmpty() ? "" : "\n") + "Total " + total + "\n"));
    }

    // ---- the reference: string splitting, as the agent parsed before ----

    private static Map<String, Long> keyValues(String text, String before, String after) {
        byte[] b = (before + text + after).getBytes(StandardCharsets.US_ASCII);
        long[] out = new long[KEYS.size()];
        java.util.Arrays.fill(out, StatParsers.MISSING);
        // the text lies at an offset inside a larger buffer; the bytes around it must be ignored
        StatParsers.keyValues(b, before.length(), text.length(), KEY_BYTES, out);
        Map<String, Long> m = new HashMap<>();
        for (int i = 0; i < out.length; i++) {
            if (out[i] != StatParsers.MISSING) {
                m.put(KEYS.get(i), out[i]);
            }
        }
        return m;
    }

    private static Map<String, Long> referenceKeyValues(String text) {
        Map<String, Long> m = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 2 && KEYS.contains(parts[0])) {
                try {
                    m.put(parts[0], parseLong(parts[1]));
                } catch (NumberFormatException ignored) {
                    // non-numeric: skipped
                }
            }
        }
        return m;
    }

    private static long[] referenceIoStat(String text) {
        long[] io = new long[4];
        List<String> keys = List.of("rbytes", "wbytes", "rios", "wios");
        for (String line : text.split("\n")) {
            for (String field : line.trim().split("\\s+")) {
                String[] kv = field.split("=", 2);
                if (kv.length == 2 && keys.contains(kv[0])) {
                    try {
                        io[keys.indexOf(kv[0])] += parseLong(kv[1]);
                    } catch (NumberFormatException ignored) {
                        // skipped
                    }
                }
            }
        }
        return io;
    }

    private static long[] referenceBlkio(String text) {
        long[] rw = new long[2];
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3 && (parts[1].equals("Read") || parts[1].equals("Write"))) {
                try {
                    rw[parts[1].equals("Read") ? 0 : 1] += parseLong(parts[2]);
                } catch (NumberFormatException ignored) {
                    // skipped
                }
            }
        }
        return rw;
    }

    /** Long.parseLong without its '+' sign (the kernel never writes one) and without the MIN_VALUE sentinel. */
    private static long parseLong(String s) {
        if (s.startsWith("+")) {
            throw new NumberFormatException(s);
        }
        long v = Long.parseLong(s);
        if (v == Long.MIN_VALUE) {
            throw new NumberFormatException(s);
        }
        return v;
    }
}
